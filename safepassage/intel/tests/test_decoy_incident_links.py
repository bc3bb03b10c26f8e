"""A decoy's incident names its own places, holders and members as a real account's names the
ones it added, and writes nothing.

A real account that has added a place, a holder (and, a coordinator, a member) finds them
offered on the "Record an incident" form, accepted when sent (the page and
``POST /api/intel/incidents/``) and named on the incident afterwards (its page, the incidents
list, the place's and the holder's pages; the place's id, shown, in the API). A decoy session
that added its own pretend ones finds the same; any other id (the real account's, a random
one) is refused as a real account is refused one it may not see.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.utils import timezone

from safepassage.accounts.models import Role
from safepassage.tests.decoy import (
    api_links_added,
    api_pair_with_her,
    links_added,
    main_content,
    offered,
    posted_alike,
    real_and_decoy,
)

pytestmark = pytest.mark.django_db

ROLES = [Role.COORDINATOR, Role.CASEWORKER, Role.LIAISON]
PAGE = "/intel/incidents/"
API = "/api/intel/incidents/"


def _good(ids: dict[str, str]) -> dict[str, Any]:
    """An incident at its place, naming its holder and (a coordinator's) member."""
    return {
        "kind": "ambush",
        "occurred_on": timezone.localdate().isoformat(),
        "place": ids["place"],
        "places": [ids["place"]],
        "holders": [ids["holder"]],
        **({"members": [ids["member"]]} if "member" in ids else {}),
        "description": "Stopped at the bridge checkpoint",
    }


@pytest.mark.parametrize("role", ROLES)
def test_its_own_places_holders_and_members_are_offered_accepted_and_named(role: str) -> None:
    real, decoy = real_and_decoy(role)
    coordinator = role == Role.COORDINATOR
    mine = links_added(real, coordinator=coordinator)
    its = links_added(decoy, coordinator=coordinator)
    real_form, form = real.get(PAGE).content.decode(), decoy.get(PAGE).content.decode()
    chosen = {"place": "place", "places": "place", "holders": "holder"}
    if coordinator:
        chosen["members"] = "member"
    for field, name in chosen.items():
        # Its own, under the label a real account reads for its own.
        assert offered(form, field) == [
            (its[name], label) for _id, label in offered(real_form, field)
        ]
        assert offered(form, field), field
    assert main_content(decoy.get(PAGE)) == main_content(real.get(PAGE))

    # Another's record, or a random id: refused as a real account's choice it may not see.
    for field, name in chosen.items():
        stranger: Any = mine[name] if field == "place" else [mine[name]]
        random: Any = str(uuid.uuid4()) if field == "place" else [str(uuid.uuid4())]
        _, answer = posted_alike(
            real,
            decoy,
            PAGE,
            {**_good(mine), field: random},
            decoy_data={**_good(its), field: stranger},
            token=True,
        )
        assert answer.status_code == 400, field
    assert "No incidents." in decoy.get(PAGE).content.decode()

    real_answer, answer = posted_alike(
        real, decoy, PAGE, _good(mine), decoy_data=_good(its), token=True
    )
    assert answer.status_code == 302
    real_page, page = real.get(real_answer["Location"]), decoy.get(answer["Location"])
    assert main_content(page) == main_content(real_page)
    shown = page.content.decode()
    assert "The mill house" in shown and "Abu Hamza" in shown and "Not shared" not in shown
    assert ("wren" in shown) == coordinator
    listed = decoy.get(PAGE)
    assert main_content(listed) == main_content(real.get(PAGE))
    assert "The mill house" in listed.content.decode()
    # The holder's and the place's pages list it, as a real one's list the real incident.
    for path in ("/intel/holders/{}/", "/intel/places/{}/"):
        name = "holder" if "holders" in path else "place"
        real_page, page = real.get(path.format(mine[name])), decoy.get(path.format(its[name]))
        assert main_content(page) == main_content(real_page), path
        assert answer["Location"] in page.content.decode(), path


INTAKE = {
    "person": {"given_names": ["Nareen"], "family_names": ["Berani"], "sex": "f"},
    "report": {"reporter_name": "Hadiya", "relationship": "sister"},
}


@pytest.mark.parametrize("role", ROLES)
def test_through_the_api_its_own_ids_are_accepted_and_given_back_shown(role: str) -> None:
    both = api_pair_with_her(role, INTAKE)
    coordinator = role == Role.COORDINATOR
    api_links_added(both, member=False)
    good: dict[str, Any] = {
        "kind": "ambush",
        "occurred_on": timezone.localdate().isoformat(),
        "place": "{place}",
        "places": ["{place}"],
        "holders": ["{holder}"],
        "persons": ["{her}"],
    }
    names = {"place": "place", "places": "place", "holders": "holder"}
    if coordinator:
        api_links_added(both, places=False)
        good["members"] = ["{member}"]
        names["members"] = "member"
    # Another's record for the decoy, a random id for the real account: the same refusal.
    for field, name in names.items():
        both.keep("stranger", uuid.uuid4(), both.ids[name][0])
        sent = "{stranger}" if field == "place" else ["{stranger}"]
        refused = both.send("post", API, {**good, field: sent})[1]
        assert refused.status_code == 400 and field in refused.json(), refused.json()
    assert both.send("get", API)[1].json() == []

    real, answer = both.send("post", API, good)
    assert answer.status_code == 201
    saved = answer.json()
    assert saved["place"] == both.ids["place"][1] and not saved["place_withheld"]
    both.keep("incident", real.json()["id"], saved["id"])
    for path in (API, API + "{incident}/"):
        assert both.send("get", path)[1].status_code == 200
    # What the API "saved" names on its pages too.
    page = both.decoy.get(f"/intel/incidents/{saved['id']}/").content.decode()
    assert "Tel Qasab" in page and "Abu Hamza" in page and "Not shared" not in page
