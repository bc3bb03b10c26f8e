"""A decoy's new place is added to its gazetteer as a real account's is, and writes nothing.

The places page offers "New place" to a decoy of a role that writes, as to a real account;
the form and ``POST /api/intel/places/`` check its place as a real save does (an unknown kind,
no name, coordinates out of range, a control date to come: the real refusals), answer as one
(status, redirect, message, JSON) and list it back (the places page, its search by name, kind
or point, its own page and the API); who controls the area is recorded on its page as on a
real one's. It is kept in the decoy's session only: no row, audit event or alert.
"""

from __future__ import annotations

import datetime
import re
import uuid

import pytest
from django.utils import timezone

from safepassage.accounts.models import Role
from safepassage.conftest import decoy_client, make_user
from safepassage.intel.tests.factories import make_place
from safepassage.tests.decoy import (
    DURESS,
    ApiPair,
    counts,
    form_token,
    main_content,
    opened_alike,
    posted_alike,
    real_and_decoy,
)

pytestmark = pytest.mark.django_db

ROLES = [Role.COORDINATOR, Role.CASEWORKER, Role.LIAISON]
LIST = "/intel/places/"
NEW = "/intel/places/new/"
API = "/api/intel/places/"
FIELDS = re.compile(r'name="([a-z_]+)"')


def _tomorrow() -> str:
    return (timezone.localdate() + datetime.timedelta(days=1)).isoformat()


GOOD = {
    "kind": "village",
    "names": "Tel Qasab\nتل قصب",
    "latitude": "36.34",
    "longitude": "43.13",
    "control": "hostile",
    "control_as_of": "2025-03-01",
    "notes": "Two roads in",
}


@pytest.mark.parametrize("role", ROLES)
def test_a_place_on_the_pages_is_checked_saved_and_listed_as_a_real_one(role: str) -> None:
    real, decoy = real_and_decoy(role)
    assert main_content(decoy.get(LIST)) == main_content(real.get(LIST))
    assert "New place" in decoy.get(LIST).content.decode()
    assert FIELDS.findall(decoy.get(NEW).content.decode()) == FIELDS.findall(
        real.get(NEW).content.decode()
    )
    for bad in (
        {**GOOD, "names": "  "},
        {**GOOD, "latitude": "91"},
        {**GOOD, "latitude": "36.34", "longitude": ""},
        {**GOOD, "control_as_of": _tomorrow()},
    ):
        assert posted_alike(real, decoy, NEW, bad, token=True)[1].status_code == 400, bad
    assert "No places found." in decoy.get(LIST).content.decode()

    real_answer, answer = posted_alike(real, decoy, NEW, GOOD, token=True)
    assert answer.status_code == 302
    shown = opened_alike(real, decoy, real_answer, answer)
    assert "Two roads in" in shown
    assert main_content(decoy.get(LIST)) == main_content(real.get(LIST))
    assert answer["Location"] in decoy.get(LIST).content.decode()
    # Its search finds it by any spelling, by kind and near a point, as a real search does.
    for search in (
        {"q": "tel qassab"},
        {"q": "قصب"},
        {"kind": "village"},
        {"kind": "town"},
        {"lat": "36.35", "lon": "43.14", "km": "5"},
        {"lat": "30", "lon": "40", "km": "5"},
    ):
        assert main_content(decoy.post(LIST, search)) == main_content(real.post(LIST, search)), (
            search
        )

    # Who controls the area: an older date than known is refused, a newer one recorded.
    real_detail, decoy_detail = real_answer["Location"], answer["Location"]
    for data, code in (
        ({"control": "safe", "as_of": "2025-01-01"}, 400),
        ({"control": "sunny", "as_of": ""}, 400),
        ({"control": "safe", "as_of": "2025-04-01"}, 302),
    ):
        real_answer = real.post(real_detail, data)
        before = counts()
        answer = decoy.post(decoy_detail, data)
        assert counts() == before
        assert answer.status_code == real_answer.status_code == code, data
        assert main_content(decoy.get(decoy_detail)) == main_content(real.get(real_detail))
    assert "Safe" in decoy.get(decoy_detail).content.decode()
    # Another's place: not found, as for a real account.
    assert decoy.get(real_detail).status_code == 404


def test_a_secret_place_keeps_its_coordinates_and_is_found_near_a_point() -> None:
    real, decoy = real_and_decoy(Role.CASEWORKER)
    house = {**GOOD, "kind": "safe_house", "names": "The bakery"}
    real_answer, answer = posted_alike(real, decoy, NEW, house, token=True)
    assert answer.status_code == 302
    assert main_content(decoy.get(answer["Location"])) == main_content(
        real.get(real_answer["Location"])
    )
    near = {"lat": "36.34", "lon": "43.13", "km": "1"}
    assert main_content(decoy.post(LIST, near)) == main_content(real.post(LIST, near))
    assert "The bakery" in decoy.post(LIST, near).content.decode()


def test_a_decoys_place_sent_again_is_not_listed_twice() -> None:
    real, decoy = real_and_decoy(Role.CASEWORKER)
    for client in (real, decoy):
        token = form_token(client, NEW)
        first = client.post(NEW, {**GOOD, "submission": token})
        again = client.post(NEW, {**GOOD, "submission": token})
        assert first.status_code == again.status_code == 302
        assert again["Location"] == first["Location"]
    assert main_content(decoy.get(LIST)) == main_content(real.get(LIST))


@pytest.mark.parametrize("role", ROLES)
def test_a_place_through_the_api_is_recorded_listed_and_read_as_a_real_one(role: str) -> None:
    both = ApiPair.of_role(role)
    assert both.send("get", API)[1].json() == []
    good = {
        "kind": "checkpoint",
        "names": ["Bridge checkpoint", "Xalê pirê"],
        "latitude": 36.2,
        "longitude": 43.9,
        "control": "contested",
        "notes": "Searched every car",
    }
    for bad in (
        {**good, "kind": "castle"},
        {**good, "names": []},
        {**good, "latitude": 91},
        {**good, "control": "sunny"},
        {**good, "control_as_of": _tomorrow()},
    ):
        assert both.send("post", API, bad)[1].status_code == 400, bad
    assert both.send("get", API)[1].json() == []

    real, answer = both.send("post", API, good)
    assert answer.status_code == 201 and answer.json()["names"] == good["names"]
    both.keep("place", real.json()["id"], answer.json()["id"])
    real, answer = both.send("post", API, {"kind": "safe_house", "names": ["The bakery"]})
    assert answer.status_code == 201 and answer.json()["is_secret"] is True
    assert len(both.send("get", API)[1].json()) == 2
    for query in ("?q=bridge", "?q=xale", "?kind=checkpoint", "?lat=36.21&lon=43.91&km=3"):
        real, answer = both.send("get", API + query)
        assert len(answer.json()) == len(real.json()) == 1, query
    assert both.send("get", API + "{place}/")[1].json()["control"] == "contested"
    # Another's place: not found, as for a real account.
    both.keep("stranger", both.ids["place"][1], both.ids["place"][0])
    assert both.send("get", API + "{stranger}/")[1].status_code == 404
    # What the API "saved" shows on its pages too.
    page = both.decoy.get(f"/intel/places/{both.ids['place'][1]}/").content.decode()
    assert "Searched every car" in page


def test_a_decoy_sees_no_place_of_the_network() -> None:
    coordinator = make_user("network-coordinator", Role.COORDINATOR)
    kocho = make_place(coordinator, "Kocho")
    decoy = decoy_client(make_user("watched", Role.COORDINATOR), DURESS)
    decoy.post(NEW, {**GOOD, "submission": form_token(decoy, NEW)})
    assert "Kocho" not in decoy.get(LIST).content.decode()
    assert "Kocho" not in decoy.post(LIST, {"q": "kocho"}).content.decode()
    assert decoy.get(f"/intel/places/{kocho.pk}/").status_code == 404
    assert decoy.get(f"{API}{kocho.pk}/").status_code == 404
    assert decoy.get(f"{API}{uuid.uuid4()}/").status_code == 404
