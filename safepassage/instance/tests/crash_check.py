"""What the crash test checks inside the instance, after the last kill (see test_crash.py).

Run in a fresh process against the crashed instance's database:
``safepassage shell -c "from safepassage.instance.tests.crash_check import main; main()"``
with ``SAFEPASSAGE_CRASH_INPUT`` naming a JSON file ``{"prefix": ..., "acked": [...]}``.
Prints one JSON object: acknowledged writes missing or altered, stored load records without
their audit event or phone sighting, foreign keys pointing nowhere, and database checks.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from django.apps import apps
from django.db import DatabaseError, connection, transaction
from django.db.models import ForeignKey, Model

from safepassage.audit.models import AuditEvent
from safepassage.operations.models import CheckIn
from safepassage.tracing.models import Contact, PhoneSighting, Report


def _marker(kind: str, row: Any) -> str:
    """The load's marker a stored row carries ("" when the row is not from the load)."""
    if kind == "report":
        name = str(row.reporter_name)
        return name.removeprefix("Reporter ") if name.startswith("Reporter ") else ""
    return str(row.note if kind == "check-in" else row.notes)


def _content_errors(kind: str, row: Any, expected: dict[str, str]) -> list[str]:
    """Fields that differ from what was sent (parent and phone only when known: acknowledged)."""
    marker = expected["marker"]
    wanted: dict[str, object]
    if kind == "report":
        wanted = {"reporter_name": f"Reporter {marker}", "knowledge": f"Knowledge {marker}"}
        if "phone" in expected:
            wanted |= {"person_id": expected["parent"], "reporter_phones": [expected["phone"]]}
    elif kind == "contact":
        wanted = {"notes": marker, "location_said": f"Place {marker}"}
        if "phone" in expected:
            wanted |= {"person_id": expected["parent"], "number_used": expected["phone"]}
    else:
        wanted = {"note": marker, "position": f"Position {marker}", "code_result": "agreed"}
        if "parent" in expected:
            wanted["operation_id"] = expected["parent"]
    found = {name: getattr(row, name) for name in wanted}
    found = {k: str(v) if k.endswith("_id") else v for k, v in found.items()}
    return [f"{kind} {row.pk}: {k}" for k, v in wanted.items() if found[k] != v]


def _foreign_key_orphans() -> list[str]:
    """Rows whose foreign key names a row that does not exist (any backend)."""
    quote = connection.ops.quote_name
    orphans: list[str] = []
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            meta = model._meta
            if not meta.managed or meta.proxy:
                continue
            for field in meta.concrete_fields:
                if not isinstance(field, ForeignKey):
                    continue
                if not field.db_constraint:  # type: ignore[attr-defined]  # missing in the stubs
                    continue
                remote: type[Model] = field.related_model  # type: ignore[assignment]
                column, remote_column = field.column, field.target_field.column
                # Names come from the models and are quoted; no outside input.
                cursor.execute(
                    f"SELECT COUNT(*) FROM {quote(meta.db_table)} t "  # noqa: S608  # nosec B608
                    f"LEFT JOIN {quote(remote._meta.db_table)} r "
                    f"ON t.{quote(column)} = r.{quote(remote_column)} "
                    f"WHERE t.{quote(column)} IS NOT NULL AND r.{quote(remote_column)} IS NULL"
                )
                count = cursor.fetchone()[0]
                if count:
                    orphans.append(f"{meta.db_table}.{column}: {count}")
    return orphans


def _sqlite_settings() -> dict[str, Any]:
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        journal = cursor.fetchone()[0]
        cursor.execute("PRAGMA synchronous")
        synchronous = cursor.fetchone()[0]
    return {"journal_mode": journal, "synchronous": synchronous}


def _postgresql_checks() -> dict[str, Any]:
    out: dict[str, Any] = {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('synchronous_commit'), current_user")
        out["synchronous_commit"], role = cursor.fetchone()
        cursor.execute(
            "SELECT conrelid::regclass::text || '.' || conname FROM pg_constraint "
            "WHERE NOT convalidated"
        )
        out["unvalidated_constraints"] = [r[0] for r in cursor.fetchall()]
        cursor.execute(
            "SELECT indexrelid::regclass::text FROM pg_index WHERE NOT indisvalid OR NOT indisready"
        )
        out["invalid_indexes"] = [r[0] for r in cursor.fetchall()]
        try:
            with transaction.atomic():
                cursor.execute("CREATE EXTENSION IF NOT EXISTS amcheck")
        except DatabaseError as exc:
            out["amcheck"] = None
            out["amcheck_skipped"] = (
                f"the role {role!r} may not create the amcheck extension "
                f"({exc.__class__.__name__}: only a superuser may)"
            )
            return out
        cursor.execute(
            "SELECT c.oid, c.relname FROM pg_index i "
            "JOIN pg_class c ON c.oid = i.indexrelid "
            "JOIN pg_am am ON am.oid = c.relam "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE am.amname = 'btree' AND n.nspname = current_schema()"
        )
        indexes = cursor.fetchall()
        failed: list[str] = []
        for oid, name in indexes:
            try:
                with transaction.atomic():
                    cursor.execute("SELECT bt_index_check(%s::regclass, true)", [oid])
            except DatabaseError as exc:
                failed.append(f"{name}: {exc}")
        out["amcheck"] = {"indexes": len(indexes), "failed": failed}
    return out


def check(prefix: str, acked: list[dict[str, str]]) -> dict[str, Any]:
    models: dict[str, type[Model]] = {"report": Report, "contact": Contact, "check-in": CheckIn}
    stored: dict[str, dict[str, Any]] = {kind: {} for kind in models}
    for kind, model in models.items():
        for row in model._default_manager.all():
            if _marker(kind, row).startswith(prefix):
                stored[kind][str(row.pk)] = row

    missing: list[str] = []
    altered: list[str] = []
    for write in acked:
        stored_row = stored[write["kind"]].get(write["id"])
        if stored_row is None:
            missing.append(f"{write['kind']} {write['id']} ({write['marker']})")
        else:
            altered += _content_errors(write["kind"], stored_row, write)
    # Writes the server never answered may be stored, but only whole.
    answered = {write["id"] for write in acked}
    for kind, rows in stored.items():
        for pk, row in rows.items():
            if pk not in answered:
                altered += _content_errors(kind, row, {"marker": _marker(kind, row)})

    audited = {
        (object_type, object_id)
        for object_type, object_id in AuditEvent.objects.filter(action="create").values_list(
            "object_type", "object_id"
        )
    }
    sighted = {str(pk) for pk in PhoneSighting.objects.values_list("source_id", flat=True)}
    without_audit: list[str] = []
    without_sighting: list[str] = []
    for kind, model in models.items():
        for pk in stored[kind]:
            if (model._meta.label, pk) not in audited:
                without_audit.append(f"{kind} {pk}")
            if kind != "check-in" and pk not in sighted:
                without_sighting.append(f"{kind} {pk}")

    result: dict[str, Any] = {
        "stored": {kind: len(rows) for kind, rows in stored.items()},
        "missing": missing,
        "altered": altered,
        "without_audit": without_audit,
        "without_sighting": without_sighting,
        "foreign_key_orphans": _foreign_key_orphans(),
        "vendor": connection.vendor,
    }
    if connection.vendor == "sqlite":
        result["sqlite"] = _sqlite_settings()
    elif connection.vendor == "postgresql":
        result["postgresql"] = _postgresql_checks()
    return result


def main() -> None:
    data = json.loads(Path(os.environ["SAFEPASSAGE_CRASH_INPUT"]).read_text(encoding="utf-8"))
    print(json.dumps(check(data["prefix"], data["acked"])))
