"""A decoy's rescue request names its own places and holders as a real account's names the
ones it added, and writes nothing.

A real account that has added a place and a holder finds them offered on a person's "Rescue
request" form (the pick-up place, where she says she is, who she says holds her), accepted
when sent (the page and ``POST /api/verification/requests/``) and named on the request's page
afterwards. A decoy session that added its own pretend ones finds the same; any other id (the
real account's, a random one) is refused as a real account is refused one it may not see.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.test import Client

from safepassage.accounts.models import Role
from safepassage.tests.decoy import (
    REPORT,
    answered_alike,
    api_links_added,
    api_pair_with_her_called,
    counts,
    links_added,
    main_content,
    offered,
    real_and_decoy,
    reported,
)

pytestmark = pytest.mark.django_db

ROLES = [Role.COORDINATOR, Role.CASEWORKER, Role.LIAISON]
LINKED = {"pickup_place": "place", "stated_place": "place", "stated_holder": "holder"}


def _form(person_id: str) -> str:
    return f"/verification/persons/{person_id}/request/"


def _links(client: Client) -> dict[str, str]:
    """What one side adds itself on its pages: a place, a holder there, and a person; ids."""
    ids = links_added(client, coordinator=False)
    ids["her"] = reported(client, REPORT)
    return ids


@pytest.mark.parametrize("role", ROLES)
def test_its_own_places_and_holders_are_offered_accepted_and_named(role: str) -> None:
    real, decoy = real_and_decoy(role)
    mine, its = _links(real), _links(decoy)
    real_form = real.get(_form(mine["her"])).content.decode()
    form = decoy.get(_form(its["her"])).content.decode()
    for field, kind in LINKED.items():
        # Its own, under the label a real account reads for its own.
        assert offered(form, field) == [
            (its[kind], label) for _id, label in offered(real_form, field)
        ]
        assert offered(form, field), field
    assert main_content(decoy.get(_form(its["her"]))) == main_content(real.get(_form(mine["her"])))

    def both(data: dict[str, Any], real_data: dict[str, Any]) -> Any:
        real_answer = real.post(_form(mine["her"]), real_data)
        before = counts()
        answer = decoy.post(_form(its["her"]), data)
        assert counts() == before, data  # no row, no audit event, no assessment, no alert
        answered_alike(real_answer, answer, data)
        return answer

    def good(ids: dict[str, str]) -> dict[str, Any]:
        return {
            "pickup_text": "By the mill",
            **{field: ids[kind] for field, kind in LINKED.items()},
        }

    # Another's record, or a random id: refused as a real account's choice it may not see.
    for field in LINKED:
        stranger = {**good(its), field: mine[LINKED[field]]}
        assert both(stranger, {**good(mine), field: str(uuid.uuid4())}).status_code == 400
    assert "No rescue requests." in main_content(decoy.get(f"/persons/{its['her']}/"))

    answer = both(good(its), good(mine))
    assert answer.status_code == 302
    real_answer = real.get(f"/persons/{mine['her']}/")
    real_link = [a for a in real_answer.content.decode().split('"') if "/requests/" in a]
    decoy_link = [
        a
        for a in decoy.get(f"/persons/{its['her']}/").content.decode().split('"')
        if "/requests/" in a
    ]
    assert decoy_link and len(decoy_link) == len(real_link)
    shown = decoy.get(answer["Location"])
    assert main_content(shown) == main_content(real.get(real_link[0]))
    page = shown.content.decode()
    assert page.count("The mill house") == 2 and "Not shared" not in page


INTAKE = {
    "person": {"given_names": ["Nareen"], "family_names": ["Berani"], "sex": "f"},
    "report": {"reporter_name": "Hadiya", "relationship": "sister"},
}
API = "/api/verification/requests/"


@pytest.mark.parametrize("role", ROLES)
def test_through_the_api_its_own_ids_are_accepted(role: str) -> None:
    both = api_pair_with_her_called(role, INTAKE)
    api_links_added(both, member=False)
    good = {
        "person": "{her}",
        "contacts": ["{call}"],
        **{field: "{" + kind + "}" for field, kind in LINKED.items()},
    }
    # Another's record for the decoy, a random id for the real account: the same refusal.
    for field, kind in LINKED.items():
        both.keep("stranger", uuid.uuid4(), both.ids[kind][0])
        refused = both.send("post", API, {**good, field: "{stranger}"})[1]
        assert refused.status_code == 400 and field in refused.json(), refused.json()
    assert both.send("get", API)[1].json() == []

    real, answer = both.send("post", API, good)
    assert answer.status_code == 201
    both.keep("request", real.json()["id"], answer.json()["id"])
    for path in (API, API + "{request}/"):
        assert both.send("get", path)[1].status_code == 200
    # What the API "saved" names its places on its page too.
    page = both.decoy.get(f"/verification/requests/{both.ids['request'][1]}/").content.decode()
    assert page.count("Tel Qasab") == 2 and "Not shared" not in page


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.CASEWORKER])
def test_its_trap_check_reads_its_own_incidents_at_its_places_and_holder(role: str) -> None:
    both = api_pair_with_her_called(role, INTAKE)
    api_links_added(both, member=False)
    _real, answer = both.send(
        "post",
        "/api/intel/incidents/",
        {
            "kind": "ambush",
            "occurred_on": "2024-03-01",
            "place": "{place}",
            "holders": ["{holder}"],
        },
    )
    assert answer.status_code == 201
    coordinator = role == Role.COORDINATOR
    if coordinator:  # its member reported her at its place, then was taken
        api_links_added(both, places=False)
        report = {"person": "{her}", "source_member": "{member}", "place": "{place}"}
        grades = {"source_reliability": "B", "info_credibility": 2}
        sent = both.send("post", "/api/intel/location-reports/", {**report, **grades})
        assert sent[1].status_code == 201
        changed = {"status": "captured", "reason": "Taken at the checkpoint"}
        status = "/api/intel/members/{member}/status/"
        assert both.send("post", status, changed)[1].status_code == 200
    # The same factors as a real request's (compared whole by the pair): its place and its
    # holder named in an incident (and its place reported by a member no longer trusted).
    _real, answer = both.send(
        "post",
        API,
        {
            "person": "{her}",
            "contacts": ["{call}"],
            **{field: "{" + kind + "}" for field, kind in LINKED.items()},
        },
    )
    assert answer.status_code == 201
    fired = {f["code"] for f in answer.json()["assessment"]["factors"]}
    assert {"place_in_incident", "holder_in_incident"} <= fired, fired
    assert ("place_unsafe_source" in fired) == coordinator, fired
