"""PFIF 1.4: the export is valid against the schema, the import round-trips and refuses junk."""

from __future__ import annotations

import datetime
import importlib
import json
from pathlib import Path

import pytest
from django.utils import timezone

from safepassage.tracing import pfif
from safepassage.tracing.models import Person, Report
from safepassage.tracing.services import ContactDetails, contact_create
from safepassage.tracing.tests.conftest import KHALIL_ARABIC, KHALIL_LATIN, report_person

pytestmark = pytest.mark.django_db


def _validate_with_schema(data: bytes) -> None:
    etree = importlib.import_module("lxml.etree")  # a pinned test dependency
    schema = etree.XMLSchema(etree.parse(str(pfif.SCHEMA_PATH)))
    schema.assertValid(etree.fromstring(data))
    assert pfif.validate(pfif.parse(data)) == []


def _export(users) -> bytes:
    actor = users["coordinator"]
    person = report_person(actor, phones=("+964 750 555 0199",), **KHALIL_LATIN).person
    report_person(actor, attach_to=person, **KHALIL_ARABIC)
    contact_create(
        actor=actor,
        person=person,
        contact=ContactDetails(
            occurred_at=timezone.now() - datetime.timedelta(hours=1),
            channel="phone",
            number_used="+963 944 000 0404",
            location_said="House with a blue gate",
        ),
    )
    report_person(actor, given_names=("Berfîn",), mother_names=("Gulê",), sex="f")
    return pfif.export_pfif(actor=actor, persons=Person.objects.order_by("created_at"))


def test_schema_file_is_a_schema() -> None:
    root = pfif.parse(pfif.schema_text().encode())
    assert root.tag == "{http://www.w3.org/2001/XMLSchema}schema"
    assert root.get("targetNamespace") == pfif.NS


def test_export_is_valid_and_leaks_nothing_operational(users) -> None:
    data = _export(users)
    _validate_with_schema(data)
    text = data.decode()
    assert "Xelîl" in text and "خليل" in text and "father: Hesen | حسن" in text
    for secret in ("750 555 0199", "944 000 0404", "blue gate", "Nadia"):
        assert secret not in text
    root = pfif.parse(data)
    first = root.find(f"{{{pfif.NS}}}person")
    assert first is not None
    notes = first.findall(f"{{{pfif.NS}}}note")
    assert [pfif.as_dict(n)["status"] for n in notes] == [
        "information_sought",
        "information_sought",
        "believed_alive",
    ]


def test_round_trip(users, django_db_blocker) -> None:
    data = _export(users)
    Report.objects.all().delete()
    from safepassage.tracing.models import (
        BlockingKey,
        Contact,
        PhoneSighting,
        StatusChange,
    )

    for model in (Contact, PhoneSighting, StatusChange, BlockingKey):
        model.objects.all().delete()
    from safepassage.tracing.models import DuplicateCandidate

    DuplicateCandidate.objects.all().delete()
    Person.objects.all().delete()
    result = pfif.import_pfif(actor=users["coordinator"], data=data)
    assert result.ok and result.created == 2, result.errors
    khalil = next(p for p in Person.objects.all() if "Xelîl" in p.given_names)
    assert khalil.father_names == ["Hesen", "حسن"]
    assert khalil.grandfather_names == ["Bapîr", "بابير"]
    assert "خليل" in khalil.nicknames and khalil.birth_year == 1998 and khalil.sex == "f"
    assert khalil.reports.count() == 3
    again = pfif.import_pfif(actor=None, data=data)
    assert again.ok and again.created == 0 and again.skipped == 2
    # Export of the imported records is valid again.
    _validate_with_schema(pfif.export_pfif(actor=None, persons=Person.objects.all()))


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (b"<pfif:pfif xmlns:pfif='http://zesty.ca/pfif/1.4'><pfif:person>", "well-formed"),
        (b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'b'>]><x/>", "DTD"),
        (b"<pfif xmlns='http://zesty.ca/pfif/1.3'/>", "root element"),
        (
            b"<p:pfif xmlns:p='http://zesty.ca/pfif/1.4'><p:person>"
            b"<p:person_record_id>x.org/1</p:person_record_id>"
            b"<p:source_date>2024-02-30T10:00:00Z</p:source_date>"
            b"<p:full_name>A</p:full_name></p:person></p:pfif>",
            "not a real date",
        ),
        (
            b"<p:pfif xmlns:p='http://zesty.ca/pfif/1.4'><p:person>"
            b"<p:person_record_id>x.org/1</p:person_record_id>"
            b"<p:source_date>yesterday</p:source_date></p:person></p:pfif>",
            "full_name> is required",
        ),
        (
            b"<p:pfif xmlns:p='http://zesty.ca/pfif/1.4'><p:person>"
            b"<p:full_name>A</p:full_name>"
            b"<p:person_record_id>x.org/1</p:person_record_id>"
            b"<p:source_date>2024-01-01T10:00:00Z</p:source_date></p:person></p:pfif>",
            "out of order",
        ),
    ],
)
def test_bad_documents_are_refused_and_write_nothing(document, message) -> None:
    result = pfif.import_pfif(actor=None, data=document)
    assert not result.ok and any(message in e for e in result.errors), result.errors
    assert Person.objects.count() == 0


def test_one_bad_person_means_none_imported(users) -> None:
    data = _export(users).replace(b"<pfif:sex>female</pfif:sex>", b"<pfif:sex>f</pfif:sex>", 1)
    for person in Person.objects.all():
        person.source_ref = ""
        person.save(update_fields=["source_ref"])
    before = Person.objects.count()
    result = pfif.import_pfif(actor=None, data=data)
    assert not result.ok and "female, male or other" in result.errors[0]
    assert Person.objects.count() == before


def test_commands_export_and_import(users, tmp_path: Path, capsys) -> None:
    from django.core.management import call_command

    _export(users)
    target = tmp_path / "out.xml"
    call_command("exportdata", "pfif", str(target), "--as", users["coordinator"].username)
    assert "exported 2 person(s)" in capsys.readouterr().out
    _validate_with_schema(target.read_bytes())
    call_command("importdata", "pfif", str(target), "--dry-run")
    assert "would import 0" in capsys.readouterr().out  # the ids are this instance's own


def test_an_export_into_a_folder_that_does_not_exist_is_a_clear_error(
    users, tmp_path: Path
) -> None:
    from django.core.management import call_command
    from django.core.management.base import CommandError

    _export(users)
    with pytest.raises(CommandError, match=r"cannot write .*out\.xml"):
        call_command("exportdata", "pfif", str(tmp_path / "nowhere" / "out.xml"))
    assert list(tmp_path.iterdir()) == []


def test_an_export_is_audited_with_the_persons_it_carried(users) -> None:
    """Every read of a sensitive record is in the audit log: an export names whom it carried,
    and the persons an account exported count as seen by it in the compromise report."""
    from safepassage.audit.models import AuditEvent
    from safepassage.operations.compromise import compromise_report

    _export(users)
    exporter = users["caseworker"]
    pfif.export_pfif(actor=exporter, persons=Person.objects.order_by("created_at"))
    exported = {str(pk) for pk in Person.objects.values_list("pk", flat=True)}
    event = AuditEvent.objects.filter(action="export").latest("seq")
    assert event.actor_id == str(exporter.pk)
    assert set(json.loads(event.detail)["ids"]) == exported
    exporter.is_locked = True
    exporter.save(update_fields=["is_locked"])
    report = compromise_report(user=users["coordinator"], kind="account", subject_id=exporter.pk)
    seen = {
        line.object_id
        for group in report.groups
        for line in group.lines
        if line.object_type == "tracing.Person" and line.did_see
    }
    assert seen == exported


def _person(record_id: str, name: str) -> bytes:
    return (
        f"<p:person><p:person_record_id>{record_id}</p:person_record_id>"
        "<p:source_date>2024-01-01T10:00:00Z</p:source_date>"
        f"<p:full_name>{name}</p:full_name></p:person>"
    ).encode()


def test_two_persons_with_one_record_id_are_refused() -> None:
    """The second was skipped as "already imported": a different person, or newer details of
    the same one, lost without a word."""
    data = (
        b"<p:pfif xmlns:p='http://zesty.ca/pfif/1.4'>"
        + _person("x.org/1", "Leyla Xelîl")
        + _person("x.org/2", "Gulê Hesen")
        + _person("x.org/1", "Hind Qasim")
        + b"</p:pfif>"
    )
    result = pfif.import_pfif(actor=None, data=data)
    assert result.errors == ["person 3: <person_record_id> 'x.org/1' is also that of person 1"]
    assert Person.objects.count() == 0


@pytest.mark.parametrize(
    ("age", "born"),
    [("25", (1999, 1)), ("20-30", (1999, 5)), ("0", (2024, 1))],
)
def test_an_age_gives_her_birth_year_counted_from_the_source_date(age: str, born) -> None:
    """PFIF gives the age at the source date; it was dropped, and with it her birth year."""
    extra = f"<p:age>{age}</p:age>"
    data = (
        b"<p:pfif xmlns:p='http://zesty.ca/pfif/1.4'>"
        + _person("x.org/1", "Leyla Xelîl").replace(b"</p:person>", extra.encode() + b"</p:person>")
        + b"</p:pfif>"
    )
    result = pfif.import_pfif(actor=None, data=data)
    assert result.ok, result.errors
    person = Person.objects.get()
    assert (person.birth_year, person.birth_year_uncertainty) == born


def test_an_age_of_many_digits_is_refused() -> None:
    data = (
        b"<p:pfif xmlns:p='http://zesty.ca/pfif/1.4'>"
        + _person("x.org/1", "Leyla").replace(b"</p:person>", b"<p:age>1</p:age></p:person>")
        + b"</p:pfif>"
    ).replace(b"<p:age>1<", b"<p:age>" + b"1" * 5000 + b"<")
    result = pfif.import_pfif(actor=None, data=data)
    assert not result.ok and "is not an age" in result.errors[0]
    assert Person.objects.count() == 0


def test_an_uncertain_birth_year_travels_as_an_age_range(users) -> None:
    """A birth year from "about 25" is not exact: written as date_of_birth it came back exact,
    and a namesake two years apart then looked as likely as she."""
    from safepassage.tracing.keys import PersonDetails
    from safepassage.tracing.services import person_create

    about = person_create(
        actor=None,
        details=PersonDetails(given_names=("Leyla",), birth_year=1999, birth_year_uncertainty=3),
    )
    exact = person_create(actor=None, details=PersonDetails(given_names=("Gulê",), birth_year=2001))
    data = pfif.export_pfif(actor=None, persons=[about, exact])
    _validate_with_schema(data)
    root = pfif.parse(data)
    first, second = (pfif.as_dict(p) for p in root.findall(f"{{{pfif.NS}}}person"))
    assert "date_of_birth" not in first and second["date_of_birth"] == "2001"
    data = data.replace(f"{pfif.DOMAIN}/person.".encode(), b"elsewhere.org/person.")
    assert pfif.import_pfif(actor=None, data=data).created == 2
    again = Person.objects.exclude(pk__in=[about.pk, exact.pk])
    born = {p.given_names[0]: (p.birth_year, p.birth_year_uncertainty) for p in again}
    assert born == {"Leyla": (1999, 3), "Gulê": (2001, 0)}


def _note(record_id: str, about: str) -> bytes:
    return (
        f"<p:note><p:note_record_id>{record_id}</p:note_record_id>"
        f"<p:person_record_id>{about}</p:person_record_id>"
        "<p:author_name>Her brother</p:author_name>"
        "<p:source_date>2024-02-01T10:00:00Z</p:source_date>"
        "<p:status>believed_alive</p:status><p:text>She called.</p:text></p:note>"
    ).encode()


def test_a_note_about_a_person_neither_in_the_file_nor_imported_is_refused() -> None:
    """The persons were imported and the note lost without a word: half the file."""
    data = (
        b"<p:pfif xmlns:p='http://zesty.ca/pfif/1.4'>"
        + _person("x.org/1", "Leyla Xelîl")
        + _note("x.org/n1", "x.org/9")
        + b"</p:pfif>"
    )
    result = pfif.import_pfif(actor=None, data=data)
    assert result.errors == [
        "note 2: <person_record_id> 'x.org/9' is no person of this file nor one imported before"
    ]
    assert Person.objects.count() == 0 and Report.objects.count() == 0


def test_notes_of_a_person_imported_before_are_said_to_be_skipped(tmp_path: Path, capsys) -> None:
    from django.core.management import call_command

    first = b"<p:pfif xmlns:p='http://zesty.ca/pfif/1.4'>" + _person("x.org/1", "Leyla")
    path = tmp_path / "first.xml"
    path.write_bytes(first + b"</p:pfif>")
    call_command("importdata", "pfif", str(path))
    later = first + _note("x.org/n1", "x.org/1") + _note("x.org/n2", "x.org/1") + b"</p:pfif>"
    path.write_bytes(later)
    call_command("importdata", "pfif", str(path))
    out = capsys.readouterr().out
    assert "skipped 1 already imported and 2 note(s) about persons imported before" in out
    assert Person.objects.count() == 1 and Report.objects.count() == 0


def test_the_other_spellings_of_her_village_travel_in_the_description() -> None:
    """Only the first spelling went out: an Arabic report of كوجو no longer met the Kocho one."""
    from safepassage.tracing.keys import PersonDetails
    from safepassage.tracing.services import person_create

    person = person_create(
        actor=None,
        details=PersonDetails(
            given_names=("Leyla",), home_place="Kocho", home_place_variants=("كوجو", "Koço")
        ),
    )
    data = pfif.export_pfif(actor=None, persons=[person])
    _validate_with_schema(data)
    assert "home: كوجو | Koço" in data.decode()
    data = data.replace(f"{pfif.DOMAIN}/person.".encode(), b"elsewhere.org/person.")
    assert pfif.import_pfif(actor=None, data=data).created == 1
    imported = Person.objects.exclude(pk=person.pk).get()
    assert imported.home_place == "Kocho"
    assert imported.home_place_variants == ["كوجو", "Koço"]


def test_the_familys_own_words_are_not_exported(users) -> None:
    """The export promises no reporters' names, places of captivity or holders; what a
    family says in its own words (and how it calls itself) may name any of them, so it
    stays home: each report's note only says that the family reported her missing."""
    actor = users["coordinator"]
    person = report_person(actor, **KHALIL_LATIN).person
    report = Report.objects.get(person=person)
    report.knowledge = "Held by Abu Omar in the house by the mill; our cousin Sherzad guards it."
    report.relationship = "sister Amina"
    report.save()
    data = pfif.export_pfif(actor=actor, persons=[person])
    _validate_with_schema(data)
    text = data.decode()
    for said in ("Abu Omar", "mill", "Sherzad", "Amina", "Taken in August"):
        assert said not in text
    root = pfif.parse(data)
    notes = root.findall(f".//{{{pfif.NS}}}note")
    assert [pfif.as_dict(n)["text"] for n in notes] == ["Reported missing by the family."]
    assert pfif.as_dict(notes[0])["author_name"] == "family member"


def test_a_person_known_only_by_her_mothers_name_is_exported_without_a_made_up_name(
    users,
) -> None:
    """PFIF requires the full_name element; a person whose only name is her mother's has
    none. The element is there, empty, not "?" (a name no one gave her), and the import
    reads it back as no name: her mother's name travels in the description."""
    actor = users["coordinator"]
    person = report_person(actor, mother_names=("Gulê",), sex="f").person
    data = pfif.export_pfif(actor=actor, persons=[person])
    _validate_with_schema(data)
    element = pfif.parse(data).find(f"{{{pfif.NS}}}person")
    assert element is not None
    fields = pfif.as_dict(element)
    assert fields["full_name"] == "" and fields["description"] == "mother: Gulê"
    Report.objects.all().delete()
    from safepassage.tracing.models import BlockingKey, StatusChange

    for model in (StatusChange, BlockingKey):
        model.objects.all().delete()
    Person.objects.all().delete()
    result = pfif.import_pfif(actor=actor, data=data)
    assert result.ok and result.created == 1, result.errors
    imported = Person.objects.get()
    assert imported.given_names == [] and imported.mother_names == ["Gulê"]
