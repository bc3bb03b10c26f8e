"""Importing persons from a person CSV: all rows or none.

Every row is checked first and every bad row is reported with its line. Only a clean file is
written, in one transaction; a dry run checks everything (including the services' own rules)
and then rolls back, so it writes nothing at all.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from safepassage.accounts.models import User
from safepassage.accounts.permissions import Capability, require_capability
from safepassage.audit.services import audit_record
from safepassage.matching import CsvError, PersonRecord, parse_person_csv, record_from_row
from safepassage.tracing.keys import PersonDetails
from safepassage.tracing.models import Person
from safepassage.tracing.services.persons import REF_PURPOSE
from safepassage.vault.crypto import get_vault


@dataclass
class ImportResult:
    created: int = 0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


def ref_index(ref: str) -> str:
    return get_vault().blind_index(ref, REF_PURPOSE)


def _check_rows(data: bytes) -> list[str]:
    """Every problem of the file, one message per bad line (the parser stops at the first)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return [f"line {line}: not valid UTF-8 text (byte {exc.start})"]
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        return ["line 1: the file is empty; expected a header row"]
    except csv.Error as exc:
        return [f"line 1: {exc}"]
    names = [h.strip().casefold() for h in header]
    if "ref" not in names:
        return ["line 1: header has no 'ref' column"]
    errors: list[str] = []
    seen: dict[str, int] = {}
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(names):
                errors.append(f"line {line}: {len(row)} cells but the header has {len(names)}")
                continue
            try:
                record = record_from_row(dict(zip(names, row, strict=False)))
            except ValueError as exc:
                errors.append(f"line {line}: {exc}")
                continue
            if record.ref in seen:
                errors.append(
                    f"line {line}: ref {record.ref!r} already used on line {seen[record.ref]}"
                )
                continue
            seen[record.ref] = line
            if Person.objects.filter(source_ref_index=ref_index(record.ref)).exists():
                errors.append(f"line {line}: ref {record.ref!r} was imported before")
    except csv.Error as exc:
        errors.append(f"line {reader.line_num}: {exc}")
    return errors


def details_of(record: PersonRecord) -> PersonDetails:
    return PersonDetails(
        given_names=record.given_names,
        father_names=record.father_names,
        grandfather_names=record.grandfather_names,
        family_names=record.family_names,
        mother_names=record.mother_names,
        sex=record.sex or "",
        birth_year=record.birth_year,
        birth_year_uncertainty=record.birth_year_uncertainty,
        home_place=" / ".join(record.home_places),
    )


def persons_import_csv(*, actor: User | None, data: bytes, dry_run: bool = False) -> ImportResult:
    """Import a person CSV; any bad row means nothing is written and every bad row is listed."""
    from safepassage.tracing.services import person_create

    if actor is not None:
        require_capability(actor, Capability.CASES_WRITE)
    result = ImportResult(dry_run=dry_run, errors=_check_rows(data))
    if result.errors:
        return result
    try:
        records = parse_person_csv(data)
    except CsvError as exc:
        result.errors.append(str(exc))
        return result
    lines = _lines_of(data)
    with transaction.atomic():
        for record in records:
            try:
                person_create(actor=actor, details=details_of(record), source_ref=record.ref)
            except ValidationError as exc:
                result.errors.append(
                    f"line {lines.get(record.ref, '?')}: {'; '.join(exc.messages)}"
                )
            else:
                result.created += 1
        if result.errors or dry_run:
            transaction.set_rollback(True)
            if result.errors:
                result.created = 0
        else:
            audit_record(
                actor=actor,
                action="import",
                object_type="tracing.Person",
                detail={"format": "csv", "created": result.created},
            )
    return result


def _lines_of(data: bytes) -> dict[str, int]:
    reader = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    header = [h.strip().casefold() for h in next(reader, [])]
    position = header.index("ref") if "ref" in header else 0
    return {
        row[position].strip(): reader.line_num
        for row in reader
        if len(row) > position and row[position].strip()
    }
