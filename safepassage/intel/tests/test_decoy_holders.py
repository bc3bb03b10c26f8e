"""A decoy's new holder is recorded as a real account's is, and writes nothing.

The holders page offers the "New holder" form to a decoy of a role that writes, as to a real
account, its own places among the linked places it may pick; the form and
``POST /api/intel/holders/`` check its holder as a real save does (no name nor alias, a place
it may not see: the real refusals), answer as one (status, redirect, message, JSON) and list it
back (the holders page, its search by any spelling, its own page naming its linked places, and
the API). It is kept in the decoy's session only: no row, audit event or alert.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest
from django.test import Client

from safepassage.accounts.models import Role
from safepassage.conftest import decoy_client, make_user
from safepassage.intel.tests.factories import make_holder, make_place
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
LIST = "/intel/holders/"
API = "/api/intel/holders/"
MAIN = re.compile(r"<main[^>]*>.*?</main>", re.S)
OPTION = re.compile(r'<option value="([^"]+)"[^>]*>([^<]*)</option>')


def _options(answer: Any) -> list[tuple[str, str]]:
    """The choices a page's content offers: (id, label)."""
    found = MAIN.search(answer.content.decode())
    assert found is not None
    return OPTION.findall(found.group(0))


def _place(client: Client, names: str) -> str:
    """A place each side adds itself, by its page: its id."""
    token = form_token(client, "/intel/places/new/")
    answer = client.post(
        "/intel/places/new/",
        {"kind": "house", "names": names, "control": "hostile", "submission": token},
    )
    assert answer.status_code == 302
    return str(answer["Location"].split("/")[3])


GOOD = {"names": "Abu Hamza\nأبو حمزة", "aliases": "The tailor", "notes": "Moves every month"}


@pytest.mark.parametrize("role", ROLES)
def test_a_holder_on_the_pages_is_checked_saved_and_listed_as_a_real_one(role: str) -> None:
    real, decoy = real_and_decoy(role)
    assert main_content(decoy.get(LIST)) == main_content(real.get(LIST))
    assert "New holder" in decoy.get(LIST).content.decode()
    places = ([_place(real, "The mill house")], [_place(decoy, "The mill house")])
    # Its own place is offered among the places to link, as a real account's is.
    offered = _options(decoy.get(LIST))
    assert offered == [(places[1][0], "The mill house (House)")]
    assert [label for _id, label in _options(real.get(LIST))] == [label for _id, label in offered]
    strangers = ([str(uuid.uuid4())], [str(uuid.uuid4())])
    for bad, linked in (
        ({**GOOD, "names": " ", "aliases": ""}, places),
        ({**GOOD, "names": "x" * 201}, places),
        (GOOD, strangers),
    ):
        _, answer = posted_alike(
            real,
            decoy,
            LIST,
            {**bad, "places": linked[0]},
            decoy_data={**bad, "places": linked[1]},
            token=True,
        )
        assert answer.status_code == 400, bad
    assert "No holders." in decoy.get(LIST).content.decode()

    real_answer, answer = posted_alike(
        real,
        decoy,
        LIST,
        {**GOOD, "places": places[0]},
        decoy_data={**GOOD, "places": places[1]},
        token=True,
    )
    assert answer.status_code == 302
    shown = opened_alike(real, decoy, real_answer, answer)
    assert "The mill house" in shown and "Moves every month" in shown
    assert main_content(decoy.get(LIST)) == main_content(real.get(LIST))
    assert answer["Location"] in decoy.get(LIST).content.decode()
    # Its search finds it by any spelling of a name or alias, as a real search does.
    for search in ({"q": "abu hamza"}, {"q": "حمزة"}, {"q": "tailor"}, {"q": "Qasim"}):
        assert main_content(decoy.post(LIST, search)) == main_content(real.post(LIST, search)), (
            search
        )
    assert "Abu Hamza" in decoy.post(LIST, {"q": "abu hamzah"}).content.decode()
    # Another's holder: not found, as for a real account.
    assert decoy.get(real_answer["Location"]).status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_a_holder_through_the_api_is_recorded_listed_and_read_as_a_real_one(role: str) -> None:
    both = ApiPair.of_role(role)
    assert both.send("get", API)[1].json() == []
    real, answer = both.send(
        "post", "/api/intel/places/", {"kind": "village", "names": ["Tel Qasab"]}
    )
    both.keep("place", real.json()["id"], answer.json()["id"])
    good = {"names": ["Abu Hamza"], "aliases": ["The tailor"], "places": ["{place}"]}
    for bad in (
        {**good, "names": [], "aliases": []},
        {**good, "places": [str(uuid.uuid4())]},
        {**good, "places": ["not an id"]},
    ):
        assert both.send("post", API, bad)[1].status_code == 400, bad
    assert both.send("get", API)[1].json() == []

    real, answer = both.send("post", API, good)
    assert answer.status_code == 201 and answer.json()["names"] == ["Abu Hamza"]
    both.keep("holder", real.json()["id"], answer.json()["id"])
    assert len(both.send("get", API)[1].json()) == 1
    for query in ("?q=hamza", "?q=tailor", "?q=nobody"):
        real, answer = both.send("get", API + query)
        assert len(answer.json()) == len(real.json()), query
    assert both.send("get", API + "{holder}/")[1].json()["aliases"] == ["The tailor"]
    # Another's holder: not found, as for a real account.
    both.keep("stranger", both.ids["holder"][1], both.ids["holder"][0])
    assert both.send("get", API + "{stranger}/")[1].status_code == 404
    # What the API "saved" shows on its pages too, with its linked place.
    page = both.decoy.get(f"/intel/holders/{both.ids['holder'][1]}/").content.decode()
    assert "Abu Hamza" in page and "Tel Qasab" in page


def test_a_decoy_sees_no_holder_or_place_of_the_network() -> None:
    coordinator = make_user("network-coordinator", Role.COORDINATOR)
    kocho = make_place(coordinator, "Kocho")
    network = make_holder(coordinator, "Abu Bakr")
    decoy = decoy_client(make_user("watched", Role.COORDINATOR), DURESS)
    form = decoy.get(LIST).content.decode()
    assert "Kocho" not in form and "Abu Bakr" not in form
    assert "Abu Bakr" not in decoy.post(LIST, {"q": "abu bakr"}).content.decode()
    assert decoy.get(f"/intel/holders/{network.pk}/").status_code == 404
    assert decoy.get(f"{API}{network.pk}/").status_code == 404
    before = counts()
    answer = decoy.post(
        API, {"names": ["Abu Hamza"], "places": [str(kocho.pk)]}, content_type="application/json"
    )
    assert counts() == before
    assert answer.status_code == 400 and answer.json() == {"places": ["Unknown place."]}
    assert decoy.get(API).json() == []
