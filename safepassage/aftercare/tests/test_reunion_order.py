"""Notification, meeting and reunion keep their order: notified ≤ met ≤ reunited."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.test import Client

from safepassage.accounts.models import Role, User
from safepassage.aftercare import services
from safepassage.aftercare.models import FamilyMember, FamilyStage
from safepassage.aftercare.tests.factories import arrived, reported_person
from safepassage.tracing.models import Person, PersonStatus

pytestmark = pytest.mark.django_db

NOTIFIED = datetime.datetime(2024, 11, 28, 9, 30, tzinfo=datetime.UTC)


@pytest.fixture
def coordinator(users: dict[str, User]) -> User:
    return users[Role.COORDINATOR]


def _notified(coordinator: User) -> FamilyMember:
    person = reported_person(coordinator)
    arrived(coordinator, person, arrived_on=datetime.date(2024, 11, 26))
    member = services.family_member_add(actor=coordinator, person=person, name="Nadia")
    return services.family_notify(actor=coordinator, member=member, how="phone", at=NOTIFIED)


def test_meeting_before_the_notification_is_refused(coordinator: User) -> None:
    member = _notified(coordinator)
    with pytest.raises(ValidationError) as caught:
        services.family_met(actor=coordinator, member=member, on="2024-11-27")
    assert caught.value.message_dict == {
        "met_on": ["The date cannot be before the family was notified (2024-11-28)."]
    }
    row = FamilyMember.objects.get(pk=member.pk)
    assert row.stage == FamilyStage.NOTIFIED and row.met_on is None
    # The same day is fine.
    assert services.family_met(actor=coordinator, member=member, on="2024-11-28").met_on == (
        datetime.date(2024, 11, 28)
    )


def test_reunion_before_the_notification_is_refused(coordinator: User) -> None:
    member = _notified(coordinator)
    with pytest.raises(ValidationError, match=r"before the family was notified \(2024-11-28\)"):
        services.family_reunite(actor=coordinator, member=member, on="2024-11-27")
    row = FamilyMember.objects.get(pk=member.pk)
    assert row.stage == FamilyStage.NOTIFIED and row.reunited_on is None
    assert Person.objects.get(pk=row.person_id).status == PersonStatus.ARRIVED
    services.family_reunite(actor=coordinator, member=member, on="2024-11-29")
    assert FamilyMember.objects.get(pk=member.pk).met_on == datetime.date(2024, 11, 29)


def test_a_notification_after_the_meeting_is_refused(coordinator: User) -> None:
    member = services.family_met(actor=coordinator, member=_notified(coordinator), on="2024-11-29")
    later = datetime.datetime(2024, 12, 2, 9, tzinfo=datetime.UTC)
    with pytest.raises(ValidationError) as caught:
        services.family_notify(actor=coordinator, member=member, how="sms", at=later)
    assert caught.value.message_dict == {
        "at": ["The notification cannot be after they met (2024-11-29)."]
    }
    row = FamilyMember.objects.get(pk=member.pk)
    assert row.stage == FamilyStage.MET and row.notified_at == NOTIFIED
    assert row.notified_how == "phone"


def test_the_page_says_why_and_changes_nothing(
    coordinator: User, client_for: Callable[[str], Client]
) -> None:
    member = _notified(coordinator)
    answer = client_for(Role.COORDINATOR).post(
        f"/aftercare/family/{member.pk}/met/", {"on": "2024-11-27"}, follow=True
    )
    texts = [str(m) for m in get_messages(answer.wsgi_request)]
    assert texts == ["The date cannot be before the family was notified (2024-11-28)."]
    assert FamilyMember.objects.get(pk=member.pk).met_on is None
