"""Append events to the audit log and verify it. The only code that writes AuditEvent."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from django.db import connections, router, transaction
from django.db.models import Model
from django.utils import timezone

from safepassage.audit import chain
from safepassage.audit.context import get_request_id
from safepassage.audit.models import AuditEvent, AuditHead

if TYPE_CHECKING:
    from safepassage.accounts.models import User


def _now_ms() -> datetime.datetime:
    # Millisecond precision survives every serialiser (backups), so hashes stay valid.
    now = timezone.now()
    return now.replace(microsecond=(now.microsecond // 1000) * 1000)


def audit_record(
    *,
    actor: User | None,
    action: str,
    obj: Model | None = None,
    object_type: str = "",
    object_id: str = "",
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event, returned as stored.

    ``detail`` must hold no sensitive value (field names, counts, ids).
    """
    if obj is not None:
        object_type = obj._meta.label
        object_id = str(obj.pk)
    return _append(lambda head: [_next_event(head, actor, action, object_type, object_id, detail)])[
        0
    ]


@dataclass(frozen=True)
class Entry:
    """One event to record with ``audit_records``: what was done to which record."""

    action: str
    obj: Model
    detail: dict[str, Any] | None = None


def audit_records(*, actor: User | None, entries: Sequence[Entry]) -> list[AuditEvent]:
    """``audit_record`` for each entry, in order, under one lock: the same events, returned
    as stored. A service that writes several records in one transaction appends once."""
    if not entries:
        return []
    return _append(
        lambda head: [
            _next_event(head, actor, e.action, e.obj._meta.label, str(e.obj.pk), e.detail)
            for e in entries
        ]
    )


def _next_event(
    head: AuditHead,
    actor: User | None,
    action: str,
    object_type: str,
    object_id: str,
    detail: dict[str, Any] | None,
) -> AuditEvent:
    """The event that follows ``head`` (locked by the caller), unsaved; ``head`` moves on."""
    detail_text = json.dumps(detail, sort_keys=True, ensure_ascii=False) if detail else ""
    actor_id = str(actor.pk) if actor is not None and actor.pk is not None else ""
    actor_role = getattr(actor, "role", "") if actor is not None else ""
    fields: dict[str, Any] = {
        "seq": head.last_seq + 1,
        "created_at": _now_ms(),
        "actor_id": actor_id,
        "actor_role": actor_role,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "request_id": get_request_id(),
        "detail": detail_text,
        "prev_hash": head.last_hash,
    }
    digest = chain.event_hash(**fields)
    event = AuditEvent(**fields, hash=digest)
    head.last_seq = fields["seq"]
    head.last_hash = digest
    return event


def _view_event(objects: Sequence[Model]) -> tuple[str, str, str, dict[str, Any] | None]:
    """(action, object type, object id, detail) of the event recording one list shown."""
    if len(objects) == 1:
        return "view", objects[0]._meta.label, str(objects[0].pk), None
    return "view.list", objects[0]._meta.label, "", {"ids": [str(o.pk) for o in objects]}


def audit_view(*, actor: User, objects: Sequence[Model]) -> None:
    """Record that ``actor`` was shown these sensitive records (one event per screen)."""
    audit_views(actor=actor, groups=[objects])


def audit_views(*, actor: User, groups: Sequence[Sequence[Model]]) -> None:
    """``audit_view`` for each group a screen shows (empty ones skipped), under one lock.

    The events are the same as one ``audit_view`` call per group would append; taking the
    head once keeps a page that shows a record and its reports to one short write.
    """
    shown = [group for group in groups if group]
    if shown:
        _append(lambda head: [_next_event(head, actor, *_view_event(group)) for group in shown])


def _append(events_after: Callable[[AuditHead], list[AuditEvent]]) -> list[AuditEvent]:
    """Lock the head, append the events that follow it and move it on: three statements.

    Every page that shows a sensitive record writes here, so the SQL is written once per
    database instead of being compiled by the ORM on each call, and the head stays locked
    only for the statements themselves. Inside a caller's transaction no savepoint is made:
    if the append fails, so does the caller's whole transaction, as it should.
    """
    connection = connections[router.db_for_write(AuditEvent)]
    sql = _append_sql(connection.alias)
    with transaction.atomic(using=connection.alias, savepoint=False), connection.cursor() as cursor:
        cursor.execute(sql.lock_head)
        row = cursor.fetchone()
        if row is None:  # a new instance: the head row does not exist yet
            AuditHead.objects.using(connection.alias).get_or_create(singleton=1)
            cursor.execute(sql.lock_head)
            row = cursor.fetchone()
        head = AuditHead(singleton=1, last_seq=row[0], last_hash=row[1])
        events = events_after(head)
        values = [
            connection.ops.adapt_datetimefield_value(event.created_at)
            if column == "created_at"
            else getattr(event, column)
            for event in events
            for column in chain.COLUMNS
        ]
        rows = ", ".join([sql.insert_row] * len(events))
        if connection.features.can_return_columns_from_insert:
            cursor.execute(f"{sql.insert_events} {rows} {sql.returning}", values)
        else:  # SQLite before 3.35
            cursor.execute(f"{sql.insert_events} {rows}", values)
            cursor.execute(sql.select_ids, [events[0].seq])
        ids = {seq: pk for pk, seq in cursor.fetchall()}
        cursor.execute(sql.move_head, [head.last_seq, head.last_hash])
    for event in events:  # as the ORM leaves a saved row: its key, not "adding" any more
        event.pk = ids[event.seq]
        event._state.adding = False
        event._state.db = connection.alias
    return events


@dataclass(frozen=True)
class _AppendSQL:
    lock_head: str
    insert_events: str  # then insert_row once per event, joined by commas
    insert_row: str
    returning: str
    select_ids: str
    move_head: str


@cache
def _append_sql(alias: str) -> _AppendSQL:
    connection = connections[alias]
    quote = connection.ops.quote_name
    head = quote(AuditHead._meta.db_table)
    event = quote(AuditEvent._meta.db_table)
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    # Table and column names come from the models and are quoted; values are parameters.
    return _AppendSQL(
        lock_head=f"SELECT last_seq, last_hash FROM {head} WHERE singleton = 1{lock}",  # noqa: S608  # nosec B608
        insert_events=(
            f"INSERT INTO {event} "  # nosec B608
            f"({', '.join(quote(c) for c in chain.COLUMNS)}) VALUES"
        ),
        insert_row=f"({', '.join(['%s'] * len(chain.COLUMNS))})",
        returning=f"RETURNING {quote('id')}, {quote('seq')}",
        select_ids=f"SELECT {quote('id')}, {quote('seq')} FROM {event} WHERE {quote('seq')} >= %s",  # noqa: S608  # nosec B608
        move_head=f"UPDATE {head} SET last_seq = %s, last_hash = %s WHERE singleton = 1",  # noqa: S608  # nosec B608
    )


# PostgreSQL formats the hashed time stamp itself (as chain.stamp does): parsing a million
# timestamps in Python costs more than the hashing. FMYYYY: no zero-padding, like strftime.
_PG_STAMP = """to_char(created_at AT TIME ZONE 'UTC', 'FMYYYY-MM-DD"T"HH24:MI:SS.US')"""


def _postgresql_rows(chunk_size: int) -> Generator[chain.Row, None, None]:
    connection = connections[router.db_for_read(AuditEvent)]
    quote = connection.ops.quote_name
    columns = ", ".join(_PG_STAMP if c == "created_at" else quote(c) for c in chain.COLUMNS)
    table = quote(AuditEvent._meta.db_table)
    # A server-side cursor inside a transaction streams the rows in chunks.
    with transaction.atomic(using=connection.alias), connection.chunked_cursor() as cursor:
        # Table and column names come from the model and are quoted; no user input.
        cursor.execute(f"SELECT {columns} FROM {table} ORDER BY seq")  # noqa: S608  # nosec B608
        while chunk := cursor.fetchmany(chunk_size):
            yield from chunk


def audit_event_hash(*, seq: int) -> str | None:
    """The stored hash of event ``seq`` (None when the log holds no such event)."""
    return AuditEvent.objects.filter(seq=seq).values_list("hash", flat=True).first()


def audit_verify(*, chunk_size: int = 20000) -> chain.Verdict:
    """Check the whole chain, streaming it from the database in sequence order."""
    head = AuditHead.objects.filter(singleton=1).first()
    head_seq = head.last_seq if head else 0
    head_hash = head.last_hash if head else chain.GENESIS
    if connections[router.db_for_read(AuditEvent)].vendor == "postgresql":
        pg_rows = _postgresql_rows(chunk_size)
        try:
            return chain.verify(pg_rows, head_seq=head_seq, head_hash=head_hash)
        finally:
            pg_rows.close()
    rows = (
        AuditEvent.objects.order_by("seq")
        .values_list(*chain.COLUMNS)
        .iterator(chunk_size=chunk_size)
    )
    return chain.verify(rows, head_seq=head_seq, head_hash=head_hash)
