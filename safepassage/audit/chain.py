"""Pure functions that compute and check the audit chain (no database access)."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

GENESIS = "0" * 64
_SEP = "\x1f"
_STAMP = "%Y-%m-%dT%H:%M:%S.%f"


def stamp(created_at: datetime.datetime) -> str:
    """The event time as hashed: UTC, ``YYYY-MM-DDTHH:MM:SS.ffffff``."""
    utc = created_at.astimezone(datetime.UTC)
    if utc.year >= 1000:
        # Same text as strftime(_STAMP), several times faster (verify formats every event).
        return utc.isoformat(timespec="microseconds")[:26]
    return utc.strftime(_STAMP)  # strftime does not zero-pad years before 1000


def event_hash(
    *,
    seq: int,
    created_at: datetime.datetime,
    actor_id: str,
    actor_role: str,
    action: str,
    object_type: str,
    object_id: str,
    request_id: str,
    detail: str,
    prev_hash: str,
) -> str:
    """SHA-256 over every field of an event and the previous event's hash."""
    parts = (
        str(seq),
        stamp(created_at),
        actor_id,
        actor_role,
        action,
        object_type,
        object_id,
        request_id,
        detail,
        prev_hash,
    )
    return hashlib.sha256(_SEP.join(parts).encode("utf-8")).hexdigest()


# Row layout used by verify(): the columns of AuditEvent in this order.
COLUMNS = (
    "seq",
    "created_at",
    "actor_id",
    "actor_role",
    "action",
    "object_type",
    "object_id",
    "request_id",
    "detail",
    "prev_hash",
    "hash",
)
# created_at may also come as the stamp text already (computed by the database).
Row = tuple[int, datetime.datetime | str, str, str, str, str, str, str, str, str, str]


@dataclass(frozen=True)
class Verdict:
    ok: bool
    checked: int
    last_hash: str
    broken_seq: int | None = None
    reason: str = ""


def verify(rows: Iterable[Row], *, head_seq: int, head_hash: str) -> Verdict:
    """Walk the chain in sequence order and report the first event that does not fit."""
    expected_prev = GENESIS
    expected_seq = 1
    checked = 0
    sha256 = hashlib.sha256
    to_stamp = stamp
    for row in rows:
        seq, created_at, actor_id, role, action, otype, oid, rid, detail, prev, digest = row
        if seq != expected_seq:
            if seq > expected_seq:
                reason = _("events %(first)d–%(last)d are missing (removed)") % {
                    "first": expected_seq,
                    "last": seq - 1,
                }
            else:
                reason = _("sequence numbers repeat or go backwards (reordered)")
            return Verdict(False, checked, expected_prev, seq, reason)
        if prev != expected_prev:
            return Verdict(
                False,
                checked,
                expected_prev,
                seq,
                _("does not follow the event before it (removed or reordered)"),
            )
        text = created_at if isinstance(created_at, str) else to_stamp(created_at)
        joined = _SEP.join((str(seq), text, actor_id, role, action, otype, oid, rid, detail, prev))
        if sha256(joined.encode("utf-8")).hexdigest() != digest:
            return Verdict(False, checked, expected_prev, seq, _("its content was altered"))
        expected_prev = digest
        expected_seq += 1
        checked += 1
    if checked != head_seq or expected_prev != head_hash:
        return Verdict(
            False,
            checked,
            expected_prev,
            checked + 1 if checked < head_seq else head_seq,
            _(
                "the log ends at event %(checked)d but the head records event %(head)d "
                "(events at the end were removed or the head was altered)"
            )
            % {"checked": checked, "head": head_seq},
        )
    return Verdict(True, checked, expected_prev)
