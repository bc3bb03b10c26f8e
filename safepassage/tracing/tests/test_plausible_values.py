"""Implausible dates, births and names are refused with a clear message, on every way in."""

from __future__ import annotations

import datetime
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from safepassage.accounts.services import api_token_create
from safepassage.tracing.forms import SPELLINGS_HELP, IntakeForm
from safepassage.tracing.keys import PersonDetails
from safepassage.tracing.models import Contact, Person, Report
from safepassage.tracing.services import (
    ContactDetails,
    ReportDetails,
    contact_create,
    intake_submit,
    person_create,
)
from safepassage.tracing.services.persons import birth_parse
from safepassage.tracing.tests.conftest import KHALIL_LATIN, report_person

pytestmark = pytest.mark.django_db

FORM = {
    "given_names": "Nisrîn",
    "father_names": "Qasim",
    "sex": "f",
    "birth": "2010",
    "reporter_name": "Leyla",
}


def _messages(exc: pytest.ExceptionInfo[ValidationError]) -> str:
    return " ".join(exc.value.messages)


@pytest.mark.parametrize("text", ["-5", " -5", "about -5", "حوالي -5", "\u22125", "~ -12"])
def test_a_negative_birth_year_or_age_is_refused(text: str) -> None:
    with pytest.raises(ValidationError) as refused:
        birth_parse(text)
    assert "cannot be negative" in _messages(refused)


def test_a_reversed_range_is_refused_and_named_the_right_way_round() -> None:
    with pytest.raises(ValidationError) as refused:
        birth_parse("2000-1990")
    assert "from the earlier year to the later one: 1990-2000" in _messages(refused)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1990-2000", (1995, 5)), ("1996 - 1999", (1997, 2)), ("1998", (1998, 0)), ("", (None, 0))],
)
def test_ordinary_births_still_read(text: str, expected: tuple[int | None, int]) -> None:
    assert birth_parse(text) == expected


def test_an_age_reads_as_before() -> None:
    year, uncertainty = birth_parse("about 25")
    assert year == timezone.now().year - 25 and uncertainty == 3


def test_abduction_before_her_birth_year_is_refused_allowing_for_uncertainty(users) -> None:
    actor = users["coordinator"]
    with pytest.raises(ValidationError) as refused:
        person_create(
            actor=actor,
            details=PersonDetails(
                given_names=("Nisrîn",), birth_year=2010, abducted_on=datetime.date(1950, 6, 1)
            ),
        )
    assert "before she was born (born 2010)" in refused.value.message_dict["abducted_on"][0]
    # Born "1996-2000" (1998 ±2): taken in 1997 is possible, in 1995 is not.
    possible = person_create(
        actor=actor,
        details=PersonDetails(
            given_names=("Roza",),
            birth_year=1998,
            birth_year_uncertainty=2,
            abducted_on=datetime.date(1997, 8, 3),
        ),
    )
    assert possible.abducted_on == datetime.date(1997, 8, 3)
    with pytest.raises(ValidationError) as refused:
        person_create(
            actor=actor,
            details=PersonDetails(
                given_names=("Roza",),
                birth_year=1998,
                birth_year_uncertainty=2,
                abducted_on=datetime.date(1995, 8, 3),
            ),
        )
    assert "born 1998 ±2" in _messages(refused)
    assert Person.objects.count() == 1


@pytest.mark.parametrize("day", [datetime.date(1, 1, 1), datetime.date(1949, 12, 31)])
def test_an_abduction_or_report_before_1950_is_refused(users, day: datetime.date) -> None:
    actor = users["coordinator"]
    with pytest.raises(ValidationError) as refused:
        person_create(actor=actor, details=PersonDetails(given_names=("Nisrîn",), abducted_on=day))
    assert "cannot be before 1950" in refused.value.message_dict["abducted_on"][0]
    with pytest.raises(ValidationError) as refused:
        intake_submit(
            actor=actor,
            details=PersonDetails(given_names=("Nisrîn",)),
            report=ReportDetails(reporter_name="Leyla", reported_on=day),
        )
    assert "cannot be before 1950" in refused.value.message_dict["reported_on"][0]
    assert Person.objects.count() == 0 and Report.objects.count() == 0
    assert person_create(
        actor=actor,
        details=PersonDetails(given_names=("Nisrîn",), abducted_on=datetime.date(1950, 1, 1)),
    )


def test_a_contact_before_1950_is_refused(users) -> None:
    actor = users["coordinator"]
    person = report_person(actor, **KHALIL_LATIN).person
    with pytest.raises(ValidationError) as refused:
        contact_create(
            actor=actor,
            person=person,
            contact=ContactDetails(
                occurred_at=datetime.datetime(1900, 5, 1, 10, 0, tzinfo=datetime.UTC),
                channel="phone",
            ),
        )
    assert "cannot be before 1950" in refused.value.message_dict["occurred_at"][0]
    assert Contact.objects.count() == 0


def test_too_many_or_too_long_spellings_are_refused(users) -> None:
    actor = users["coordinator"]
    many = tuple(f"Nisrin{i}" for i in range(21))
    with pytest.raises(ValidationError) as refused:
        person_create(actor=actor, details=PersonDetails(given_names=many))
    assert "at most 20 spellings" in refused.value.message_dict["given_names"][0]
    with pytest.raises(ValidationError) as refused:
        person_create(
            actor=actor, details=PersonDetails(given_names=("Nisrîn",), nicknames=("x" * 101,))
        )
    assert "at most 100 characters" in refused.value.message_dict["nicknames"][0]
    assert Person.objects.count() == 0
    twenty = person_create(
        actor=actor,
        details=PersonDetails(given_names=many[:20], mother_names=("y" * 100,)),
    )
    assert len(twenty.given_names) == 20


def test_spellings_split_as_the_help_text_says() -> None:
    assert "/" in str(SPELLINGS_HELP) and "|" in str(SPELLINGS_HELP)
    form = IntakeForm({**FORM, "given_names": "Khalil / Khaleel | Xelîl; خليل"})
    assert form.is_valid(), form.errors
    assert form.person_details().given_names == ("Khalil", "Khaleel", "Xelîl", "خليل")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"birth": "-5"}, "cannot be negative"),
        ({"birth": "2000-1990"}, "1990-2000"),
        ({"abducted_on": "1950-06-01"}, "before she was born"),
        ({"abducted_on": "0001-01-01"}, "cannot be before 1950"),
        ({"reported_on": "1900-01-01"}, "cannot be before 1950"),
        ({"given_names": " | ".join(f"N{i}" for i in range(21))}, "at most 20 spellings"),
    ],
)
def test_intake_page_refuses_implausible_values_at_the_check(
    client_for, changes: dict[str, str], message: str
) -> None:
    client = client_for("coordinator")
    for decision in ({"decision": "check"}, {"decision": "new", "checked": "1"}):
        response = client.post("/persons/new/", {**FORM, **changes, **decision})
        assert response.status_code == 422
        assert message in unescape(response.content.decode())
    assert Person.objects.count() == 0 and Report.objects.count() == 0


def test_edit_page_refuses_an_abduction_before_her_birth(users, client_for) -> None:
    person = report_person(users["coordinator"], **KHALIL_LATIN).person
    client = client_for("coordinator")
    form = {
        "given_names": "Xelîl",
        "father_names": "Hesen",
        "grandfather_names": "Bapîr",
        "family_names": "Şingalî",
        "sex": "f",
        "birth": "1998",
        "home_place": "Kocho",
        "version": "1",
    }
    for changes in ({"abducted_on": "1990-08-03"}, {"birth": "-5"}, {"birth": "2000-1990"}):
        response = client.post(f"/persons/{person.pk}/edit/", {**form, **changes})
        assert response.status_code == 422, changes
    person.refresh_from_db()
    assert person.version == 1 and person.abducted_on is None and person.birth_year == 1998


def test_contact_page_refuses_a_contact_dated_1900(users, client_for) -> None:
    person = report_person(users["coordinator"], **KHALIL_LATIN).person
    response = client_for("coordinator").post(
        f"/persons/{person.pk}/contacts/new/",
        {"occurred_at": "1900-05-01T10:30", "channel": "phone"},
    )
    assert response.status_code == 422
    assert "cannot be before 1950" in unescape(response.content.decode())
    assert Contact.objects.count() == 0


def test_api_uses_the_same_rules(users) -> None:
    actor = users["coordinator"]
    _, token = api_token_create(actor=None, user=actor)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    person = {"given_names": ["Nisrîn"], "sex": "f"}
    for changes, message in (
        ({"birth": "-5"}, "cannot be negative"),
        ({"birth": "2000-1990"}, "1990-2000"),
        ({"birth": "2010", "abducted_on": "1950-06-01"}, "before she was born"),
        ({"abducted_on": "0001-01-01"}, "cannot be before 1950"),
        ({"given_names": ["n" * 101]}, "at most 100 characters"),
    ):
        response = client.post(
            "/api/persons/", {"person": {**person, **changes}}, content_type="application/json"
        )
        assert response.status_code == 400, (changes, response.content)
        assert message in response.content.decode()
    assert Person.objects.count() == 0
    stored = report_person(actor, **KHALIL_LATIN).person
    patch = client.patch(
        f"/api/persons/{stored.pk}/",
        {"abducted_on": "1990-01-01", "version": 1},
        content_type="application/json",
    )
    assert patch.status_code == 400 and "before she was born" in patch.content.decode()
    contact = client.post(
        f"/api/persons/{stored.pk}/contacts/",
        {"occurred_at": "1900-01-01T10:00:00Z", "channel": "phone"},
        content_type="application/json",
    )
    assert contact.status_code == 400 and "cannot be before 1950" in contact.content.decode()
    stored.refresh_from_db()
    assert stored.abducted_on is None and stored.version == 1
    assert Contact.objects.count() == 0


@pytest.mark.parametrize("language", ["en", "ar", "ckb", "kmr"])
def test_the_birth_examples_of_the_intake_page_read_in_every_language(language: str) -> None:
    """The Sorani page suggested نزیکەی 25 ("about 25") and then refused it as unreadable."""
    from django.utils import translation

    with translation.override(language):
        examples = str(IntakeForm().fields["birth"].help_text)
    about = examples.replace("،", ",").split(",")[1].strip()
    year, uncertainty = birth_parse(about)
    assert year == timezone.now().year - 25 and uncertainty == 3, about
