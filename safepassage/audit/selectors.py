"""Reads of the audit log for its page: events with readable roles, actions and actors.

Auditors read the log by design (it holds no sensitive value). A decoy session, like every
decoy, sees no record: its log is empty and its chain check counts nothing.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.db.models import Model

from safepassage.accounts.models import Role, User
from safepassage.audit.chain import Verdict
from safepassage.audit.labels import action_label
from safepassage.audit.models import AuditEvent
from safepassage.audit.services import audit_verify

PAGE = 100
_CURSOR = re.compile(r"[0-9]{1,18}")


@dataclass(frozen=True)
class EventRow:
    """One event as the page shows it."""

    seq: int
    created_at: datetime.datetime
    actor: str  # codename, or an id fragment when the account is gone, or "" for the system
    actor_role: str  # translated role label (the code if unknown)
    action: str  # readable phrase (the code if unknown)
    action_code: str
    object_type: str
    object_id: str


@dataclass(frozen=True)
class EventPage:
    rows: list[EventRow]
    has_next: bool
    next_before: int


def _role_label(code: str) -> str:
    return str(Role(code).label) if code in Role.values else code


def event_page_for_user(*, user: User, before: str = "") -> EventPage:
    """The newest events (older than sequence ``before`` when given), PAGE at a time."""
    if user.is_decoy:
        return EventPage(rows=[], has_next=False, next_before=0)
    events = AuditEvent.objects.order_by("-seq")
    # The page writes the cursor in ASCII digits; anything else (other scripts' digits, a
    # number no event can reach) is no cursor, and the newest events show.
    if _CURSOR.fullmatch(before):
        events = events.filter(seq__lt=int(before))
    page = list(events[: PAGE + 1])
    has_next = len(page) > PAGE
    page = page[:PAGE]
    actor_ids = {e.actor_id for e in page if e.actor_id}
    codenames = {
        str(pk): name
        for pk, name in User.objects.filter(pk__in=actor_ids).values_list("pk", "username")
    }
    rows = [
        EventRow(
            seq=e.seq,
            created_at=e.created_at,
            actor=codenames.get(e.actor_id, e.actor_id[:8]),
            actor_role=_role_label(e.actor_role),
            action=action_label(e.action),
            action_code=e.action,
            object_type=e.object_type,
            object_id=e.object_id,
        )
        for e in page
    ]
    return EventPage(rows=rows, has_next=has_next, next_before=page[-1].seq if page else 0)


def chain_verdict_for_user(*, user: User) -> Verdict:
    """Whether the whole chain holds (a decoy checks an empty one)."""
    if user.is_decoy:
        return Verdict(ok=True, checked=0, last_hash="")
    return audit_verify()


def recorded(action: str, obj: Model) -> bool:
    """Whether the log holds an ``action`` event about ``obj``."""
    return AuditEvent.objects.filter(
        action=action, object_type=obj._meta.label, object_id=str(obj.pk)
    ).exists()
