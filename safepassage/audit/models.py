"""The append-only, hash-chained audit log.

Each event stores the hash of the one before it, so altering, removing or reordering any
event breaks the chain from that point on (``safepassage audit verify`` finds where). Events
hold who, what kind of record and which id: never a sensitive value.
"""

from __future__ import annotations

from typing import Any

from django.db import models


class AuditEvent(models.Model):
    # The integer key is internal ordering only; it never appears in a URL.
    seq = models.PositiveBigIntegerField(unique=True)
    created_at = models.DateTimeField()
    actor_id = models.CharField(max_length=36, blank=True, default="")
    actor_role = models.CharField(max_length=32, blank=True, default="")
    action = models.CharField(max_length=64)
    object_type = models.CharField(max_length=100, blank=True, default="")
    object_id = models.CharField(max_length=64, blank=True, default="")
    request_id = models.CharField(max_length=64, blank=True, default="")
    detail = models.TextField(blank=True, default="")
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["seq"]
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            models.Index(fields=["actor_id", "action"]),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A guard, not a rule: the log is append-only (the database refuses too).
        if self.pk is not None:
            raise PermissionError("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("Audit events cannot be deleted.")


class AuditHead(models.Model):
    """One row: the newest event's sequence number and hash; appends lock it to queue."""

    singleton = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"head #{self.last_seq}"
