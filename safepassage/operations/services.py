"""Operation services. Alerts are raised here, by any app, and acknowledged by coordinators."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from safepassage.accounts.models import User
from safepassage.accounts.permissions import Capability, require_capability
from safepassage.audit.services import audit_record
from safepassage.operations.models import Alert, AlertKind


def alert_raise(*, kind: str, message: str, subject: Model | None = None) -> Alert:
    """Raise an alert for every coordinator (shown on their pages at once)."""
    if kind not in AlertKind.values:
        raise ValidationError({"kind": f"Unknown alert kind {kind!r}."})
    with transaction.atomic():
        alert = Alert(
            kind=kind,
            message=message,
            subject_type=subject._meta.label if subject is not None else "",
            subject_id=str(subject.pk) if subject is not None else "",
        )
        alert.full_clean()
        alert.save()
        audit_record(actor=None, action="alert.raise", obj=alert, detail={"kind": kind})
    return alert


def alert_acknowledge(*, actor: User, alert: Alert, note: str) -> Alert:
    """A coordinator records that they have seen the alert and what they did."""
    require_capability(actor, Capability.ALERTS)
    note = note.strip()
    if not note:
        raise ValidationError({"note": "Say what was done about this alert."})
    if alert.acknowledged_at is not None:
        raise ValidationError("This alert was already acknowledged.")
    with transaction.atomic():
        alert.acknowledged_at = timezone.now()
        alert.acknowledged_by = actor
        alert.acknowledgement = note
        alert.save(update_fields=["acknowledged_at", "acknowledged_by", "acknowledgement"])
        audit_record(actor=actor, action="alert.acknowledge", obj=alert)
    return alert
