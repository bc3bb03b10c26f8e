"""A rescue request must give something to check: a contact of hers it rests on, a location
report of her on record, where she is said to be, or a pick-up. Otherwise it is refused with
a clear message and nothing is saved."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from safepassage.accounts.models import Role, User
from safepassage.audit.models import AuditEvent
from safepassage.verification.models import Assessment, RescueRequest
from safepassage.verification.services import request_create
from safepassage.verification.tests.factories import (
    make_contact,
    make_person,
    make_place,
    make_report,
)

pytestmark = pytest.mark.django_db
MESSAGE = "A request must give something to check"


def test_an_empty_request_is_refused_and_nothing_is_saved(users: dict[str, User]) -> None:
    person = make_person()
    make_contact(person)  # she has a contact, but the request does not rest on it
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as caught:
        request_create(actor=users[Role.COORDINATOR], person=person)
    assert MESSAGE in caught.value.message_dict["contacts"][0]
    assert RescueRequest.objects.count() == 0 and Assessment.objects.count() == 0
    assert AuditEvent.objects.count() == events


def test_lure_flags_alone_are_not_enough(users: dict[str, User]) -> None:
    with pytest.raises(ValidationError):
        request_create(
            actor=users[Role.COORDINATOR],
            person=make_person(),
            urgency_claimed=True,
            holder_away_claimed=True,
            children_count=1,
            notes="Someone called.",
        )
    assert RescueRequest.objects.count() == 0


@pytest.mark.parametrize(
    "what",
    [
        "contact",
        "report",
        "stated_place",
        "pickup_place",
        "coordinates",
        "text",
        "meeting",
        "where_held",
    ],
)
def test_each_minimum_is_enough(users: dict[str, User], what: str) -> None:
    coordinator = users[Role.COORDINATOR]
    person = make_person()
    fields: dict[str, Any] = {}
    if what == "contact":
        fields["contacts"] = [make_contact(person)]
    elif what == "report":
        make_report(coordinator, person, place_text="the house by the mill")
    elif what in ("stated_place", "pickup_place"):
        fields[what] = make_place(coordinator, "Kanî Sor")
    elif what == "coordinates":
        fields.update(pickup_latitude="36.3", pickup_longitude="41.8")
    elif what == "text":
        fields["pickup_text"] = "The old mill, north side"
    elif what == "meeting":
        fields["network_chosen_meeting_point"] = True
    else:
        fields["pickup_at_captive_location"] = True
    rescue = request_create(actor=coordinator, person=person, **fields)
    assert rescue.assessments.count() == 1


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.CASEWORKER])
def test_the_page_refuses_an_empty_request_with_the_message(
    users: dict[str, User], client_for: Callable[[str], Client], role: str
) -> None:
    from safepassage.accounts.services import grant_create

    person = make_person()
    grant_create(actor=users[Role.COORDINATOR], user=users[Role.CASEWORKER], obj=person)
    response = client_for(role).post(
        f"/verification/persons/{person.pk}/request/", {"urgency_claimed": "on"}
    )
    assert response.status_code == 400
    assert MESSAGE in response.content.decode()
    assert RescueRequest.objects.count() == 0


def test_the_api_refuses_an_empty_request(
    users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    person = make_person()
    response = client_for(Role.COORDINATOR).post(
        "/api/verification/requests/", {"person": str(person.pk)}, content_type="application/json"
    )
    assert response.status_code == 400
    assert MESSAGE in str(response.json())
    assert RescueRequest.objects.count() == 0
