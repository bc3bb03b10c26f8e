"""Operations: alerts now; operations, check-ins and their deadlines build on these."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from safepassage.vault.fields import EncryptedTextField


class AlertKind(models.TextChoices):
    DURESS_LOGIN = "duress_login", _("Duress login")
    OVERDUE = "overdue", _("Overdue check-in")
    DURESS = "duress", _("Duress check-in")
    DANGER = "danger", _("Danger")
    APPROVAL = "approval", _("Approval needed")
    OUTCOME = "outcome", _("Operation outcome")


class Alert(models.Model):
    """Something a coordinator must see now. The message is encrypted: it may name people."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=32, choices=AlertKind.choices)
    message = EncryptedTextField()
    subject_type = models.CharField(max_length=100, blank=True, default="")
    subject_id = models.CharField(max_length=64, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acknowledgement = EncryptedTextField(blank=True, default="")

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["acknowledged_at", "created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} alert"
