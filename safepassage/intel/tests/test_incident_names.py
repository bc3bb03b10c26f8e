"""An incident shared with a user names its secret place, its members and its holders only
to a user who may see each of them: they follow their own grants (intel/access.py), and a
caseworker shown a trap must not learn from its page the codename of the insider who was
there, the name of the holder, or where the safe house is (the API gives their ids only)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from safepassage.accounts.models import Role, User
from safepassage.accounts.services import api_token_create, grant_create
from safepassage.intel.models import Incident
from safepassage.intel.tests.factories import make_holder, make_incident, make_member, make_place

pytestmark = pytest.mark.django_db

NAMES = ("Beit al-Amal", "nightjar", "Abu Zaydan")


def _incident(coordinator: User) -> Incident:
    return make_incident(
        coordinator,
        place=make_place(coordinator, "Beit al-Amal", kind="safe_house", secret=True),
        members=[make_member(coordinator, "nightjar")],
        holders=[make_holder(coordinator, "Abu Zaydan")],
    )


def test_the_incident_names_place_members_and_holders_only_to_who_may_see_them(
    users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    coordinator, caseworker = users[Role.COORDINATOR], users[Role.CASEWORKER]
    incident = _incident(coordinator)
    grant_create(actor=coordinator, user=caseworker, obj=incident)

    client = client_for(Role.CASEWORKER)
    detail = client.get(f"/intel/incidents/{incident.pk}/")
    assert detail.status_code == 200
    body = detail.content.decode()
    for name in NAMES:
        assert name not in body
    assert "a member, not shared with you" in body
    assert "Not shared with you" in body
    listing = client.get("/intel/incidents/").content.decode()
    assert f"/intel/incidents/{incident.pk}/" in listing
    assert "Beit al-Amal" not in listing
    assert "Not shared with you" in listing

    # Shared with her, they are named.
    for obj in (incident.place, *incident.members.all(), *incident.holders.all()):
        assert obj is not None
        grant_create(actor=coordinator, user=caseworker, obj=obj)
    body = client.get(f"/intel/incidents/{incident.pk}/").content.decode()
    assert all(name in body for name in NAMES)
    assert "not shared with you" not in body.lower()
    assert "Beit al-Amal" in client.get("/intel/incidents/").content.decode()

    coordinator_page = client_for(Role.COORDINATOR).get(f"/intel/incidents/{incident.pk}/")
    body = coordinator_page.content.decode()
    assert all(name in body for name in NAMES)
    assert "not shared with you" not in body.lower()


def test_the_api_gives_the_incident_place_as_an_id_only(
    users: dict[str, User],
) -> None:
    coordinator, caseworker = users[Role.COORDINATOR], users[Role.CASEWORKER]
    incident = _incident(coordinator)
    grant_create(actor=coordinator, user=caseworker, obj=incident)
    _, token = api_token_create(actor=None, user=caseworker)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    for address in ("/api/intel/incidents/", f"/api/intel/incidents/{incident.pk}/"):
        answer = client.get(address)
        assert answer.status_code == 200, address
        body = answer.content.decode()
        assert str(incident.pk) in body
        for name in NAMES:
            assert name not in body


def test_the_api_withholds_the_id_of_a_secret_place_not_shared(users: dict[str, User]) -> None:
    coordinator, caseworker = users[Role.COORDINATOR], users[Role.CASEWORKER]
    incident = _incident(coordinator)
    grant_create(actor=coordinator, user=caseworker, obj=incident)
    _, token = api_token_create(actor=None, user=caseworker)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert incident.place is not None
    place_id = str(incident.place.pk)

    def answers() -> list[dict[str, object]]:
        listed = client.get("/api/intel/incidents/")
        detail = client.get(f"/api/intel/incidents/{incident.pk}/")
        assert listed.status_code == detail.status_code == 200
        return [*listed.json(), detail.json()]

    for row in answers():
        assert (row["place"], row["place_withheld"]) == (None, True)
        assert place_id not in {str(v) for v in row.values()}
    grant_create(actor=coordinator, user=caseworker, obj=incident.place)
    for row in answers():
        assert (row["place"], row["place_withheld"]) == (place_id, False)
