"""A decoy's arrival form offers and accepts its own reception points, as a real account's
offers those it may pick, and writes nothing.

A real account that added a reception point finds it offered on the arrival form, accepted
when sent and named on her care page afterwards. A decoy session that added its own pretend
one finds the same; any other id (the real account's, a random one) is refused as the real
form refuses one it does not offer, and none of the network's places is offered to it.
"""

from __future__ import annotations

import uuid

import pytest

from safepassage.accounts.models import Role
from safepassage.aftercare.tests.forms import API_ARRIVAL, ARRIVAL
from safepassage.tests.decoy import (
    ApiPair,
    added_on_page,
    main_content,
    offered,
    posted_alike,
    real_and_decoy,
)

pytestmark = pytest.mark.django_db

ROLES = [Role.COORDINATOR, Role.CASEWORKER, Role.LIAISON]
ARRIVAL_PAGE = "/aftercare/arrival/"
RECEPTION = {"kind": "reception", "names": "Zakho reception", "control": "safe"}


@pytest.mark.parametrize("role", ROLES)
def test_its_own_reception_points_are_offered_accepted_and_named(role: str) -> None:
    real, decoy = real_and_decoy(role)
    mine, its = (added_on_page(c, "/intel/places/new/", RECEPTION) for c in (real, decoy))
    # A place of another kind is no reception point, for either side.
    for client in (real, decoy):
        added_on_page(client, "/intel/places/new/", {**RECEPTION, "kind": "village"})
    real_form, form = (c.get(ARRIVAL_PAGE).content.decode() for c in (real, decoy))
    assert offered(real_form, "reception_place") == [(mine, "Zakho reception")]
    assert offered(form, "reception_place") == [(its, "Zakho reception")]

    # Another's reception point, or a random id: refused as a choice the real form does not
    # offer.
    check = {**ARRIVAL, "decision": "check"}
    for real_id, decoy_id in ((str(uuid.uuid4()), mine), (str(uuid.uuid4()), str(uuid.uuid4()))):
        _, answer = posted_alike(
            real,
            decoy,
            ARRIVAL_PAGE,
            {**check, "reception_place": real_id},
            decoy_data={**check, "reception_place": decoy_id},
        )
        assert answer.status_code == 422
        assert "Select a valid choice." in answer.content.decode()

    # Its own: checked, then recorded as a real arrival, her care page naming it.
    for decision in ({"decision": "check"}, {"decision": "new", "checked": "1"}):
        real_answer, answer = posted_alike(
            real,
            decoy,
            ARRIVAL_PAGE,
            {**ARRIVAL, **decision, "reception_place": mine},
            decoy_data={**ARRIVAL, **decision, "reception_place": its},
        )
    assert answer.status_code == 302
    real_care, care = real.get(real_answer["Location"]), decoy.get(answer["Location"])
    assert care.status_code == real_care.status_code == 200
    assert main_content(care) == main_content(real_care)
    assert "Zakho reception" in main_content(care)


@pytest.mark.parametrize("role", ROLES)
def test_through_the_api_its_own_reception_point_is_accepted(role: str) -> None:
    both = ApiPair.of_role(role)
    place = {"kind": "reception", "names": ["Zakho reception"]}
    real, answer = both.send("post", "/api/intel/places/", place)
    both.keep("reception", real.json()["id"], answer.json()["id"])
    # Another's, for the decoy; a random id, for the real account: the same refusal.
    both.keep("stranger", uuid.uuid4(), both.ids["reception"][0])
    refused = both.send(
        "post", "/api/aftercare/arrivals/", {**API_ARRIVAL, "reception_place": "{stranger}"}
    )[1]
    assert refused.status_code == 400 and "reception_place" in refused.json(), refused.json()

    sent = {**API_ARRIVAL, "reception_place": "{reception}"}
    real, answer = both.send("post", "/api/aftercare/arrivals/", sent)
    assert answer.status_code == 201
    both.keep("she", real.json()["person"], answer.json()["person"])
    care = both.decoy.get(f"/aftercare/persons/{both.ids['she'][1]}/")
    assert "Zakho reception" in main_content(care)
