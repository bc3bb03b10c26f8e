"""The REST API of intel and verification: roles, need-to-know, bad input, the approval flow."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from safepassage.accounts.models import Role, User
from safepassage.accounts.services import api_token_create
from safepassage.conftest import make_user
from safepassage.intel.models import LocationReport, Place
from safepassage.verification.models import RescueRequest
from safepassage.verification.tests.factories import (
    make_contact,
    make_member,
    make_person,
    make_place,
)

pytestmark = pytest.mark.django_db
R = Role
MISSING = "00000000-0000-4000-8000-000000000000"


def _client(user: User) -> Client:
    _, token = api_token_create(actor=None, user=user)
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def _post(client: Client, path: str, data: dict[str, Any]) -> Any:
    return client.post(path, json.dumps(data), content_type="application/json")


ENDPOINTS = [
    "/api/intel/places/",
    "/api/intel/members/",
    "/api/intel/holders/",
    "/api/intel/incidents/",
    "/api/intel/location-reports/",
    "/api/verification/requests/",
]


@pytest.mark.parametrize("role", R.values)
def test_endpoints_by_role(role: str, users: dict[str, User]) -> None:
    client = _client(users[role])
    reads = role in (R.COORDINATOR, R.CASEWORKER, R.LIAISON)
    for path in ENDPOINTS:
        assert client.get(path).status_code == (200 if reads else 404), path
    rules = client.get("/api/verification/rules/").status_code
    assert rules == (200 if role == R.COORDINATOR else 404)


def test_bad_input_is_400_and_writes_nothing(users: dict[str, User]) -> None:
    client = _client(users[R.COORDINATOR])
    place = {"kind": "village", "names": ["Kanîsor"]}
    for bad in (
        {"latitude": 91, "longitude": 1},
        {"latitude": "x", "longitude": 1},
        {"kind": "castle"},
    ):
        response = _post(client, "/api/intel/places/", {**place, **bad})
        assert response.status_code == 400, bad
        assert set(response.json()) & {"latitude", "kind"}
    assert Place.objects.count() == 0
    falcon = users[R.COORDINATOR]
    person = make_person()
    member = make_member(falcon)
    report = {"person": str(person.pk), "source_member": str(member.pk), "place_text": "a house"}
    for bad, field in (
        ({"source_reliability": "G", "info_credibility": 2}, "source_reliability"),
        ({"source_reliability": "B", "info_credibility": 7}, "info_credibility"),
        ({"source_reliability": "B", "info_credibility": 2, "place": MISSING}, "place"),
        (
            {"source_reliability": "B", "info_credibility": 2, "latitude": 1, "longitude": 999},
            "longitude",
        ),
    ):
        response = _post(client, "/api/intel/location-reports/", {**report, **bad})
        assert response.status_code == 400 and field in response.json(), (bad, response.json())
    assert LocationReport.objects.count() == 0
    response = _post(client, "/api/verification/requests/", {"person": MISSING})
    assert response.status_code == 400 and "person" in response.json()
    response = _post(
        client, "/api/verification/rules/", {"weights": {"nope": 1}, "threshold": 40, "reason": "x"}
    )
    assert response.status_code == 400 and "nope" in response.json()


def test_request_flow_over_the_api(users: dict[str, User]) -> None:
    falcon = users[R.COORDINATOR]
    heron = make_user("heron", R.COORDINATOR)
    first, second = _client(falcon), _client(heron)
    person = make_person()
    call = make_contact(person, what_she_asked="he is away, come now")
    house = make_place(falcon, "House 14", kind="house", latitude=36.3, longitude=41.9)
    response = _post(
        first,
        "/api/verification/requests/",
        {
            "person": str(person.pk),
            "contacts": [str(call.pk)],
            "pickup_place": str(house.pk),
            "urgency_claimed": True,
            "holder_away_claimed": True,
            "pickup_at_captive_location": True,
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    codes = {f["code"] for f in body["assessment"]["factors"]}
    assert {"auth_not_attempted", "lure_phrases", "lure_captive_location"} <= codes
    assert body["cleared"] is False and body["approvals_needed"] == 2
    url = f"/api/verification/requests/{body['id']}/approve/"
    assert _post(first, url, {"reason": "ok"}).status_code == 200
    assert _post(first, url, {"reason": "ok"}).status_code == 400
    assert _post(second, url, {"reason": ""}).status_code == 400
    done = _post(second, url, {"reason": "Agreed"}).json()
    assert done["cleared"] is True
    caseworker = _client(users[R.CASEWORKER])
    assert caseworker.get(f"/api/verification/requests/{body['id']}/").status_code == 404
    assert _post(caseworker, url, {"reason": "x"}).status_code == 404
    assert RescueRequest.objects.count() == 1


def test_places_near_a_point_and_search(users: dict[str, User]) -> None:
    falcon = users[R.COORDINATOR]
    make_place(falcon, "Tel Qasab", latitude=36.30, longitude=41.90)
    make_place(falcon, "Kanîsor", latitude=36.51, longitude=41.87)
    client = _client(falcon)
    near = client.get("/api/intel/places/?lat=36.3&lon=41.9&km=5").json()
    assert [p["names"][0] for p in near] == ["Tel Qasab"] and near[0]["distance_km"] == 0.0
    found = client.get("/api/intel/places/?q=تل قصب").json()
    assert [p["names"][0] for p in found] == ["Tel Qasab"]
    assert client.get("/api/intel/places/?lat=36").status_code == 400


def test_schema_lists_the_endpoints(users: dict[str, User]) -> None:
    client = _client(users[R.COORDINATOR])
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    for path in ("/api/intel/places/", "/api/verification/requests/{request_id}/approve/"):
        assert path in schema
