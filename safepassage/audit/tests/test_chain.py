"""The audit chain detects edits, deletions and reordering; nobody edits events via the app."""

from __future__ import annotations

import importlib
import io
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from safepassage.audit.models import AuditEvent
from safepassage.audit.services import audit_record, audit_verify

pytestmark = pytest.mark.django_db


def _events(n: int) -> list[AuditEvent]:
    return [
        audit_record(actor=None, action="view", object_type="tracing.Person", object_id=f"id-{i}")
        for i in range(n)
    ]


def _sql(statement: str, params: list[Any]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_intact_chain_verifies() -> None:
    events = _events(5)
    verdict = audit_verify()
    assert verdict.ok and verdict.checked == 5 and verdict.last_hash == events[-1].hash
    assert events[1].prev_hash == events[0].hash


def test_empty_log_verifies() -> None:
    assert audit_verify().ok


def test_altered_event_is_named() -> None:
    _events(6)
    _sql("UPDATE audit_auditevent SET object_id = %s WHERE seq = %s", ["someone-else", 3])
    verdict = audit_verify()
    assert not verdict.ok and verdict.broken_seq == 3 and "altered" in verdict.reason


def test_altered_actor_is_detected() -> None:
    _events(3)
    _sql("UPDATE audit_auditevent SET actor_role = %s WHERE seq = %s", ["auditor", 2])
    assert audit_verify().broken_seq == 2


def test_removed_event_is_named() -> None:
    _events(6)
    _sql("DELETE FROM audit_auditevent WHERE seq = %s", [4])
    verdict = audit_verify()
    assert not verdict.ok and verdict.broken_seq == 5 and "missing" in verdict.reason


def test_removed_last_event_is_detected() -> None:
    _events(4)
    _sql("DELETE FROM audit_auditevent WHERE seq = %s", [4])
    verdict = audit_verify()
    assert not verdict.ok and "end" in verdict.reason


def test_reordered_events_are_detected() -> None:
    _events(5)
    # Swap the sequence numbers of events 2 and 3 (through a free value, for the unique index).
    _sql("UPDATE audit_auditevent SET seq = %s WHERE seq = %s", [999, 2])
    _sql("UPDATE audit_auditevent SET seq = %s WHERE seq = %s", [2, 3])
    _sql("UPDATE audit_auditevent SET seq = %s WHERE seq = %s", [3, 999])
    verdict = audit_verify()
    assert not verdict.ok and verdict.broken_seq == 2


def test_rehashed_forgery_breaks_the_link_to_the_next_event() -> None:
    from safepassage.audit import chain

    events = _events(4)
    forged = events[1]
    new_hash = chain.event_hash(
        seq=forged.seq,
        created_at=forged.created_at,
        actor_id="",
        actor_role="",
        action="view",
        object_type="tracing.Person",
        object_id="forged",
        request_id=forged.request_id,
        detail="",
        prev_hash=forged.prev_hash,
    )
    _sql(
        "UPDATE audit_auditevent SET object_id = %s, hash = %s WHERE seq = %s",
        ["forged", new_hash, 2],
    )
    verdict = audit_verify()
    assert not verdict.ok and verdict.broken_seq == 3


def test_app_cannot_edit_or_delete_events() -> None:
    event = _events(1)[0]
    event.action = "nothing"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()


class _Editor:
    """Just enough of a schema editor to run the migration's SQL inside the test transaction."""

    connection = connection

    def execute(self, sql: str) -> None:
        _sql(sql, [])


def test_database_refuses_update_and_delete(settings) -> None:
    migration = importlib.import_module("safepassage.audit.migrations.0002_append_only_triggers")
    _events(2)
    settings.AUDIT_DB_GUARD = True
    migration.forwards(None, _Editor())
    try:
        for statement in (
            "UPDATE audit_auditevent SET action = 'x' WHERE seq = 1",
            "DELETE FROM audit_auditevent WHERE seq = 1",
        ):
            with pytest.raises(DatabaseError), transaction.atomic():
                _sql(statement, [])
        assert AuditEvent.objects.get(seq=1).action == "view"
    finally:
        migration.backwards(None, _Editor())


def _verify_command(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("audit", "verify", *args, stdout=out, stderr=err)
    except SystemExit as exit_:
        return int(exit_.code or 0), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def test_head_written_down_finds_a_cut_tail_and_a_rewritten_chain() -> None:
    from safepassage.audit import chain

    events = _events(6)
    code, out, _ = _verify_command()
    assert code == 0 and f"#6 {events[-1].hash}" in out
    anchor = f"6:{events[-1].hash}"
    _events(2)  # the log goes on: the head written down still holds
    assert _verify_command("--anchor", anchor)[0] == 0

    # Events 5 to 8 removed and the head moved back to event 4: the chain alone holds.
    _sql("DELETE FROM audit_auditevent WHERE seq >= %s", [5])
    _sql("UPDATE audit_audithead SET last_seq = %s, last_hash = %s", [4, events[3].hash])
    assert audit_verify().ok
    code, _, err = _verify_command("--anchor", anchor)
    assert code == 1 and "#6" in err and "written down" in err

    # Events 5 and 6 forged anew, every hash recomputed: the chain holds, the hash does not.
    prev = events[3].hash
    for seq in (5, 6):
        fields: dict[str, Any] = {
            "seq": seq,
            "created_at": events[seq - 1].created_at,
            "actor_id": "",
            "actor_role": "",
            "action": "view",
            "object_type": "tracing.Person",
            "object_id": "forged",
            "request_id": "",
            "detail": "",
            "prev_hash": prev,
        }
        prev = chain.event_hash(**fields)
        AuditEvent.objects.bulk_create([AuditEvent(**fields, hash=prev)])
    _sql("UPDATE audit_audithead SET last_seq = %s, last_hash = %s", [6, prev])
    assert audit_verify().ok
    code, _, err = _verify_command("--anchor", anchor)
    assert code == 1 and "#6" in err and "written down" in err


@pytest.mark.parametrize("anchor", ["6", "x:abc", "6:nothex", "0:" + "0" * 64])
def test_a_malformed_head_written_down_is_refused(anchor: str) -> None:
    _events(2)
    with pytest.raises(CommandError, match="SEQ:HASH"):
        call_command("audit", "verify", "--anchor", anchor)
