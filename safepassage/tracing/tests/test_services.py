"""Tracing services: intake, status history, phone sightings, authentication, duress."""

from __future__ import annotations

import datetime
import json
from dataclasses import replace
from typing import Any

import pytest
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.utils import timezone

from safepassage.accounts.models import User
from safepassage.accounts.permissions import ActionRefused
from safepassage.accounts.services import grant_create
from safepassage.audit.models import AuditEvent
from safepassage.concurrency import EditConflict
from safepassage.operations.models import Alert
from safepassage.tracing.answers import normalise_answer
from safepassage.tracing.keys import PersonDetails
from safepassage.tracing.models import (
    AuthOutcome,
    AuthSecret,
    BlockingKey,
    DuplicateCandidate,
    Person,
    PhoneSighting,
    StatusChange,
)
from safepassage.tracing.selectors import persons_search_for_user, phone_sightings
from safepassage.tracing.services import (
    ContactDetails,
    agreed_words_set,
    auth_question_add,
    contact_create,
    contact_log,
    person_photo_remove,
    person_set_status,
    person_update,
    persons_merge,
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
    last_two = AuditEvent.objects.order_by("-seq")[:2]
    assert [(e.action, e.object_type, e.object_id) for e in reversed(last_two)] == [
        ("create", "tracing.Person", str(person.pk)),
        ("create", "tracing.Report", str(report.pk)),
    ]


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


def test_attaching_where_she_may_not_write_changes_nothing(users) -> None:
    person = report_person(users["coordinator"], **KHALIL_LATIN).person
    events = AuditEvent.objects.count()
    with pytest.raises(ActionRefused):  # no grant: the caseworker does not know of her
        report_person(users["caseworker"], attach_to=person, **KHALIL_ARABIC)
    other = report_person(users["coordinator"], given_names=("Samir",), sex="m").person
    Person.objects.filter(pk=person.pk).update(merged_into=other)
    person.refresh_from_db()
    with pytest.raises(ValidationError):  # merged: her survivor takes reports
        report_person(users["coordinator"], attach_to=person, **KHALIL_ARABIC)
    person.refresh_from_db()
    assert person.given_names == ["Xelîl"] and person.reports.count() == 1
    assert AuditEvent.objects.count() == events + 2  # Samir and his report only


@pytest.mark.parametrize("year", [1899, 2101])
def test_a_birth_year_out_of_range_is_refused_before_anything_is_written(users, year) -> None:
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as info:
        report_person(users["coordinator"], **{**KHALIL_LATIN, "birth_year": year})
    assert "birth_year" in info.value.message_dict
    assert Person.objects.count() == 0 and AuditEvent.objects.count() == events


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
        ("حه\u200cسه\u200cن", "حەسەن", True),  # older Sorani typing of ە: ه and a ZWNJ
        ("حەسەن", "حه\u200cسه\u200cن", True),
        ("حسن\u200f", "\u200eحسن", True),  # direction marks pasted from a phone
        ("Xe\u200blîl", "xelil", True),  # a zero-width space inside the word
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
    agreed_words_set(
        actor=actor, person=person, duress_word="bera", all_clear_word="kevok", replace=True
    )
    assert AuthSecret.objects.filter(person=person, retired_at__isnull=True).count() == 2
    with pytest.raises(ValidationError):
        agreed_words_set(actor=actor, person=person, duress_word="Bera", all_clear_word="bêra")


def test_a_duress_word_agreed_with_a_zero_width_non_joiner_is_known_typed_without(users) -> None:
    actor = users["coordinator"]
    person = report_person(actor, **KHALIL_LATIN).person
    contact_create(actor=actor, person=person, contact=_contact(number_used="+963 944 1"))
    # Older Sorani typing: ه and a zero-width non-joiner for ە.
    agreed_words_set(
        actor=actor, person=person, duress_word="زه\u200cیتوون", all_clear_word="هەنار"
    )
    forced = contact_create(actor=actor, person=person, contact=_contact(word_used="زەیتوون"))
    assert forced.duress_word_used and forced.all_clear_given is False
    assert Alert.objects.get().kind == "danger"
    # Two words that differ only by what does not show are one word: refused.
    with pytest.raises(ValidationError):
        agreed_words_set(
            actor=actor,
            person=person,
            duress_word="به\u200cرد",
            all_clear_word="بەرد",
            replace=True,
        )


def test_an_answer_hashed_before_invisible_characters_were_dropped_still_passes(users) -> None:
    """A hash kept by an earlier version holds the answer folded with its zero-width
    non-joiners (the word split there): the same answer passes, typed the same way, with
    Sorani ە where the older typing put ه and a zero-width non-joiner, or with a plain ه
    as an Arabic keyboard types ە."""
    actor = users["coordinator"]
    person = report_person(actor, **KHALIL_LATIN).person
    typed = "حه\u200cسه\u200cن"
    secret = auth_question_add(actor=actor, person=person, question="Her uncle?", answer="x")
    AuthSecret.objects.filter(pk=secret.pk).update(answer_hash=make_password("حه سه ن"))
    for given, passes in (
        (typed, True),
        ("حەسەن", True),
        ("حهسهن", True),
        ("حه\u200cسهن", True),
        ("حسن", False),
        ("حه سه", False),
        ("حهسهنی", False),
    ):
        _, check = contact_log(
            actor=actor, person=person, contact=_contact(answers={str(secret.pk): given})
        )
        assert check.results == {str(secret.pk): passes}, given


def test_a_duress_word_hashed_with_a_joiner_is_known_typed_with_a_plain_heh(users) -> None:
    """A duress word an earlier version hashed from زه‌یتوون (a ZWNJ after its ه) is still
    the duress word when it is typed زهیتوون on an Arabic keyboard: she must not call
    under duress unnoticed."""
    actor = users["coordinator"]
    person = report_person(actor, **KHALIL_LATIN).person
    contact_create(actor=actor, person=person, contact=_contact(number_used="+963 944 1"))
    agreed_words_set(actor=actor, person=person, duress_word="x1", all_clear_word="هەنار")
    AuthSecret.objects.filter(person=person, kind="duress_word").update(
        answer_hash=make_password("زه يتوون")
    )
    forced = contact_create(actor=actor, person=person, contact=_contact(word_used="زهیتوون"))
    assert forced.duress_word_used and forced.all_clear_given is False
    assert Alert.objects.get().kind == "danger"


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


# --- editing: no lost update -------------------------------------------------------------


def _edited(**changes: Any) -> PersonDetails:
    return replace(PersonDetails(**KHALIL_LATIN), **changes)


def _updates(person: Person) -> int:
    return AuditEvent.objects.filter(action="update", object_id=str(person.pk)).count()


def test_edit_from_the_current_version_saves_and_bumps(users) -> None:
    person = report_person(users["coordinator"], **KHALIL_LATIN).person
    assert person.version == 1
    saved = person_update(
        actor=users["coordinator"],
        person=person,
        details=_edited(given_names=("Xelîl", "Khalil"), home_place="Kocho village"),
        expected_version=1,
    )
    person.refresh_from_db()
    assert saved.version == person.version == 2
    assert person.given_names == ["Xelîl", "Khalil"] and person.home_place == "Kocho village"
    event = AuditEvent.objects.filter(action="update", object_id=str(person.pk)).get()
    assert json.loads(event.detail)["fields"] == ["given_names", "home_place"]
    assert "Kocho" not in event.detail  # names of fields, never their values
    assert [p.pk for p in persons_search_for_user(user=users["coordinator"], query="Khalil")] == [
        person.pk
    ]


def test_edit_from_a_stale_version_is_refused_and_changes_nothing(users) -> None:
    actor = users["coordinator"]
    person = report_person(actor, **KHALIL_LATIN).person
    person_update(
        actor=actor, person=person, details=_edited(community="Yazidi"), expected_version=1
    )
    events = _updates(person)
    with pytest.raises(EditConflict) as caught:
        person_update(
            actor=actor, person=person, details=_edited(home_place="Tel Ezer"), expected_version=1
        )
    assert caught.value.current_version == 2 and not caught.value.merged
    assert "now version 2" in caught.value.messages[0]
    assert "were not saved" in caught.value.messages[0]
    assert isinstance(caught.value, ValidationError)  # every caller shows it like other errors
    person.refresh_from_db()
    assert person.version == 2 and person.community == "Yazidi" and person.home_place == "Kocho"
    assert _updates(person) == events  # the refused write left no audit event


@pytest.mark.parametrize("race", ["status", "spellings", "photo"])
def test_every_other_change_makes_an_open_edit_stale(users, race) -> None:
    actor = users["coordinator"]
    person = report_person(actor, **KHALIL_LATIN).person
    if race == "status":
        person_set_status(actor=actor, person=person, status="contact", reason="She called.")
    elif race == "spellings":
        report_person(actor, attach_to=person, given_names=("Khalil",))
    else:
        person_photo_remove(actor=actor, person=person)
    person.refresh_from_db()
    assert person.version == 2
    with pytest.raises(EditConflict):
        person_update(actor=actor, person=person, details=_edited(), expected_version=1)
    assert (
        person_update(
            actor=actor, person=person, details=_edited(community="Yazidi"), expected_version=2
        ).version
        == 3
    )


def test_saving_the_same_values_changes_nothing(users) -> None:
    person = report_person(users["coordinator"], **KHALIL_LATIN).person
    same = person_update(
        actor=users["coordinator"],
        person=person,
        details=PersonDetails.of(person),
        expected_version=1,
    )
    assert same.version == 1 and _updates(person) == 0


def test_partial_edit_keeps_the_other_fields(users) -> None:
    person = report_person(users["coordinator"], **KHALIL_LATIN).person
    saved = person_update(
        actor=users["coordinator"],
        person=person,
        details=PersonDetails(home_place="Tel Ezer"),  # the other fields are empty here...
        expected_version=1,
        only={"home_place"},
    )
    person.refresh_from_db()
    assert saved.version == 2 and person.home_place == "Tel Ezer"
    assert person.given_names == ["Xelîl"] and person.birth_year == 1998  # ...but kept
    with pytest.raises(ValueError, match="unknown fields"):
        person_update(
            actor=users["coordinator"],
            person=person,
            details=PersonDetails(),
            expected_version=2,
            only={"status"},
        )


def test_bad_edit_changes_nothing(users) -> None:
    person = report_person(users["coordinator"], **KHALIL_LATIN).person
    for details, only in [
        (_edited(given_names=(), father_names=(), grandfather_names=(), family_names=()), None),
        (PersonDetails(birth_year=1800), {"birth_year"}),
    ]:
        with pytest.raises(ValidationError) as caught:
            person_update(
                actor=users["coordinator"],
                person=person,
                details=details,
                expected_version=1,
                only=only,
            )
        assert not isinstance(caught.value, EditConflict)
    person.refresh_from_db()
    assert person.version == 1 and person.given_names == ["Xelîl"] and _updates(person) == 0


def test_an_edit_of_a_merged_record_is_a_conflict(users) -> None:
    actor = users["coordinator"]
    survivor = report_person(actor, **KHALIL_LATIN).person
    merged = report_person(actor, **KHALIL_ARABIC).person
    persons_merge(actor=actor, survivor=survivor, merged=merged)
    stale = Person.objects.get(pk=merged.pk)
    stale.merged_into_id = None  # the editor's copy, read before the merge
    with pytest.raises(EditConflict) as caught:
        person_update(actor=actor, person=stale, details=_edited(), expected_version=1)
    assert caught.value.merged and "merged into another" in caught.value.messages[0]
    survivor.refresh_from_db()
    assert "خليل" in survivor.given_names  # the survivor kept every spelling


def test_edit_needs_write_access_to_her(users) -> None:
    person = report_person(users["coordinator"], **KHALIL_LATIN).person
    decoy = User.objects.create(
        username="decoy-x", role="coordinator", is_decoy=True, decoy_of=users["coordinator"]
    )
    for actor in (users["caseworker"], users["analyst"], users["auditor"], decoy):
        with pytest.raises(ActionRefused):
            person_update(actor=actor, person=person, details=_edited(), expected_version=1)
    grant_create(actor=None, user=users["caseworker"], obj=person)
    assert (
        person_update(
            actor=users["caseworker"], person=person, details=_edited(sex="m"), expected_version=1
        ).sex
        == "m"
    )
