"""What the API keeps of an ``Idempotency-Key``: two keyed digests, never the key or body."""

from __future__ import annotations

import uuid

from django.db import models


class IdempotencyKey(models.Model):
    """One account's key on one address, and the body it was first saved with.

    Both are keyed digests (the instance's index key), so a copy of the table shows neither
    whose key it was nor what was sent, and equal bodies under two keys look unrelated.
    Written in the save's own transaction: a request that saved nothing holds no key.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    key = models.CharField(max_length=32, unique=True)
    body = models.CharField(max_length=32)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return "idempotency key"
