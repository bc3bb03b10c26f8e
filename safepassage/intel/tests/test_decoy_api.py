"""A decoy session's location reports through the API answer as a real account's, and write
nothing: recorded on its pretend person (entered through the API or its pages), listed,
read, refused with the real errors; no row, audit event, assessment or alert."""

from __future__ import annotations

import pytest

from safepassage.accounts.models import Role
from safepassage.conftest import decoy_client, make_user
from safepassage.intel.tests.factories import make_holder, make_member, make_place
from safepassage.tests.decoy import DURESS, REPORT, api_pair_with_her_called, counts

pytestmark = pytest.mark.django_db

INTAKE = {
    "person": {"given_names": ["Nareen"], "family_names": ["Berani"], "sex": "f"},
    "report": {"reporter_name": "Hadiya", "relationship": "sister"},
}
GRADED = {"source_reliability": "C", "info_credibility": 3}


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.CASEWORKER, Role.LIAISON])
def test_a_location_report_is_recorded_listed_and_read_as_a_real_one(role: str) -> None:
    both = api_pair_with_her_called(role, INTAKE)
    reports = "/api/intel/location-reports/"
    assert both.send("get", reports)[1].json() == []
    # Bad input: the real errors, word for word, and nothing kept.
    for bad in (
        {**GRADED, "person": "{her}", "place_text": "A farm by the river"},  # no source
        {**GRADED, "person": "{her}", "source_contact": "{call}"},  # nowhere
        {
            **GRADED,
            "person": "{her}",
            "source_contact": "{call}",
            "place_text": "x",
            "held_since": "2999-01-01",
        },
        {**GRADED, "person": "{her}", "source_contact": "{call}", "latitude": 91, "longitude": 1},
        {
            **GRADED,
            "person": "{her}",
            "source_contact": "{call}",
            "place_text": "x",
            "reported_at": "2999-01-01T00:00:00Z",
        },
        {
            "person": "{her}",
            "source_contact": "{call}",
            "place_text": "x",
            "source_reliability": "Z",
            "info_credibility": 9,
        },
        {**GRADED, "person": "{her}", "source_contact": "not an id", "place_text": "x"},
        {**GRADED, "person": "{call}", "source_contact": "{call}", "place_text": "x"},
        {**GRADED, "source_contact": "{call}", "place_text": "x"},
    ):
        assert both.send("post", reports, bad)[1].status_code == 400, bad
    assert both.send("get", reports)[1].json() == []
    good = {
        **GRADED,
        "person": "{her}",
        "source_contact": "{call}",
        "place_text": "A farm by the river",
        "held_since": "2024-01-01",
        "children_count": 2,
    }
    real, answer = both.send("post", reports, good)
    assert answer.status_code == 201 and answer.json()["grade"] == "C3"
    both.keep("report", real.json()["id"], answer.json()["id"])
    for path in (reports, reports + "?person={her}", reports + "{report}/"):
        assert both.send("get", path)[1].status_code == 200
    # Corroborated by a report from the same source: the real refusal.
    same = both.send("post", reports, {**good, "corroborated_by": "{report}"})[1]
    assert same.status_code == 400 and "corroborated_by" in same.json()
    # Another id than its own: not found (or unknown in a field), as for a real account.
    both.keep("stranger", both.ids["report"][1], both.ids["report"][0])
    assert both.send("get", reports + "{stranger}/")[1].status_code == 404
    both.keep("nobody", both.ids["her"][1], both.ids["her"][0])
    assert both.send("get", reports + "?person={nobody}")[1].status_code == 404
    assert both.send("post", reports, {**good, "person": "{nobody}"})[1].status_code == 400
    # What the API "saved" shows on its pages too.
    page = both.decoy.get(f"/intel/persons/{both.ids['her'][1]}/location-reports/")
    assert "A farm by the river" in page.content.decode()


def test_a_decoy_names_no_member_place_or_holder_of_the_network() -> None:
    coordinator = make_user("network-coordinator", Role.COORDINATOR)
    network = {
        "place": make_place(coordinator, "Tel Qasab").pk,
        "holder": make_holder(coordinator, "Abu Hamza").pk,
        "source_member": make_member(coordinator, "wren").pk,
    }
    decoy = decoy_client(make_user("watched", Role.COORDINATOR), DURESS)
    decoy.post("/persons/new/", {**REPORT, "decision": "check"})  # one entered on its pages
    entered = decoy.post("/persons/new/", {**REPORT, "decision": "new", "checked": "1"})
    her = str(entered["Location"]).split("/")[2]
    for path in ("/api/intel/places/", "/api/intel/holders/", "/api/intel/members/"):
        assert decoy.get(path).json() == []
    for field, value in network.items():
        before = counts()
        answer = decoy.post(
            "/api/intel/location-reports/",
            {**GRADED, "person": her, "place_text": "x", field: str(value)},
            content_type="application/json",
        )
        assert counts() == before
        # As a real account is answered for one it may not see.
        label = {"source_member": "member"}.get(field, field)
        assert answer.status_code == 400
        assert answer.json() == {field: [f"Unknown {label}."]}
