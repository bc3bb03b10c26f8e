"""A decoy's arrival form offers and accepts its own reception points, as a real account's
offers those it may pick, and writes nothing.

A real account that added a reception point finds it offered on the arrival form, accepted
when sent and named on her care page afterwards. A decoy session that added its own pretend
one finds the same; any other id (the real account's, a random one) is refused as the real
form refuses one it does not offer, and none of the network's places is offered to it.
"""

from __future__ import annotations

import json
import re
import uuid
from typing import Any

import pytest
from django.test import Client

from safepassage.accounts.models import Role
from safepassage.aftercare.tests.forms import API_ARRIVAL, ARRIVAL, TESTIMONY
from safepassage.aftercare.tests.test_decoy_export import _blanked, _download
from safepassage.tests.decoy import (
    ApiPair,
    added_on_page,
    api_links_added,
    counts,
    form_token,
    links_added,
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


# --- her testimony: its own perpetrators and places ----------------------------------------

TICK = re.compile(r'name="(perpetrators|places)" value="([^"]+)"[^>]*>\s*([^<]*?)\s*</label>')
TESTIFYING = [Role.COORDINATOR, Role.CASEWORKER]


def _arrived(client: Client) -> str:
    """Her care page, after her arrival and her consent to recording her testimony."""
    answer = None
    for decision in ({"decision": "check"}, {"decision": "new", "checked": "1"}):
        answer = client.post(ARRIVAL_PAGE, {**ARRIVAL, **decision})
    assert answer is not None and answer.status_code == 302
    care = str(answer["Location"])
    consent = client.post(f"{care}consents/", {"purpose": "testimony", "language": "ar"})
    assert consent.status_code == 302
    return care


def _read(page: Any, codename: str) -> str:
    """A testimony's page as both sides read it alike (ids, tokens, the minute and the
    reader's codename blanked)."""
    return main_content(page).replace(f">{codename} (", ">ME (")


def _testimony(ids: dict[str, str], **linked: str) -> dict[str, Any]:
    return {
        **TESTIMONY,
        "perpetrators": [linked.get("holder", ids["holder"])],
        "places": [linked.get("place", ids["place"])],
    }


@pytest.mark.parametrize("role", TESTIFYING)
def test_its_testimony_names_its_own_perpetrators_and_places(role: str) -> None:
    real, decoy = real_and_decoy(role)
    mine, its = (links_added(c, coordinator=False) for c in (real, decoy))
    forms = [f"{_arrived(c)}testimony/" for c in (real, decoy)]
    real_form, form = (c.get(f).content.decode() for c, f in zip((real, decoy), forms, strict=True))
    assert TICK.findall(real_form) == [
        ("perpetrators", mine["holder"], "Abu Hamza"),
        ("places", mine["place"], "The mill house (House)"),
    ]
    assert TICK.findall(form) == [
        ("perpetrators", its["holder"], "Abu Hamza"),
        ("places", its["place"], "The mill house (House)"),
    ]

    # Another's, or a random id: refused as a choice the real form does not offer.
    for kind in ("holder", "place"):
        _, answer = posted_alike(
            real,
            decoy,
            forms[0],
            _testimony(mine, **{kind: str(uuid.uuid4())}),
            decoy_path=forms[1],
            decoy_data=_testimony(its, **{kind: mine[kind]}),
            token=True,
        )
        assert answer.status_code == 422, kind

    real_answer, answer = posted_alike(
        real,
        decoy,
        forms[0],
        _testimony(mine),
        decoy_path=forms[1],
        decoy_data=_testimony(its),
        token=True,
    )
    assert answer.status_code == 302
    real_page, page = real.get(real_answer["Location"]), decoy.get(answer["Location"])
    assert page.status_code == real_page.status_code == 200
    shown = _read(page, "watched")
    assert shown == _read(real_page, "real-one")
    assert "Abu Hamza" in shown and "The mill house" in shown


@pytest.mark.parametrize("role", TESTIFYING)
def test_through_the_api_its_testimony_names_its_own_perpetrators_and_places(role: str) -> None:
    both = ApiPair.of_role(role)
    api_links_added(both, member=False)
    real, answer = both.send("post", "/api/aftercare/arrivals/", API_ARRIVAL)
    both.keep("she", real.json()["person"], answer.json()["person"])
    care = "/api/aftercare/persons/{she}/"
    consent = {"purpose": "testimony", "language": "ar"}
    assert both.send("post", care + "consents/", consent)[1].status_code == 201
    told = {
        "account": "She was held in a house by the river.",
        "language": "ar",
        "perpetrators": ["{holder}"],
        "places": ["{place}"],
    }
    # Another's, for the decoy; a random id, for the real account: the same refusal.
    for field, kind in (("perpetrators", "holder"), ("places", "place")):
        both.keep("stranger", uuid.uuid4(), both.ids[kind][0])
        refused = both.send("post", care + "testimony/", {**told, field: ["{stranger}"]})[1]
        assert refused.status_code == 400 and field in refused.json(), refused.json()

    real, answer = both.send("post", care + "testimony/", told)
    assert answer.status_code == 201
    assert len(answer.json()["perpetrators"]) == len(answer.json()["places"]) == 1
    both.keep("testimony", real.json()["id"], answer.json()["id"])
    assert both.send("get", "/api/aftercare/testimony/{testimony}/")[1].status_code == 200


def test_its_export_names_its_testimonys_own_perpetrators_and_places() -> None:
    real, decoy = real_and_decoy(Role.COORDINATOR)
    sent = []
    for client in (real, decoy):
        ids = links_added(client, coordinator=False)
        care = _arrived(client)
        consent = {"purpose": "investigators", "language": "ar"}
        assert client.post(f"{care}consents/", consent).status_code == 302
        form = f"{care}testimony/"
        answer = client.post(form, {**_testimony(ids), "submission": form_token(client, form)})
        assert answer.status_code == 302
        sent.append(ids)
    real_files = _download(real)
    before = counts()
    files = _download(decoy)
    assert counts() == before
    # The same files (ids, times and codenames blanked): its holder and place named in them.
    assert _blanked(files, "watched") == _blanked(real_files, "real-one")
    [record] = json.loads(files["testimony.json"])["testimonies"]
    assert [(h["id"], h["names"]) for h in record["perpetrators"]] == [
        (sent[1]["holder"], ["Abu Hamza"])
    ]
    assert [(p["id"], p["names"]) for p in record["places"]] == [
        (sent[1]["place"], ["The mill house"])
    ]
