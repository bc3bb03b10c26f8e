"""PFIF 1.4 (People Finder Interchange Format): export and import of persons and notes.

The export gives other tracing services what they need to find a match: names with every
spelling, sex, birth year, home town, and one note per family report (that the family
reported her missing, and when) and per contact (that proof of life exists). It never carries
phone numbers, reporters' names, places of captivity, holders or authentication data, and so
none of the free text a family or caseworker wrote (what the family knows, how the reporter
is related to her), which may name any of them. A person whose only name is her mother's has
an empty ``full_name`` (the element PFIF requires), not a made-up one. Name parts PFIF has no field
for (father, grandfather, mother) travel in the description, one ``part: a | b`` line each,
as do the home town's other spellings (``home: a | b``), so a round trip keeps them.

Import checks the whole document against the schema (``pfif-1.4.xsd``; this module checks the
same rules without lxml) and writes nothing unless every record is valid.
"""

from __future__ import annotations

import datetime
import re
import uuid
import xml.etree.ElementTree as ET  # DTDs are refused before parsing, see parse()  # nosec B405
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from xml.parsers import expat

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from safepassage.accounts.models import User
from safepassage.accounts.permissions import Capability, require_capability
from safepassage.audit.services import audit_record, audit_view
from safepassage.tracing.importing import ImportResult, ref_index
from safepassage.tracing.keys import PersonDetails
from safepassage.tracing.models import Contact, Person, Report

NS = "http://zesty.ca/pfif/1.4"
SCHEMA_PATH = Path(__file__).with_name("pfif-1.4.xsd")
DOMAIN = "safepassage.local"

PERSON_FIELDS = (
    "person_record_id",
    "entry_date",
    "expiry_date",
    "author_name",
    "author_email",
    "author_phone",
    "source_name",
    "source_date",
    "source_url",
    "full_name",
    "given_name",
    "family_name",
    "alternate_names",
    "description",
    "sex",
    "date_of_birth",
    "age",
    "home_street",
    "home_neighborhood",
    "home_city",
    "home_state",
    "home_postal_code",
    "home_country",
    "photo_url",
    "profile_urls",
)
PERSON_REQUIRED = ("person_record_id", "source_date", "full_name")
NOTE_FIELDS = (
    "note_record_id",
    "person_record_id",
    "linked_person_record_id",
    "entry_date",
    "author_name",
    "author_email",
    "author_phone",
    "source_date",
    "author_made_contact",
    "status",
    "email_of_found_person",
    "phone_of_found_person",
    "last_known_location",
    "text",
    "photo_url",
)
NOTE_REQUIRED = ("note_record_id", "author_name", "source_date", "text")

_RECORD_ID = re.compile(r"^[^/\s]+/\S+$")
_UTC = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
_DOB = re.compile(r"^(\d{4}(-\d{2}(-\d{2})?)?)?$")
_AGE = re.compile(r"^(\d{1,3}(-\d{1,3})?)?$")
FORMATS: dict[str, tuple[re.Pattern[str] | frozenset[str], str]] = {
    "person_record_id": (_RECORD_ID, "a record id like domain/id"),
    "note_record_id": (_RECORD_ID, "a record id like domain/id"),
    "linked_person_record_id": (_RECORD_ID, "a record id like domain/id"),
    "entry_date": (_UTC, "a UTC date and time like 2024-03-01T10:00:00Z"),
    "source_date": (_UTC, "a UTC date and time like 2024-03-01T10:00:00Z"),
    "date_of_birth": (_DOB, "YYYY, YYYY-MM or YYYY-MM-DD"),
    "age": (_AGE, "an age or a range like 20-25"),
    "sex": (frozenset({"", "female", "male", "other"}), "female, male or other"),
    "author_made_contact": (frozenset({"", "true", "false"}), "true or false"),
    "status": (
        frozenset(
            {
                "",
                "information_sought",
                "is_note_author",
                "believed_alive",
                "believed_missing",
                "believed_dead",
            }
        ),
        "a PFIF note status",
    ),
}
# What a report's note says: never the family's own words (see the module's note).
REPORT_AUTHOR = "family member"
REPORT_TEXT = "Reported missing by the family."
_EXTRA_PARTS = {
    "father": "father_names",
    "grandfather": "grandfather_names",
    "mother": "mother_names",
}
# The other spellings of the home place (``home_city`` holds the first) travel as a line too.
_HOME_LINE = "home"
_EXTRA_LINE = re.compile(r"^(father|grandfather|mother|home): (.*)$")


class PfifError(Exception):
    """The document cannot be imported; the message says where and why."""


def _q(name: str) -> str:
    return f"{{{NS}}}{name}"


def _utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def _day(day: datetime.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


# --- export ------------------------------------------------------------------------------


def _person_fields(person: Person) -> dict[str, str]:
    given = list(person.given_names)
    family = list(person.family_names)
    parts = [
        (given or [""])[0],
        *(person.father_names or [""])[:1],
        *(person.grandfather_names or [""])[:1],
        (family or [""])[0],
    ]
    # Empty when she has no name but her mother's (in the description): no made-up name.
    full = " ".join(p for p in parts if p) or " / ".join(person.nicknames)
    alternates = [*given[1:], *family[1:], *person.nicknames]
    description = [
        f"{label}: {' | '.join(getattr(person, attr))}"
        for label, attr in [*_EXTRA_PARTS.items(), (_HOME_LINE, "home_place_variants")]
        if getattr(person, attr)
    ]
    fields = {
        "person_record_id": str(person.source_ref)
        if _RECORD_ID.match(person.source_ref or "")
        else f"{DOMAIN}/person.{person.pk}",
        "entry_date": _utc(person.created_at),
        "author_name": "Safe Passage",
        "source_name": "Safe Passage",
        "source_date": _utc(person.updated_at),
        "full_name": full,
        "given_name": given[0] if given else "",
        "family_name": family[0] if family else "",
        "alternate_names": "\n".join(alternates),
        "description": "\n".join(description),
        "sex": {"f": "female", "m": "male"}.get(person.sex, ""),
        **_born(person),
        "home_city": person.home_place,
    }
    return {k: v for k, v in fields.items() if v or k in PERSON_REQUIRED}


def _born(person: Person) -> dict[str, str]:
    """An exact birth year as ``date_of_birth``; an uncertain one (from "about 25") as the
    range of ages it gives at ``source_date``, which the import reads back to the same year
    and uncertainty (a ``date_of_birth`` would say the year is exact)."""
    year, uncertainty = person.birth_year, person.birth_year_uncertainty
    if not year:
        return {}
    age = person.updated_at.astimezone(datetime.UTC).year - year
    if not uncertainty or age - uncertainty < 0:
        return {"date_of_birth": str(year)}
    return {"age": f"{age - uncertainty}-{age + uncertainty}"}


def _append(parent: ET.Element, order: Iterable[str], values: dict[str, str]) -> None:
    for name in order:
        if name in values:
            ET.SubElement(parent, _q(name)).text = values[name]


def export_pfif(*, actor: User | None, persons: Iterable[Person]) -> bytes:
    """Serialise persons and their notes; the caller chose (and may see) the persons."""
    if actor is not None:
        require_capability(actor, Capability.CASES_READ)
    ET.register_namespace("pfif", NS)
    root = ET.Element(_q("pfif"))
    exported: list[Person] = []
    for person in persons:
        exported.append(person)
        fields = _person_fields(person)
        element = ET.SubElement(root, _q("person"))
        _append(element, PERSON_FIELDS, fields)
        for report in Report.objects.filter(person=person).order_by("reported_on", "created_at"):
            _append(
                ET.SubElement(element, _q("note")),
                NOTE_FIELDS,
                {
                    "note_record_id": f"{DOMAIN}/report.{report.pk}",
                    "person_record_id": fields["person_record_id"],
                    "entry_date": _utc(report.created_at),
                    # Free text stays home: it may name holders, insiders, places.
                    "author_name": REPORT_AUTHOR,
                    "source_date": _day(report.reported_on),
                    "status": "information_sought",
                    "text": REPORT_TEXT,
                },
            )
        for contact in Contact.objects.filter(person=person).order_by("occurred_at"):
            _append(
                ET.SubElement(element, _q("note")),
                NOTE_FIELDS,
                {
                    "note_record_id": f"{DOMAIN}/contact.{contact.pk}",
                    "person_record_id": fields["person_record_id"],
                    "entry_date": _utc(contact.created_at),
                    "author_name": "Safe Passage",
                    "source_date": _utc(contact.occurred_at),
                    "author_made_contact": "true",
                    "status": "believed_alive",
                    "text": "Proof of life received.",
                },
            )
    ET.indent(root)
    if actor is not None:
        # What an account carried out, it has seen: the compromise report lists it.
        audit_view(actor=actor, objects=exported)
    audit_record(
        actor=actor,
        action="export",
        object_type="tracing.Person",
        detail={
            "format": "pfif-1.4",
            "persons": len(exported),
            "ids": [str(person.pk) for person in exported],
        },
    )
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return data


# --- validation --------------------------------------------------------------------------


def _check_fields(
    element: ET.Element, fields: tuple[str, ...], required: tuple[str, ...], where: str
) -> list[str]:
    errors: list[str] = []
    position = -1
    present: set[str] = set()
    for child in element:
        if not isinstance(child.tag, str) or not child.tag.startswith(f"{{{NS}}}"):
            errors.append(f"{where}: element {child.tag!r} is not in the PFIF 1.4 namespace")
            continue
        name = child.tag.split("}", 1)[1]
        if name == "note" and fields is PERSON_FIELDS:
            position = len(fields)
            continue
        if name not in fields:
            errors.append(f"{where}: unknown element <{name}>")
            continue
        index = fields.index(name)
        if index <= position:
            errors.append(f"{where}: <{name}> is repeated or out of order")
        position = max(position, index)
        present.add(name)
        if len(child):
            errors.append(f"{where}: <{name}> must hold text only")
        value = (child.text or "").strip()
        rule = FORMATS.get(name)
        if rule is not None:
            check, expected = rule
            ok = value in check if isinstance(check, frozenset) else bool(check.match(value))
            if not ok:
                errors.append(f"{where}: <{name}> {value!r} is not {expected}")
            elif check is _UTC:
                try:
                    datetime.datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ")  # noqa: DTZ007
                except ValueError:
                    errors.append(f"{where}: <{name}> {value!r} is not a real date")
    for name in required:
        if name not in present:
            errors.append(f"{where}: <{name}> is required")
    return errors


def validate(root: ET.Element) -> list[str]:
    """Check a parsed document against the PFIF 1.4 rules (the XSD's rules, without lxml)."""
    if root.tag != _q("pfif"):
        return [f"the root element must be <pfif:pfif> in {NS}, not {root.tag!r}"]
    errors: list[str] = []
    seen_note = False
    record_ids: dict[str, int] = {}
    for n, child in enumerate(root, start=1):
        if child.tag == _q("person"):
            if seen_note:
                errors.append(f"record {n}: persons must come before top-level notes")
            errors += _check_fields(child, PERSON_FIELDS, PERSON_REQUIRED, f"person {n}")
            # A second person with the same id would be skipped as already imported.
            record_id = _text(child, "person_record_id")
            if record_id in record_ids:
                errors.append(
                    f"person {n}: <person_record_id> {record_id!r} is also that of "
                    f"person {record_ids[record_id]}"
                )
            elif record_id:
                record_ids[record_id] = n
            for m, note in enumerate(child.findall(_q("note")), start=1):
                errors += _check_fields(note, NOTE_FIELDS, NOTE_REQUIRED, f"person {n} note {m}")
        elif child.tag == _q("note"):
            seen_note = True
            where = f"note {n}"
            errors += _check_fields(child, NOTE_FIELDS, (*NOTE_REQUIRED, "person_record_id"), where)
        else:
            errors.append(f"record {n}: unexpected element {child.tag!r}")
    return errors


class _DoctypeFound(Exception):
    pass


def _refuse_doctype(*_: object) -> None:
    raise _DoctypeFound


def _has_doctype(data: bytes) -> bool:
    """Ask the XML parser itself, so no encoding (UTF-16, …) can hide a DTD from the check.

    Entities can only be declared in a DTD; the parser stops at the declaration, before any
    entity is read or expanded.
    """
    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = _refuse_doctype
    parser.EntityDeclHandler = _refuse_doctype
    try:
        parser.Parse(data, True)
    except _DoctypeFound:
        return True
    except expat.ExpatError:
        return False  # not well-formed: the parse below names the error
    return False


def parse(data: bytes) -> ET.Element:
    """Parse a PFIF document; DTDs and entities are refused (they can be used for attacks)."""
    upper = data.upper()
    if b"<!DOCTYPE" in upper or b"<!ENTITY" in upper or _has_doctype(data):
        raise PfifError("the document has a DTD or entities, which are not accepted")
    try:
        # A document with a DTD never reaches this parser (checked just above).
        return ET.fromstring(data)  # noqa: S314  # nosec B314
    except ET.ParseError as exc:
        raise PfifError(f"not well-formed XML: {exc}") from None


# --- import ------------------------------------------------------------------------------


def _text(element: ET.Element, name: str) -> str:
    found = element.find(_q(name))
    return (found.text or "").strip() if found is not None else ""


def _details(element: ET.Element) -> PersonDetails:
    names: dict[str, list[str]] = {"given_names": [], "family_names": []}
    home_variants: list[str] = []
    for line in _text(element, "description").splitlines():
        match = _EXTRA_LINE.match(line.strip())
        if match:
            spellings = [p.strip() for p in match.group(2).split("|") if p.strip()]
            if match.group(1) == _HOME_LINE:
                home_variants = spellings
            else:
                names[_EXTRA_PARTS[match.group(1)]] = spellings
    given, family = _text(element, "given_name"), _text(element, "family_name")
    if given:
        names["given_names"].append(given)
    if family:
        names["family_names"].append(family)
    full = _text(element, "full_name")
    if not given and not family and full:
        names["given_names"].append(full)
    alternates = [a.strip() for a in _text(element, "alternate_names").splitlines() if a.strip()]
    birth_year, uncertainty = _birth(element)
    return PersonDetails(
        given_names=tuple(names["given_names"]),
        father_names=tuple(names.get("father_names", ())),
        grandfather_names=tuple(names.get("grandfather_names", ())),
        family_names=tuple(names["family_names"]),
        mother_names=tuple(names.get("mother_names", ())),
        nicknames=tuple(alternates),
        sex={"female": "f", "male": "m"}.get(_text(element, "sex"), ""),
        birth_year=birth_year,
        birth_year_uncertainty=uncertainty,
        home_place=_text(element, "home_city"),
        home_place_variants=tuple(home_variants),
    )


def _birth(element: ET.Element) -> tuple[int | None, int]:
    """The birth year and its uncertainty: from ``date_of_birth``, else from ``age``, her age
    at ``source_date`` (an age is uncertain by a year, the birthday being unknown, as at
    intake; a range of ages by half its width)."""
    born = _text(element, "date_of_birth")
    if born:
        return int(born[:4]), 0
    age = _text(element, "age")
    if not age:
        return None, 0
    year = int(_text(element, "source_date")[:4])
    low, _, high = age.partition("-")
    if not high:
        return year - int(low), 1
    youngest, oldest = sorted((int(low), int(high)))
    return year - (youngest + oldest) // 2, (oldest - youngest + 1) // 2


def import_pfif(*, actor: User | None, data: bytes, dry_run: bool = False) -> ImportResult:
    """Import persons and their notes (as family reports); all records or none."""
    from safepassage.tracing.services import ReportDetails, person_create, report_create

    if actor is not None:
        require_capability(actor, Capability.CASES_WRITE)
    result = ImportResult(dry_run=dry_run)
    try:
        root = parse(data)
    except PfifError as exc:
        result.errors.append(str(exc))
        return result
    result.errors = validate(root)
    if result.errors:
        return result
    in_file = {_text(element, "person_record_id") for element in root.findall(_q("person"))}
    notes_by_person: dict[str, list[ET.Element]] = {}
    for n, element in enumerate(root, start=1):
        if element.tag != _q("note"):
            continue
        about = _text(element, "person_record_id")
        if about not in in_file:
            if not _imported_before(about):  # its note would be lost, the rest imported
                result.errors.append(
                    f"note {n}: <person_record_id> {about!r} is no person of this file "
                    "nor one imported before"
                )
            result.notes_skipped += 1
        notes_by_person.setdefault(about, []).append(element)
    if result.errors:
        return result
    with transaction.atomic():
        for n, element in enumerate(root.findall(_q("person")), start=1):
            record_id = _text(element, "person_record_id")
            notes = [*element.findall(_q("note")), *notes_by_person.get(record_id, [])]
            if _imported_before(record_id):
                result.skipped += 1
                result.notes_skipped += len(notes)
                continue
            try:
                person = person_create(actor=actor, details=_details(element), source_ref=record_id)
                for note in notes:
                    source = datetime.datetime.strptime(
                        _text(note, "source_date"), "%Y-%m-%dT%H:%M:%SZ"
                    ).replace(tzinfo=datetime.UTC)
                    report_create(
                        actor=actor,
                        person=person,
                        report=ReportDetails(
                            reporter_name=_text(note, "author_name"),
                            knowledge=_text(note, "text"),
                            reported_on=min(source.date(), timezone.localdate()),
                        ),
                    )
            except ValidationError as exc:
                result.errors.append(f"person {n}: {'; '.join(exc.messages)}")
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
                detail={"format": "pfif-1.4", "created": result.created},
            )
    return result


def _imported_before(record_id: str) -> bool:
    """Whether the person of ``record_id`` is here: imported before, or exported from here."""
    own = record_id.removeprefix(f"{DOMAIN}/person.") if record_id.startswith(DOMAIN) else ""
    return Person.objects.filter(source_ref_index=ref_index(record_id)).exists() or bool(
        own and _is_uuid(own) and Person.objects.filter(pk=own).exists()
    )


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def schema_text() -> str:
    return SCHEMA_PATH.read_text(encoding="utf-8")


def as_dict(element: ET.Element) -> dict[str, Any]:
    """A person or note element as a plain dict (tests, debugging)."""
    return {child.tag.split("}", 1)[1]: (child.text or "") for child in element if len(child) == 0}
