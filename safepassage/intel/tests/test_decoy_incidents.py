"""A decoy's incident is recorded as a real account's is, and writes nothing.

The incidents page's form and ``POST /api/intel/incidents/`` check a decoy's incident as a
real save does (a date to come, an unknown kind, coordinates out of range, a member, place,
holder or person it may not see: the real refusals), answer as one (status, redirect, message,
JSON) and list it back on its pages and the API; it is kept in the decoy's session only: no
row, audit event, assessment, phone sighting or alert.
"""

from __future__ import annotations

import datetime
import re
import uuid

import pytest
from django.utils import timezone

from safepassage.accounts.models import Role
from safepassage.conftest import decoy_client, make_user
from safepassage.intel.tests.factories import make_holder, make_member, make_place
from safepassage.tests.decoy import (
    DURESS,
    ApiPair,
    counts,
    form_token,
    posted_alike,
    real_and_decoy,
)

pytestmark = pytest.mark.django_db

ROLES = [Role.COORDINATOR, Role.CASEWORKER, Role.LIAISON]
PAGE = "/intel/incidents/"
API = "/api/intel/incidents/"
FIELDS = re.compile(r'name="([a-z_]+)"')
FACTS = re.compile(r"<h1>.*?</dl>", re.S)  # what an incident's page shows of it
AGAIN = "This form was already saved. It was not saved again."
INTAKE = {
    "person": {"given_names": ["Nareen"], "family_names": ["Berani"], "sex": "f"},
    "report": {"reporter_name": "Hadiya", "relationship": "sister"},
}


def _tomorrow() -> str:
    return (timezone.localdate() + datetime.timedelta(days=1)).isoformat()


@pytest.mark.parametrize("role", ROLES)
def test_an_incident_on_the_page_is_checked_saved_and_listed_as_a_real_one(role: str) -> None:
    real, decoy = real_and_decoy(role)
    real_list, pretend_list = real.get(PAGE), decoy.get(PAGE)
    assert pretend_list.status_code == real_list.status_code == 200
    assert FIELDS.findall(pretend_list.content.decode()) == FIELDS.findall(
        real_list.content.decode()
    )
    assert "No incidents." in pretend_list.content.decode()

    good = {
        "kind": "ambush",
        "occurred_on": timezone.localdate().isoformat(),
        "latitude": "36.34",
        "longitude": "43.13",
        "phone_numbers": "+964 750 123 4567",
        "description": "Stopped at the bridge checkpoint",
    }
    for bad in (
        {**good, "occurred_on": _tomorrow()},
        {**good, "kind": "storm"},
        {**good, "latitude": "91"},
        {**good, "members": str(uuid.uuid4())},
        {**good, "place": str(uuid.uuid4())},
    ):
        assert posted_alike(real, decoy, PAGE, bad, token=True)[1].status_code == 400, bad
    future = decoy.post(PAGE, {**good, "occurred_on": _tomorrow()}).content.decode()
    assert "The incident cannot be dated in the future." in future
    assert "No incidents." in decoy.get(PAGE).content.decode()

    real_answer, answer = posted_alike(real, decoy, PAGE, good, token=True)
    assert answer.status_code == 302
    real_page, page = real.get(real_answer["Location"]), decoy.get(answer["Location"])
    assert page.status_code == real_page.status_code == 200
    shown, real_shown = (
        FACTS.search(page.content.decode()),
        FACTS.search(real_page.content.decode()),
    )
    assert shown is not None and real_shown is not None
    assert shown.group(0) == real_shown.group(0)
    assert "Stopped at the bridge checkpoint" in page.content.decode()
    listed = decoy.get(PAGE).content.decode()
    assert answer["Location"] in listed and "No incidents." not in listed
    # Another id than its own: not found, as for a real account.
    assert decoy.get(real_answer["Location"]).status_code == 404


def test_a_decoys_incident_sent_again_is_not_listed_twice() -> None:
    real, decoy = real_and_decoy(Role.CASEWORKER)
    data = {"kind": "arrest", "occurred_on": timezone.localdate().isoformat()}
    listed: list[str] = []
    for client in (real, decoy):
        token = form_token(client, PAGE)
        before = counts()
        first = client.post(PAGE, {**data, "submission": token})
        again = client.post(PAGE, {**data, "submission": token})
        if client is decoy:
            assert counts() == before
        assert first.status_code == again.status_code == 302
        assert again["Location"] == first["Location"]
        assert AGAIN in client.get(again["Location"]).content.decode()
        listed.append(client.get(PAGE).content.decode())
    assert listed[1].count("/intel/incidents/") == listed[0].count("/intel/incidents/")


@pytest.mark.parametrize("role", ROLES)
def test_an_incident_through_the_api_is_recorded_listed_and_read_as_a_real_one(role: str) -> None:
    both = ApiPair.of_role(role)
    real, answer = both.send("post", "/api/persons/", INTAKE)
    both.keep("her", real.json()["id"], answer.json()["id"])
    assert both.send("get", API)[1].json() == []
    today = timezone.localdate().isoformat()
    good = {
        "kind": "betrayal",
        "occurred_on": today,
        "phone_numbers": ["+964 750 765 4321"],
        "description": "The driver sold the route",
        "persons": ["{her}"],
    }
    nobody = str(uuid.uuid4())
    for bad in (
        {**good, "occurred_on": _tomorrow()},
        {**good, "kind": "storm"},
        {**good, "latitude": 91, "longitude": 10},
        {**good, "persons": [nobody]},
        {**good, "members": [nobody]},
        {**good, "holders": [nobody]},
        {**good, "places": [nobody]},
        {**good, "place": nobody},
    ):
        assert both.send("post", API, bad)[1].status_code == 400, bad
    future = both.send("post", API, {**good, "occurred_on": _tomorrow()})[1].json()
    assert future == {"occurred_on": ["The incident cannot be dated in the future."]}
    assert both.send("get", API)[1].json() == []

    real, answer = both.send("post", API, good)
    assert answer.status_code == 201 and answer.json()["kind"] == "betrayal"
    both.keep("incident", real.json()["id"], answer.json()["id"])
    assert len(both.send("get", API)[1].json()) == 1
    assert both.send("get", API + "{incident}/")[1].json()["description"] == (
        "The driver sold the route"
    )
    # Another's incident, or another's person: not found, or unknown, as for a real account.
    both.keep("stranger", both.ids["incident"][1], both.ids["incident"][0])
    assert both.send("get", API + "{stranger}/")[1].status_code == 404
    both.keep("nobody", both.ids["her"][1], both.ids["her"][0])
    assert both.send("post", API, {**good, "persons": ["{nobody}"]})[1].status_code == 400
    # What the API "saved" shows on its pages too, naming her.
    page = both.decoy.get(f"/intel/incidents/{both.ids['incident'][1]}/").content.decode()
    assert "The driver sold the route" in page


def test_a_decoy_names_no_member_place_or_holder_of_the_network() -> None:
    coordinator = make_user("network-coordinator", Role.COORDINATOR)
    network = {
        "place": (str(make_place(coordinator, "Tel Qasab").pk), "Unknown place."),
        "places": ([str(make_place(coordinator, "Kocho").pk)], "Unknown place."),
        "holders": ([str(make_holder(coordinator, "Abu Hamza").pk)], "Unknown holder."),
        "members": ([str(make_member(coordinator, "wren").pk)], "Unknown member."),
    }
    decoy = decoy_client(make_user("watched", Role.COORDINATOR), DURESS)
    form = decoy.get(PAGE).content.decode()
    for name in ("Tel Qasab", "Kocho", "Abu Hamza", "wren"):
        assert name not in form
    good = {"kind": "trap", "occurred_on": timezone.localdate().isoformat()}
    for field, (value, message) in network.items():
        before = counts()
        answer = decoy.post(API, {**good, field: value}, content_type="application/json")
        assert counts() == before
        assert answer.status_code == 400 and answer.json() == {field: [message]}
    assert decoy.get(API).json() == []


def test_an_incident_has_its_rescue_requests_assessed_again_as_a_real_one() -> None:
    """A decoy's incident weighs on its rescue requests' trap check as a real one does: the
    number she called from, and a pickup near where it happened, each count."""
    both = ApiPair.of_role(Role.CASEWORKER)
    real, answer = both.send("post", "/api/persons/", INTAKE)
    both.keep("her", real.json()["id"], answer.json()["id"])
    when = (timezone.now() - datetime.timedelta(hours=3)).isoformat()
    call = {"occurred_at": when, "channel": "phone", "number_used": "+964 750 111 2222"}
    real, answer = both.send("post", "/api/persons/{her}/contacts/", call)
    both.keep("call", real.json()["id"], answer.json()["id"])
    requests = "/api/verification/requests/"
    request = {
        "person": "{her}",
        "contacts": ["{call}"],
        "pickup_text": "The crossroads by the old mill",
        "pickup_latitude": 36.34,
        "pickup_longitude": 43.13,
    }
    real, answer = both.send("post", requests, request)
    both.keep("request", real.json()["id"], answer.json()["id"])
    incident = {
        "kind": "ambush",
        "occurred_on": timezone.localdate().isoformat(),
        "latitude": 36.35,
        "longitude": 43.14,
        "phone_numbers": ["+964 750 111 2222"],
    }
    assert both.send("post", API, incident)[1].status_code == 201
    real, answer = both.send("get", requests + "{request}/")
    assessment = answer.json()["assessment"]
    assert assessment["trigger"] == "incident"
    codes = [factor["code"] for factor in assessment["factors"]]
    assert "number_in_incident" in codes and "pickup_near_incident" in codes
