"""A rescue request's page names its pick-up place, and where she says she is, only to a user
who may see that place: a secret place (a safe house, a reception point) follows grants, and a
caseworker who may see her, and so her requests, must not learn a safe house's name from them
(the API gives no place of a request at all)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from safepassage.accounts.models import Role, User
from safepassage.accounts.services import grant_create
from safepassage.aftercare.tests.factories import reported_person
from safepassage.verification.tests.factories import make_place, make_request

pytestmark = pytest.mark.django_db


def test_secret_places_of_a_request_are_named_only_to_who_may_see_them(
    users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    coordinator, caseworker = users[Role.COORDINATOR], users[Role.CASEWORKER]
    person = reported_person(caseworker)  # she entered the report: she may see the person
    safe_house = make_place(coordinator, "Beit Sirri", kind="safe_house", secret=True)
    hideout = make_place(coordinator, "Kahf", kind="safe_house", secret=True)
    village = make_place(coordinator, "Tel Qasab")
    rescue = make_request(
        coordinator, person, pickup_place=safe_house, stated_place=hideout, pickup_text="at dusk"
    )
    url = f"/verification/requests/{rescue.pk}/"

    client = client_for(Role.CASEWORKER)
    body = client.get(url).content.decode()
    assert "at dusk" in body  # the request itself is hers to see
    assert "Beit Sirri" not in body and "Kahf" not in body
    assert body.count("Not shared with you") == 2

    grant_create(actor=coordinator, user=caseworker, obj=safe_house)
    body = client.get(url).content.decode()
    assert "Beit Sirri" in body and "Kahf" not in body

    open_request = make_request(coordinator, person, pickup_place=village)
    assert "Tel Qasab" in client.get(f"/verification/requests/{open_request.pk}/").content.decode()

    body = client_for(Role.COORDINATOR).get(url).content.decode()
    assert "Beit Sirri" in body and "Kahf" in body
    assert "Not shared with you" not in body
