"""A write checked before a merge and saved after it does not land on the hidden record.

A contact, a report attached to "the same person" (with its spellings), a report, a question
or a status change is checked against the record the request read; if a merge of that
record commits in between, the write is refused, with the message any write to a merged
record gets, and nothing is written. Each test reads the record, merges it away, then saves
with what was read: the window of the race, without threads.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from safepassage.accounts.models import User
from safepassage.audit.models import AuditEvent
from safepassage.tracing.keys import PersonDetails
from safepassage.tracing.models import (
    AuthSecret,
    Contact,
    Person,
    PersonLink,
    Report,
    StatusChange,
)
from safepassage.tracing.services import (
    ContactDetails,
    ReportDetails,
    auth_question_add,
    contact_create,
    contact_log,
    intake_submit,
    person_link_create,
    person_photo_remove,
    person_photo_set,
    person_set_status,
    persons_merge,
    report_create,
)
from safepassage.tracing.services.journey import person_status_kept
from safepassage.tracing.tests.conftest import KHALIL_ARABIC, KHALIL_LATIN, report_person

pytestmark = pytest.mark.django_db

MERGED = "This person was merged into another record; open that one."


def _read_then_merged(users: dict[str, User]) -> tuple[User, Person, Person]:
    """The record as a request read it, then merged into another before it saves."""
    actor = users["coordinator"]
    read = report_person(actor, **KHALIL_LATIN).person
    survivor = report_person(actor, reporter="Saeed", **KHALIL_ARABIC).person
    read = Person.objects.get(pk=read.pk)
    persons_merge(actor=actor, survivor=survivor, merged=Person.objects.get(pk=read.pk))
    return actor, read, survivor


def _written() -> dict[str, int]:
    return {
        "contacts": Contact.objects.count(),
        "reports": Report.objects.count(),
        "secrets": AuthSecret.objects.count(),
        "status": StatusChange.objects.count(),
        "links": PersonLink.objects.count(),
        "audit": AuditEvent.objects.exclude(action__startswith="view").count(),
    }


def _refused(save: Callable[[], Any]) -> None:
    before = _written()
    with pytest.raises(ValidationError) as refused:
        save()
    assert refused.value.messages == [MERGED]
    assert _written() == before


def _report() -> ReportDetails:
    return ReportDetails(reporter_name="Leyla", reported_on=datetime.date(2024, 3, 1))


def test_a_contact_saved_as_she_is_merged_is_refused(users) -> None:
    actor, read, survivor = _read_then_merged(users)
    call = ContactDetails(occurred_at=timezone.now(), channel="phone", number_used="+964 7")
    _refused(lambda: contact_create(actor=actor, person=read, contact=call))
    _refused(lambda: contact_log(actor=actor, person=read, contact=call))
    assert not Contact.objects.filter(person__in=[read, survivor]).exists()


def test_same_person_saved_as_she_is_merged_is_refused(users) -> None:
    actor, read, survivor = _read_then_merged(users)
    versions = {p.pk: Person.objects.get(pk=p.pk).version for p in (read, survivor)}
    details = PersonDetails(given_names=("Khaleel",), father_names=("Hasan",))
    _refused(lambda: intake_submit(actor=actor, details=details, report=_report(), attach_to=read))
    for person in (read, survivor):
        stored = Person.objects.get(pk=person.pk)
        assert stored.version == versions[person.pk]  # no spelling added to either
        assert "Khaleel" not in stored.given_names


def test_a_report_question_or_status_saved_as_she_is_merged_is_refused(users) -> None:
    actor, read, _survivor = _read_then_merged(users)
    _refused(lambda: report_create(actor=actor, person=read, report=_report()))
    _refused(lambda: auth_question_add(actor=actor, person=read, question="Goat?", answer="Bor"))
    _refused(lambda: person_set_status(actor=actor, person=read, status="located", reason="Seen."))
    assert Person.objects.get(pk=read.pk).status == "missing"


PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def test_a_photo_saved_or_removed_as_she_is_merged_is_refused(users) -> None:
    actor, read, survivor = _read_then_merged(users)
    versions = {p.pk: Person.objects.get(pk=p.pk).version for p in (read, survivor)}
    _refused(lambda: person_photo_set(actor=actor, person=read, data=PNG, consent=True))
    _refused(lambda: person_photo_remove(actor=actor, person=read))
    for person in (read, survivor):
        stored = Person.objects.get(pk=person.pk)
        assert not stored.photo and stored.version == versions[person.pk]


def test_a_kept_status_saved_as_she_is_merged_is_refused(users) -> None:
    actor, read, _survivor = _read_then_merged(users)
    _refused(lambda: person_status_kept(actor=actor, person=read, reason="Still held."))


def test_a_link_saved_as_either_is_merged_is_refused(users) -> None:
    actor, read, survivor = _read_then_merged(users)
    sister = report_person(actor, given_names=("Roza",), father_names=("Xelîl",)).person
    _refused(lambda: person_link_create(actor=actor, person=read, other=sister, kind="sister"))
    _refused(lambda: person_link_create(actor=actor, person=sister, other=read, kind="sister"))
    assert not PersonLink.objects.exists()
    person_link_create(actor=actor, person=survivor, other=sister, kind="sister")
    assert PersonLink.objects.get().person_id == survivor.pk
