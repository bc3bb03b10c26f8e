"""Reunion dates in order: not before her arrival, a reunion not before the meeting."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from safepassage.accounts.models import Role, User
from safepassage.aftercare import services
from safepassage.aftercare.models import FamilyMember, FamilyStage
from safepassage.aftercare.tests.factories import arrived, reported_person
from safepassage.tracing.models import Person, PersonStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(users: dict[str, User]) -> User:
    return users[Role.COORDINATOR]


def _notified(coordinator: User, arrived_on: datetime.date) -> FamilyMember:
    """Notified on the day she arrived (an explicit time: the default is now)."""
    person = reported_person(coordinator)
    arrived(coordinator, person, arrived_on=arrived_on)
    member = services.family_member_add(actor=coordinator, person=person, name="Nadia")
    at = datetime.datetime.combine(arrived_on, datetime.time(12), tzinfo=datetime.UTC)
    return services.family_notify(actor=coordinator, member=member, how="phone", at=at)


def test_meeting_before_her_arrival_is_refused(coordinator: User) -> None:
    member = _notified(coordinator, datetime.date(2024, 11, 26))
    with pytest.raises(ValidationError) as caught:
        services.family_met(actor=coordinator, member=member, on="2024-11-20")
    assert caught.value.message_dict == {
        "met_on": ["The date cannot be before her arrival (2024-11-26)."]
    }
    row = FamilyMember.objects.get(pk=member.pk)
    assert row.stage == FamilyStage.NOTIFIED and row.met_on is None


def test_reunion_before_arrival_or_before_the_meeting_is_refused(coordinator: User) -> None:
    member = _notified(coordinator, datetime.date(2024, 11, 26))
    with pytest.raises(ValidationError, match=r"before her arrival \(2024-11-26\)"):
        services.family_reunite(actor=coordinator, member=member, on="2024-11-19")
    member = services.family_met(actor=coordinator, member=member, on="2024-11-28")
    with pytest.raises(ValidationError) as caught:
        services.family_reunite(actor=coordinator, member=member, on="2024-11-27")
    assert caught.value.message_dict == {
        "reunited_on": ["The date cannot be before they met (2024-11-28)."]
    }
    row = FamilyMember.objects.get(pk=member.pk)
    assert row.stage == FamilyStage.MET and row.reunited_on is None
    assert Person.objects.get(pk=row.person_id).status == PersonStatus.ARRIVED
    # The same day, and later days, are fine.
    services.family_reunite(actor=coordinator, member=member, on="2024-11-28")
    assert FamilyMember.objects.get(pk=member.pk).stage == FamilyStage.REUNITED


def test_notification_before_her_arrival_is_refused(coordinator: User) -> None:
    person = reported_person(coordinator)
    arrived(coordinator, person, arrived_on=datetime.date(2024, 11, 26))
    member = services.family_member_add(actor=coordinator, person=person, name="Nadia")
    early = datetime.datetime(2024, 11, 20, 10, 0, tzinfo=datetime.UTC)
    with pytest.raises(ValidationError, match=r"before her arrival \(2024-11-26\)"):
        services.family_notify(actor=coordinator, member=member, how="phone", at=early)
    assert FamilyMember.objects.get(pk=member.pk).stage == FamilyStage.IDENTIFIED


def test_future_meeting_and_reunion_are_refused(coordinator: User) -> None:
    member = _notified(coordinator, datetime.date(2024, 11, 26))
    tomorrow = (timezone.localdate() + datetime.timedelta(days=2)).isoformat()
    with pytest.raises(ValidationError, match="cannot be in the future"):
        services.family_met(actor=coordinator, member=member, on=tomorrow)
    with pytest.raises(ValidationError, match="cannot be in the future"):
        services.family_reunite(actor=coordinator, member=member, on=tomorrow)
    assert FamilyMember.objects.get(pk=member.pk).stage == FamilyStage.NOTIFIED


def test_page_shows_the_date_error_and_changes_nothing(
    coordinator: User, client_for: Callable[[str], Client]
) -> None:
    member = _notified(coordinator, datetime.date(2024, 11, 26))
    client = client_for(Role.COORDINATOR)
    answer = client.post(f"/aftercare/family/{member.pk}/met/", {"on": "2024-11-20"})
    assert answer.status_code == 302
    texts = [str(m) for m in get_messages(answer.wsgi_request)]
    assert texts == ["The date cannot be before her arrival (2024-11-26)."]
    assert FamilyMember.objects.get(pk=member.pk).met_on is None
