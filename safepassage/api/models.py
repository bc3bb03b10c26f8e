"""What the interfaces keep to save a request once: an API `Idempotency-Key`'s digests and a
web form's token, keyed digests both, never the key, token or body."""

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


class SavedForm(models.Model):
    """A web form's token (``safepassage.submissions``) and the address of what it saved.

    The token is kept as a keyed digest bound to the account, written in the same transaction
    as what the form saved, so the unique key lets only one of two copies sent at once save.
    Kept for a week (the worker deletes older ones).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    key = models.CharField(max_length=32, unique=True)
    address = models.CharField(max_length=300)
    saved_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return "saved form"
