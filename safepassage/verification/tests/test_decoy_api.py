"""A decoy session's rescue requests through the API answer as a real account's, and write
nothing: recorded on its pretend person with its trap check, listed, queued, approved (one
approval each) and assessed again as real ones are; no row, audit event or alert."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from safepassage.accounts.models import Role
from safepassage.tests.decoy import ApiPair

pytestmark = pytest.mark.django_db

INTAKE = {
    "person": {"given_names": ["Nareen"], "family_names": ["Berani"], "sex": "f"},
    "report": {"reporter_name": "Hadiya", "relationship": "sister"},
}
REQUEST = {
    "person": "{her}",
    "contacts": ["{call}"],
    "pickup_text": "The crossroads by the old mill",
    "urgency_claimed": True,
    "holder_away_claimed": True,
}


def _her_with_a_call(both: ApiPair) -> None:
    real, answer = both.send("post", "/api/persons/", INTAKE)
    both.keep("her", real.json()["id"], answer.json()["id"])
    when = (timezone.now() - datetime.timedelta(hours=3)).isoformat()
    real, answer = both.send(
        "post",
        "/api/persons/{her}/contacts/",
        {"occurred_at": when, "channel": "phone", "what_she_asked": "Come now, he is away"},
    )
    both.keep("call", real.json()["id"], answer.json()["id"])


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.LIAISON])
def test_a_rescue_request_is_recorded_with_its_trap_check_as_a_real_one(role: str) -> None:
    both = ApiPair.of_role(role)
    _her_with_a_call(both)
    requests = "/api/verification/requests/"
    for bad in (
        {**REQUEST, "pickup_latitude": 91, "pickup_longitude": 1},
        {**REQUEST, "children_count": -1},
        {**REQUEST, "contacts": ["{her}"]},  # not one of her contacts
        {**REQUEST, "person": "{call}"},
        {**REQUEST, "pickup_at_captive_location": True, "network_chosen_meeting_point": True},
    ):
        assert both.send("post", requests, bad)[1].status_code == 400, bad
    assert both.send("get", requests)[1].json() == []
    real, answer = both.send("post", requests, REQUEST)
    assert answer.status_code == 201 and answer.json()["assessment"]["factors"]
    both.keep("request", real.json()["id"], answer.json()["id"])
    for path in (requests, requests + "?waiting=1", requests + "{request}/"):
        assert both.send("get", path)[1].status_code == 200
    # A new location report has it assessed again, as a real one; so does asking for it.
    both.send(
        "post",
        "/api/intel/location-reports/",
        {
            "person": "{her}",
            "source_contact": "{call}",
            "place_text": "A farm by the river",
            "source_reliability": "E",
            "info_credibility": 5,
        },
    )
    recomputed = both.send("post", requests + "{request}/recompute/")[1]
    assert recomputed.json()["assessment"]["trigger"] == "manual"
    # Its assessment keeps its id from one reading to the next, as a stored one does.
    first = both.decoy.get(requests + both.ids["request"][1] + "/").json()
    assert both.decoy.get(requests + both.ids["request"][1] + "/").json() == first
    both.keep("stranger", both.ids["request"][1], both.ids["request"][0])
    assert both.send("get", requests + "{stranger}/")[1].status_code == 404
    assert both.send("post", requests + "{stranger}/recompute/")[1].status_code == 404


def test_a_decoy_coordinator_approves_once_as_a_real_one() -> None:
    both = ApiPair.of_role(Role.COORDINATOR)
    _her_with_a_call(both)
    requests = "/api/verification/requests/"
    real, answer = both.send("post", requests, REQUEST)
    both.keep("request", real.json()["id"], answer.json()["id"])
    assert answer.json()["approvals_needed"] == 2 and not answer.json()["cleared"]
    assert len(both.send("get", requests + "?waiting=1")[1].json()) == 1
    approve = requests + "{request}/approve/"
    for bad in ({}, {"reason": "   "}, {"reason": "x" * 2001}):
        assert both.send("post", approve, bad)[1].status_code == 400, bad
    real, answer = both.send("post", approve, {"reason": "Her sister confirmed"})
    body = answer.json()
    assert answer.status_code == 200 and body["approvals_needed"] == 1 and not body["cleared"]
    # Named by its owner's codename, as a real approval names its coordinator.
    assert body["approvals"][0]["approver"] == "watched-coordinator"
    again = both.send("post", approve, {"reason": "Once more"})[1]
    assert again.status_code == 400 and again.json() == {
        "detail": ["You have already approved this request."]
    }
    # Still waiting: one coordinator's approval does not clear it.
    assert len(both.send("get", requests + "?waiting=1")[1].json()) == 1
    both.keep("stranger", both.ids["request"][1], both.ids["request"][0])
    assert (
        both.send("post", requests + "{stranger}/approve/", {"reason": "x"})[1].status_code == 404
    )
    # Its pages show the approval the API "recorded".
    page = both.decoy.get(f"/verification/requests/{both.ids['request'][1]}/").content.decode()
    assert "Her sister confirmed" in page and 'id="approved-by-me"' in page
