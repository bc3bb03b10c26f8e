"""A decoy's location report names its own places, holders and members as a real account's
names the ones it added, and writes nothing.

A real account that has added a place, a holder (and, a coordinator, a member) finds them
offered on a person's "Add a location report" form, accepted when sent (the page and
``POST /api/intel/location-reports/``) and named on the report afterwards (her location
reports page, her person page; their ids, shown, in the API). A decoy session that added its
own pretend ones finds the same; any other id (the real account's, a random one) is refused
as a real account is refused one it may not see.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from safepassage.accounts.models import Role
from safepassage.tests.decoy import (
    ID,
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
MINUTE = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}[0-9:.+]*")
SECTION = re.compile(r'<section class="card" id="location-reports">.*?</section>', re.S)
GRADED = {"source_reliability": "C", "info_credibility": "3"}


def _reports_page(person_id: str) -> str:
    return f"/intel/persons/{person_id}/location-reports/"


def _links(client: Client, coordinator: bool) -> dict[str, str]:
    """What one side adds itself on its pages: a place, a holder there, a member (a
    coordinator) and a person with a contact; their ids."""
    ids = links_added(client, coordinator=coordinator, member="source_member")
    ids["her"] = reported(client, REPORT)
    when = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    answer = client.post(
        f"/persons/{ids['her']}/contacts/new/",
        {"occurred_at": when, "channel": "phone", "location_said": "A farm"},
    )
    assert answer.status_code == 302
    [(ids["source_contact"], _label)] = offered(
        client.get(_reports_page(ids["her"])).content.decode(), "source_contact"
    )
    return ids


def _alike(answer: Any) -> str:
    """A page's content as both sides see it alike (ids, tokens and the minute blanked)."""
    return MINUTE.sub("TIME", main_content(answer))


@pytest.mark.parametrize("role", ROLES)
def test_its_own_places_holders_and_members_are_offered_accepted_and_named(role: str) -> None:
    real, decoy = real_and_decoy(role)
    coordinator = role == Role.COORDINATOR
    mine, its = _links(real, coordinator), _links(decoy, coordinator)
    real_form = real.get(_reports_page(mine["her"])).content.decode()
    form = decoy.get(_reports_page(its["her"])).content.decode()
    linked = ["place", "holder", *(["source_member"] if coordinator else [])]
    for field in linked:
        # Its own, under the label a real account reads for its own.
        assert offered(form, field) == [
            (its[field], label) for _id, label in offered(real_form, field)
        ]
        assert offered(form, field), field
    assert _alike(decoy.get(_reports_page(its["her"]))) == _alike(
        real.get(_reports_page(mine["her"]))
    )

    def both(data: dict[str, Any], real_data: dict[str, Any] | None = None) -> Any:
        real_answer = real.post(_reports_page(mine["her"]), real_data or data)
        before = counts()
        answer = decoy.post(_reports_page(its["her"]), data)
        assert counts() == before, data  # no row, no audit event, no assessment, no alert
        answered_alike(real_answer, answer, data)
        return answer

    source = (
        {"source_member": "{source_member}"}
        if coordinator
        else {"source_contact": "{source_contact}"}
    )
    good = {
        **GRADED,
        **source,
        "place": "{place}",
        "holder": "{holder}",
        "held_since": "2024-01-01",
    }

    def filled(ids: dict[str, str], data: dict[str, Any]) -> dict[str, Any]:
        return {k: ids[v[1:-1]] if v.startswith("{") else v for k, v in data.items()}

    # Another's record, or a random id: refused as a real account's choice it may not see.
    for field in linked:
        stranger = {**filled(its, good), field: mine[field]}
        assert both(stranger, {**filled(mine, good), field: str(uuid.uuid4())}).status_code == 400
    assert "No location reports." in decoy.get(_reports_page(its["her"])).content.decode()

    answer = both(filled(its, good), filled(mine, good))
    assert answer.status_code == 302
    listed = decoy.get(_reports_page(its["her"]))
    assert _alike(listed) == _alike(real.get(_reports_page(mine["her"])))
    shown = listed.content.decode()
    assert "The mill house" in shown and "Abu Hamza" in shown and "Not shared" not in shown
    if coordinator:
        assert "wren" in SECTION.findall(shown)[0]
    # Her person page names them too, as a real person's page does.
    real_page = real.get(f"/persons/{mine['her']}/").content.decode()
    page = decoy.get(f"/persons/{its['her']}/").content.decode()
    assert [MINUTE.sub("TIME", ID.sub("ID", s)) for s in SECTION.findall(page)] == [
        MINUTE.sub("TIME", ID.sub("ID", s)) for s in SECTION.findall(real_page)
    ]
    assert "Abu Hamza" in SECTION.findall(page)[0]


INTAKE = {
    "person": {"given_names": ["Nareen"], "family_names": ["Berani"], "sex": "f"},
    "report": {"reporter_name": "Hadiya", "relationship": "sister"},
}
API = "/api/intel/location-reports/"


@pytest.mark.parametrize("role", ROLES)
def test_through_the_api_its_own_ids_are_accepted_and_given_back_shown(role: str) -> None:
    both = api_pair_with_her_called(role, INTAKE)
    coordinator = role == Role.COORDINATOR
    api_links_added(both, member=False)
    source: dict[str, Any] = {"source_contact": "{call}"}
    if coordinator:
        api_links_added(both, places=False)
        source = {"source_member": "{member}"}
    good = {
        "source_reliability": "C",
        "info_credibility": 3,
        "person": "{her}",
        **source,
        "place": "{place}",
        "holder": "{holder}",
    }
    # Another's record for the decoy, a random id for the real account: the same refusal.
    fields = {
        "place": "place",
        "holder": "holder",
        **({"member": "source_member"} if coordinator else {}),
    }
    for name, field in fields.items():
        both.keep("stranger", uuid.uuid4(), both.ids[name][0])
        refused = both.send("post", API, {**good, field: "{stranger}"})[1]
        assert refused.status_code == 400 and field in refused.json(), refused.json()
    assert both.send("get", API)[1].json() == []

    real, answer = both.send("post", API, good)
    assert answer.status_code == 201
    saved = answer.json()
    assert saved["place"] == both.ids["place"][1] and saved["holder"] == both.ids["holder"][1]
    assert not saved["place_withheld"] and not saved["holder_withheld"]
    if coordinator:
        assert saved["source_member"] == both.ids["member"][1]
        assert not saved["source_member_withheld"]
    both.keep("report", real.json()["id"], saved["id"])
    for path in (API, API + "?person={her}", API + "{report}/"):
        assert both.send("get", path)[1].status_code == 200
    # What the API "saved" names on its pages too.
    page = both.decoy.get(_reports_page(both.ids["her"][1])).content.decode()
    assert "Tel Qasab" in page and "Abu Hamza" in page and "Not shared" not in page
