"""Alerts: raised by any app, shown to every coordinator at once, e-mailed without details."""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Model
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from safepassage.accounts.decoy import pretend_clean, require_decoy_writer
from safepassage.accounts.models import Role, User
from safepassage.accounts.permissions import Capability, require_capability
from safepassage.audit.selectors import recorded
from safepassage.audit.services import audit_record
from safepassage.operations.alert_messages import english
from safepassage.operations.models import Alert, AlertKind, Operation

logger = logging.getLogger(__name__)


def _alert_row(
    *, kind: str, message: str, key: str, params: dict[str, Any] | None, subject: Model | None
) -> Alert:
    """Every check of a new alert, then the unsaved row (its message in English)."""
    if kind not in AlertKind.values:
        raise ValidationError({"kind": _("Unknown alert kind %(kind)r.") % {"kind": kind}})
    params = dict(params or {})
    if key:
        message = message or english(key, params)
    if not message:
        raise ValidationError({"message": _("An alert needs a message.")})
    return Alert(
        kind=kind,
        message=message,
        message_key=key,
        message_params=params,
        subject_type=subject._meta.label if subject is not None else "",
        subject_id=str(subject.pk) if subject is not None else "",
    )


def alert_pretend(*, kind: str, key: str, params: dict[str, Any], subject: Model) -> Alert:
    """:func:`alert_raise` for what a decoy session "saved": the same checks, nothing written
    and nothing e-mailed; the unsaved alert (a random id, as a stored row's) is what the
    decoy's session keeps and shows it (:mod:`safepassage.operations.decoy`)."""
    alert = pretend_clean(
        _alert_row(kind=kind, message="", key=key, params=params, subject=subject), new_id=True
    )
    alert.created_at = timezone.now()
    return alert


def alert_raise(
    *,
    kind: str,
    message: str = "",
    key: str = "",
    params: dict[str, Any] | None = None,
    subject: Model | None = None,
    operation: Operation | None = None,
    due_at: datetime.datetime | None = None,
) -> Alert:
    """Raise an alert for every coordinator (shown on their pages at once, and e-mailed).

    Say what it is about with ``key`` (one of ``operations.alert_messages.MESSAGES``) and its
    ``params`` (codenames, counts, ISO times, status codes): each coordinator then reads it
    in their own language. A plain ``message`` is shown as it is.
    """
    alert = _alert_row(kind=kind, message=message, key=key, params=params, subject=subject)
    alert.operation, alert.due_at = operation, due_at
    with transaction.atomic():
        alert.full_clean()
        alert.save()
        audit_record(actor=None, action="alert.raise", obj=alert, detail={"kind": kind})
        alert_id = str(alert.pk)
        transaction.on_commit(lambda: _enqueue_email(alert_id))
    return alert


def _enqueue_email(alert_id: str) -> None:
    from safepassage.operations.tasks import alert_email_send

    try:
        alert_email_send.enqueue(alert_id)
    except Exception as exc:  # the alert is on the pages already; e-mail is the second path
        logger.warning("alert e-mail not queued: %s", exc.__class__.__name__)


def alert_acknowledge(*, actor: User, alert: Alert, note: str) -> Alert:
    """A coordinator records that they have seen the alert and what they did.

    Once only: the row is read again under a lock, so a page opened before another coordinator
    (or the system) closed it cannot write over who closed it and why."""
    require_capability(actor, Capability.ALERTS)
    if not note.strip():
        raise ValidationError({"note": _("Say what was done about this alert.")})
    with transaction.atomic():
        locked = Alert.objects.select_for_update().get(pk=alert.pk)
        note = _acknowledge_checked(locked, note)
        locked.acknowledged_at = timezone.now()
        locked.acknowledged_by = actor
        locked.acknowledgement = note
        locked.save(update_fields=["acknowledged_at", "acknowledged_by", "acknowledgement"])
        audit_record(actor=actor, action="alert.acknowledge", obj=locked)
    alert.acknowledged_at = locked.acknowledged_at
    alert.acknowledged_by = locked.acknowledged_by
    alert.acknowledgement = locked.acknowledgement
    return alert


def _acknowledge_checked(alert: Alert, note: str) -> str:
    """The note of an acknowledgement, checked (one is required; once only)."""
    note = note.strip()
    if not note:
        raise ValidationError({"note": _("Say what was done about this alert.")})
    if alert.acknowledged_at is not None:
        raise ValidationError(_("This alert was already acknowledged."))
    return note


def alert_acknowledge_pretend(*, actor: User, alert: Alert, note: str) -> Alert:
    """:func:`alert_acknowledge` of a decoy coordinator's pretend alert: the same checks,
    nothing written; the alert closed in memory, for its session to keep."""
    require_decoy_writer(actor, Capability.ALERTS)
    alert.acknowledgement = _acknowledge_checked(alert, note)
    alert.acknowledged_at = timezone.now()
    alert.acknowledged_by = actor
    return alert


def alerts_resolve(
    *, kind: str, subject: Model, note: str, actor: User | None = None
) -> list[Alert]:
    """Retire the open alerts of ``kind`` about ``subject`` once what they say no longer holds
    (a request no longer waiting for approvals, say), so they stop asking coordinators to act.

    They are closed as an acknowledgement is, but by the system: ``acknowledged_by`` stays
    empty and ``note`` (English, for the record) says why. Each is audited under ``actor``,
    the person whose action made it moot (None: the system).
    """
    with transaction.atomic():
        stale = list(
            Alert.objects.select_for_update().filter(
                kind=kind,
                subject_type=subject._meta.label,
                subject_id=str(subject.pk),
                acknowledged_at__isnull=True,
            )
        )
        for alert in stale:
            alert.acknowledged_at = timezone.now()
            alert.acknowledged_by = None
            alert.acknowledgement = note
            alert.save(update_fields=["acknowledged_at", "acknowledged_by", "acknowledgement"])
            audit_record(actor=actor, action="alert.resolve", obj=alert, detail={"kind": kind})
    return stale


def alert_open_exists(*, kind: str, subject: Model) -> bool:
    """Is an alert of ``kind`` about ``subject`` still waiting for a coordinator?"""
    return Alert.objects.filter(
        kind=kind,
        subject_type=subject._meta.label,
        subject_id=str(subject.pk),
        acknowledged_at__isnull=True,
    ).exists()


def site_url() -> str:
    """The address links in e-mail point to (``SITE_URL`` when set)."""
    configured = str(getattr(settings, "SITE_URL", "") or "")
    if configured:
        return configured.rstrip("/")
    host = settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS else "127.0.0.1"
    return f"https://{host}" if settings.PRODUCTION else f"http://{host}:8000"


def alert_email_send(*, alert: Alert) -> int:
    """Tell every coordinator with an e-mail address that an alert waits: the kind and a link.

    The mail says nothing else (no names, places, operations or message): mail servers and
    inboxes are outside the network's control. Sent once: run again (a task restored from a
    backup read while it ran) it sends nothing if the audit log records it sent.
    """
    if recorded("alert.email", alert):
        return 0
    recipients = sorted(
        {
            user.email
            for user in User.objects.filter(
                role=Role.COORDINATOR, is_active=True, is_locked=False, is_decoy=False
            )
            if user.email
        }
    )
    if not recipients:
        return 0
    kind = AlertKind(alert.kind).label
    link = site_url() + reverse("dashboard")
    body = f"A new alert is waiting in Safe Passage.\n\nKind: {kind}\n\nSign in to see it: {link}\n"
    sent = 0
    for address in recipients:  # one mail each, so no one sees the others' addresses
        sent += send_mail(
            "Safe Passage: a new alert is waiting",
            body,
            settings.DEFAULT_FROM_EMAIL,
            [address],
        )
    audit_record(actor=None, action="alert.email", obj=alert, detail={"recipients": sent})
    return sent
