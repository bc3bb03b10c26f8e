"""Importing persons from a person CSV: all rows or none.

Every row is checked first, each cell and then the person service's own rules, so one run
lists every problem of every bad row, with its line. Only a clean file is written, in one
transaction; a dry run checks everything and then rolls back, so it writes nothing at all.
Each problem is said in the active language, framed with its line ("line 4: ..."); column
names and values are quoted as the file has them.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrOrPromise

from safepassage.accounts.models import User
from safepassage.accounts.permissions import Capability, require_capability
from safepassage.audit.services import audit_record
from safepassage.matching import (
    CellError,
    CsvError,
    PersonRecord,
    parse_birth_year,
    parse_person_csv,
    parse_sex,
    record_from_row,
)
from safepassage.tracing.keys import PersonDetails
from safepassage.tracing.models import Person
from safepassage.tracing.services.persons import REF_PURPOSE, birth_parse, person_validate
from safepassage.vault.crypto import get_vault

# What the matching engine's parsers say of a cell they cannot read (CellError.code), in the
# reader's language: the same sentences as its English messages.
CELL_PROBLEMS: dict[str, StrOrPromise] = {
    "empty_ref": gettext_lazy("empty ref"),
    "sex": gettext_lazy("unrecognised sex value %(value)s (use f or m)"),
    "birth_unreadable": gettext_lazy("cannot read a birth year or age from %(value)s"),
    "birth_range": gettext_lazy("cannot read a birth year range from %(value)s"),
    "birth_early": gettext_lazy("birth year %(year)s is implausibly early"),
    "birth_neither": gettext_lazy("%(value)s is neither a birth year nor an age"),
    "birth_date_unreadable": gettext_lazy("cannot read birth_date %(value)s (use YYYY-MM-DD)"),
    "birth_date_unreal": gettext_lazy("birth_date %(value)s is not a real date"),
}


@dataclass
class ImportResult:
    created: int = 0
    skipped: int = 0
    # PFIF notes about persons imported before (their notes are skipped with them).
    notes_skipped: int = 0
    errors: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


def ref_index(ref: str) -> str:
    return get_vault().blind_index(ref, REF_PURPOSE)


def _at(line: int | str, problem: str) -> str:
    """A problem framed with its line of the file."""
    return _("line %(line)s: %(problem)s") % {"line": line, "problem": problem}


def _not_csv(exc: csv.Error) -> str:
    return _("the file is not valid CSV (%(error)s)") % {"error": exc}


def _cell_problem(exc: ValueError) -> str:
    """What the matching engine could not read in a cell, in the active language."""
    if not isinstance(exc, CellError) or exc.code not in CELL_PROBLEMS:
        return str(exc)
    values = {name: repr(v) if isinstance(v, str) else v for name, v in exc.params.items()}
    return str(CELL_PROBLEMS[exc.code]) % values


def _check_rows(data: bytes) -> list[str]:
    """Every problem of the file, one message per bad line (the parser stops at the first)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return [_at(line, _("not valid UTF-8 text (byte %(byte)s)") % {"byte": exc.start})]
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        return [_at(1, _("the file is empty; expected a header row"))]
    except csv.Error as exc:
        return [_at(1, _not_csv(exc))]
    names = [h.strip().casefold() for h in header]
    if "ref" not in names:
        return [_at(1, _("header has no %(column)s column") % {"column": "'ref'"})]
    repeated = sorted({n for n in names if n and names.count(n) > 1})
    if repeated:
        return [
            _at(1, _("header repeats column(s) %(columns)s") % {"columns": ", ".join(repeated)})
        ]
    errors: list[str] = []
    seen: dict[str, int] = {}
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(names):
                too_many = _("%(cells)s cells but the header has %(columns)s") % {
                    "cells": len(row),
                    "columns": len(names),
                }
                errors.append(_at(line, too_many))
                continue
            record, problems = _check_row(dict(zip(names, row, strict=False)))
            if record is not None and record.ref in seen:
                problems.append(
                    _("ref %(ref)s already used on line %(line)s")
                    % {"ref": repr(record.ref), "line": seen[record.ref]}
                )
            elif record is not None:
                seen[record.ref] = line
                if Person.objects.filter(source_ref_index=ref_index(record.ref)).exists():
                    problems.append(
                        _("ref %(ref)s was imported before") % {"ref": repr(record.ref)}
                    )
            if problems:
                errors.append(_at(line, "; ".join(problems)))
    except csv.Error as exc:
        errors.append(_at(reader.line_num, _not_csv(exc)))
    return errors


def _check_row(cells: dict[str, str]) -> tuple[PersonRecord | None, list[str]]:
    """The row read as a record, and every problem in it: each cell read on its own (a bad
    cell is set aside so the others are still read), then the person service's own rules.

    The birth is read as the pages read it (``birth_parse``), which refuses what the matching
    engine's lenient parser would turn into a wrong year ("-5" as an age of 5).
    """
    problems: list[str] = []
    cells = dict(cells)
    if not (cells.get("ref") or "").strip():
        problems.append(str(CELL_PROBLEMS["empty_ref"]))
    birth = (cells.get("birth_year") or "").strip()
    if birth:
        try:
            birth_parse(birth)
        except ValidationError as exc:
            try:  # the matching engine's reason, when it has one, is the more precise
                parse_birth_year(birth)
                problems.append(
                    _("birth_year %(value)s: %(problem)s")
                    % {"value": repr(birth), "problem": " ".join(exc.messages)}
                )
            except ValueError as unreadable:
                problems.append(_cell_problem(unreadable))
            cells["birth_year"] = ""
    born_on = (cells.get("birth_date") or "").strip()
    try:
        dated = record_from_row({**cells, "ref": "-", "birth_year": "", "sex": ""})
    except ValueError as exc:
        problems.append(_cell_problem(exc))
        cells["birth_date"] = ""
    else:
        # As read (ASCII digits), whatever digits it was typed in.
        if dated.birth_date and dated.birth_date > timezone.localdate().isoformat():
            problems.append(_("birth_date %(value)s is in the future") % {"value": repr(born_on)})
            cells["birth_date"] = ""
    try:
        parse_sex(cells.get("sex"))
    except ValueError as exc:
        problems.append(_cell_problem(exc))
        cells["sex"] = ""
    ref = (cells.get("ref") or "").strip()
    record = record_from_row({**cells, "ref": ref or "-"})
    try:
        person_validate(details_of(record))
    except ValidationError as exc:
        problems.extend(exc.messages)
    return (record if ref else None), problems


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
        home_place=record.home_places[0] if record.home_places else "",
        home_place_variants=record.home_places[1:],
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
                result.errors.append(_at(lines.get(record.ref, "?"), "; ".join(exc.messages)))
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
