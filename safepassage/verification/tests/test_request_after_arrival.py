"""Once she has arrived, is back with her family, has died or her case is closed, no rescue
request is recorded for her: the person page stops offering one and the service refuses it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation

from safepassage.accounts.models import Role, User
from safepassage.tracing.models import PersonStatus
from safepassage.tracing.services import person_set_status
from safepassage.verification.models import RescueRequest
from safepassage.verification.services import request_create
from safepassage.verification.tests.factories import make_contact, make_person

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "status",
    [PersonStatus.ARRIVED, PersonStatus.REUNITED, PersonStatus.DECEASED, PersonStatus.CLOSED],
)
def test_no_request_for_a_person_no_longer_held(users: dict[str, User], status: str) -> None:
    coordinator = users[Role.COORDINATOR]
    person = make_person()
    contact = make_contact(person)
    person_set_status(actor=coordinator, person=person, status=status, reason="Recorded.")
    person.refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        request_create(actor=coordinator, person=person, contacts=[contact])
    assert "no longer held" in caught.value.messages[0]
    assert RescueRequest.objects.count() == 0
    with translation.override("ar"), pytest.raises(ValidationError) as caught:
        request_create(actor=coordinator, person=person, contacts=[contact])
    assert "لم تعد محتجزة" in caught.value.messages[0]


def test_a_held_person_can_still_be_asked_for(users: dict[str, User]) -> None:
    person = make_person()
    contact = make_contact(person)
    for status in (PersonStatus.LOCATED, PersonStatus.IN_TRANSIT):
        person_set_status(actor=users[Role.COORDINATOR], person=person, status=status, reason="x")
        request_create(actor=users[Role.COORDINATOR], person=person, contacts=[contact])
    assert RescueRequest.objects.filter(person=person).count() == 2


def test_the_person_page_offers_a_request_only_while_she_is_held(
    users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    person = make_person()
    link = f"/verification/persons/{person.pk}/request/"
    client = client_for(Role.COORDINATOR)
    assert link in client.get(f"/persons/{person.pk}/").content.decode()
    person_set_status(
        actor=users[Role.COORDINATOR], person=person, status=PersonStatus.ARRIVED, reason="x"
    )
    assert link not in client.get(f"/persons/{person.pk}/").content.decode()
