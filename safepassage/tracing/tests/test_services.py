"""Tracing services: intake, status history, phone sightings, authentication, duress."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from safepassage.accounts.permissions import ActionRefused
from safepassage.audit.models import AuditEvent
from safepassage.operations.models import Alert
from safepassage.tracing.answers import normalise_answer
from safepassage.tracing.models import (
    AuthOutcome,
    AuthSecret,
    BlockingKey,
    DuplicateCandidate,
    Person,
    PhoneSighting,
    StatusChange,
)
from safepassage.tracing.selectors import phone_sightings
from safepassage.tracing.services import (
    ContactDetails,
    agreed_words_set,
    auth_question_add,
    contact_create,
    contact_log,
    person_set_status,
)
from safepassage.tracing.tests.conftest import KHALIL_ARABIC, KHALIL_LATIN, report_person

pytestmark = pytest.mark.django_db


def _contact(**kwargs) -> ContactDetails:
    return ContactDetails(
        occurred_at=timezone.now() - datetime.timedelta(hours=1), channel="phone", **kwargs
    )


def test_intake_creates_person_report_keys_history_and_sightings(users) -> None:
    report = report_person(users["caseworker"], phones=("+964 750 555 0199",), **KHALIL_LATIN)
    person = report.person
    assert person.given_names == ["Xelîl"] and person.status == "missing"
    assert report.names_as_reported["given_names"] == ["Xelîl"]
    assert BlockingKey.objects.filter(person=person).count() > 5
    assert list(StatusChange.objects.filter(person=person).values_list("to_status", flat=True)) == [
        "missing"
    ]
    # The number is found again at once, whatever its formatting.
    sightings = phone_sightings("00964-750-555-0199")
    assert [s.source_id for s in sightings] == [report.pk]
    assert sightings[0].person_id == person.pk
    # The caseworker who entered her keeps seeing her; the audit log has the creation.
    from safepassage.accounts.permissions import can_access_record

    assert can_access_record(users["caseworker"], person)
    assert AuditEvent.objects.filter(action="create", object_id=str(person.pk)).exists()


def test_second_report_in_arabic_is_queued_as_duplicate(users) -> None:
    first = report_person(users["coordinator"], **KHALIL_LATIN).person
    second = report_person(users["coordinator"], **KHALIL_ARABIC).person
    row = DuplicateCandidate.objects.get()
    assert {row.left_id, row.right_id} == {first.pk, second.pk}
    assert row.score > 0.9
    fields = {e["field"]: e["level"] for e in row.evidence}
    assert fields["given"] == "exact" and fields["father"] == "exact"


def test_attaching_a_report_keeps_every_spelling(users) -> None:
    person = report_person(users["coordinator"], **KHALIL_LATIN).person
    report_person(users["coordinator"], attach_to=person, **KHALIL_ARABIC)
    person.refresh_from_db()
    assert person.given_names == ["Xelîl", "خليل"]
    assert person.family_names == ["Şingalî", "الشنگالي"]
    assert person.reports.count() == 2
    assert Person.objects.count() == 1


def test_bad_intake_changes_nothing(users) -> None:
    with pytest.raises(ValidationError) as info:
        report_person(users["coordinator"], reporter="  ", **KHALIL_LATIN)
    assert "reporter_name" in info.value.message_dict
    with pytest.raises(ValidationError):
        report_person(users["coordinator"], given_names=(), sex="f")
    assert Person.objects.count() == 0 and PhoneSighting.objects.count() == 0


def test_status_change_keeps_who_when_why(users) -> None:
    person = report_person(users["coordinator"], **KHALIL_LATIN).person
    person_set_status(
        actor=users["coordinator"], person=person, status="contact", reason="She called."
    )
    person_set_status(actor=users["coordinator"], person=person, status="located", reason="Seen.")
    changes = list(StatusChange.objects.filter(person=person))
    assert [(c.from_status, c.to_status) for c in changes] == [
        ("", "missing"),
        ("missing", "contact"),
        ("contact", "located"),
    ]
    assert changes[1].reason == "She called." and changes[1].changed_by == users["coordinator"]
    with pytest.raises(ValidationError):
        person_set_status(actor=users["coordinator"], person=person, status="arrived", reason="")
    with pytest.raises(ValidationError):
        person_set_status(actor=users["coordinator"], person=person, status="located", reason="x")


def test_caseworker_without_grant_cannot_write(users) -> None:
    person = report_person(users["coordinator"], **KHALIL_LATIN).person
    with pytest.raises(ActionRefused):
        person_set_status(actor=users["caseworker"], person=person, status="contact", reason="x")
    with pytest.raises(ActionRefused):
        person_set_status(actor=users["analyst"], person=person, status="contact", reason="x")


@pytest.mark.parametrize(
    ("stored", "given", "passes"),
    [
        ("Xelîl", "xelil", True),
        ("Xelîl", "  XELIL ", True),
        ("خليل", "خلیل", True),  # Persian yeh
        ("فاطمة", "فاطمه", True),  # ta marbuta
        ("أحمد", "احمد", True),  # hamza on alif
        ("مُحَمَّد", "محمد", True),  # tashkeel
        ("Xelîl", "Xelef", False),
        ("خليل", "حسن", False),
    ],
)
def test_auth_answers_are_normalised_and_hashed(users, stored, given, passes) -> None:
    actor = users["coordinator"]
    person = report_person(actor, **KHALIL_LATIN).person
    secret = auth_question_add(actor=actor, person=person, question="Her uncle?", answer=stored)
    assert stored not in secret.answer_hash and normalise_answer(stored) not in secret.answer_hash
    assert secret.answer_hash.startswith("argon2")
    contact, check = contact_log(
        actor=actor, person=person, contact=_contact(answers={str(secret.pk): given})
    )
    assert check.results == {str(secret.pk): passes}
    assert contact.auth_outcome == (AuthOutcome.PASSED if passes else AuthOutcome.FAILED)


def test_no_answers_means_not_attempted(users) -> None:
    person = report_person(users["coordinator"], **KHALIL_LATIN).person
    contact = contact_create(actor=users["coordinator"], person=person, contact=_contact())
    assert contact.auth_outcome == AuthOutcome.NOT_ATTEMPTED
    assert contact.all_clear_given is None and not contact.duress_word_used


def test_duress_word_raises_alert_and_all_clear_is_recorded(users) -> None:
    actor = users["coordinator"]
    person = report_person(actor, **KHALIL_LATIN).person
    with pytest.raises(ValidationError):  # words come after a first contact
        agreed_words_set(actor=actor, person=person, duress_word="zeytûn", all_clear_word="hinar")
    contact_create(actor=actor, person=person, contact=_contact(number_used="+963 944 1"))
    agreed_words_set(actor=actor, person=person, duress_word="Zeytûn", all_clear_word="Hinar")
    assert AuthSecret.objects.filter(person=person, kind="duress_word").count() == 1

    clear = contact_create(actor=actor, person=person, contact=_contact(word_used="hinar"))
    assert clear.all_clear_given is True and not clear.duress_word_used
    assert not Alert.objects.exists()

    forced = contact_create(
        actor=actor, person=person, contact=_contact(word_used="ZEYTUN", location_said="x")
    )
    assert forced.duress_word_used and forced.all_clear_given is False
    alert = Alert.objects.get()
    assert alert.kind == "danger" and alert.subject_id == str(person.pk)

    other = contact_create(actor=actor, person=person, contact=_contact(word_used="something"))
    assert other.all_clear_given is False and not other.duress_word_used
    assert Alert.objects.count() == 1

    # New words retire the old ones.
    agreed_words_set(actor=actor, person=person, duress_word="bera", all_clear_word="kevok")
    assert AuthSecret.objects.filter(person=person, retired_at__isnull=True).count() == 2
    with pytest.raises(ValidationError):
        agreed_words_set(actor=actor, person=person, duress_word="Bera", all_clear_word="bêra")


def test_contact_numbers_are_sighted_and_found_across_records(users) -> None:
    actor = users["coordinator"]
    report = report_person(actor, phones=("+963 944 000 0404",), **KHALIL_LATIN)
    contact = contact_create(
        actor=actor, person=report.person, contact=_contact(number_used="00963-944-000-0404")
    )
    assert contact.number_index and contact.number_used == "00963-944-000-0404"
    found = phone_sightings("+963 944 000 0404")
    assert {s.source_type for s in found} == {"tracing.Report", "tracing.Contact"}
    assert phone_sightings("+1 555") == [] and phone_sightings("no digits") == []
