"""A decoy coordinator's new member is recorded as a real coordinator's is, and writes nothing.

The members page offers the "New member" form to a decoy coordinator, as to a real one; the
form and ``POST /api/intel/members/`` check its member as a real save does (no codename, an
unknown role, a bad phone number, a codename it has given already: the real refusals), answer
as one (status, redirect, message, JSON) and list it back (the members page, its own page and
the API), where its status is changed as a real member's is (a reason required, the history
kept). It is kept in the decoy's session only: no row, audit event or alert of the network;
a codename of the network's is no concern of it (its own codenames only are taken).
"""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest
from django.test import Client

from safepassage.accounts.models import Role
from safepassage.conftest import decoy_client, make_user
from safepassage.intel.tests.factories import make_member
from safepassage.tests.decoy import (
    DURESS,
    ApiPair,
    counts,
    main_content,
    posted_alike,
    real_and_decoy,
)

pytestmark = pytest.mark.django_db

LIST = "/intel/members/"
API = "/api/intel/members/"
FIELDS = re.compile(r'name="([a-z_]+)"')
TABLE = re.compile(r"<table>.*?</table>", re.S)


def _page(answer: Any) -> str:
    """A member's page as both sides see it alike (ids, tokens and the minute blanked)."""
    return main_content(answer)


GOOD = {"codename": "wren", "role": "guide", "region": "Sinjar", "phones": "+964 750 222 3333"}


def test_a_member_on_the_pages_is_checked_saved_and_listed_as_a_real_one() -> None:
    real, decoy = real_and_decoy(Role.COORDINATOR)
    real_list, pretend_list = real.get(LIST).content.decode(), decoy.get(LIST).content.decode()
    assert "New member" in pretend_list
    assert FIELDS.findall(pretend_list) == FIELDS.findall(real_list)
    assert TABLE.findall(pretend_list) == TABLE.findall(real_list)
    for bad in (
        {**GOOD, "codename": " "},
        {**GOOD, "role": "spy"},
        {**GOOD, "phones": "12"},
        {**GOOD, "account": str(uuid.uuid4())},
    ):
        assert posted_alike(real, decoy, LIST, bad)[1].status_code == 400, bad
    assert "No members." in decoy.get(LIST).content.decode()

    real_answer, answer = posted_alike(real, decoy, LIST, GOOD)
    assert answer.status_code == 302
    real_page, page = real.get(real_answer["Location"]), decoy.get(answer["Location"])
    assert page.status_code == real_page.status_code == 200
    assert _page(page) == _page(real_page)
    assert "Sinjar" in page.content.decode() and "+964 750 222 3333" in page.content.decode()
    real_list, pretend_list = real.get(LIST).content.decode(), decoy.get(LIST).content.decode()
    assert main_content(decoy.get(LIST)).count("wren") == 1
    assert [re.sub(r"/[0-9a-f-]{36}/", "/ID/", t) for t in TABLE.findall(pretend_list)] == [
        re.sub(r"/[0-9a-f-]{36}/", "/ID/", t) for t in TABLE.findall(real_list)
    ]
    # Its codenames are taken, in any case, as a real member's are.
    taken = posted_alike(real, decoy, LIST, {**GOOD, "codename": "WREN"})[1]
    assert taken.status_code == 400 and "That codename is taken." in taken.content.decode()

    # Its status: a reason is required, the same status refused, a change kept in its history.
    detail = (real_answer["Location"], answer["Location"])
    for data, code in (
        ({"status": "missing", "reason": ""}, 400),
        ({"status": "active", "reason": "Back"}, 400),
        ({"status": "gone", "reason": "Lost"}, 400),
        ({"status": "missing", "reason": "No call since Friday"}, 302),
    ):
        assert (
            posted_alike(real, decoy, detail[0], data, decoy_path=detail[1])[1].status_code == code
        ), data
        assert _page(decoy.get(detail[1])) == _page(real.get(detail[0]))
    shown = decoy.get(detail[1]).content.decode()
    assert "No call since Friday" in shown and "Missing" in shown
    # Another's member: not found, as for a real account.
    assert decoy.get(detail[0]).status_code == 404


def test_a_member_through_the_api_is_recorded_listed_and_read_as_a_real_one() -> None:
    both = ApiPair.of_role(Role.COORDINATOR)
    assert both.send("get", API)[1].json() == []
    good = {
        "codename": "heron",
        "role": "driver",
        "region": "Duhok",
        "channels": [{"kind": "phone", "value": "+964 750 444 5555"}],
    }
    for bad in (
        {**good, "codename": " "},
        {**good, "role": "spy"},
        {**good, "channels": [{"kind": "pigeon", "value": "x"}]},
        {**good, "channels": [{"kind": "phone", "value": "12"}]},
        {**good, "account": str(uuid.uuid4())},
    ):
        assert both.send("post", API, bad)[1].status_code == 400, bad
    assert both.send("get", API)[1].json() == []

    real, answer = both.send("post", API, good)
    assert answer.status_code == 201 and answer.json()["status"] == "active"
    both.keep("member", real.json()["id"], answer.json()["id"])
    assert both.send("post", API, {**good, "codename": "Heron"})[1].json() == {
        "codename": ["That codename is taken."]
    }
    assert len(both.send("get", API)[1].json()) == 1
    assert both.send("get", API + "{member}/")[1].json()["region"] == "Duhok"
    status = API + "{member}/status/"
    for refused in ({"status": "active", "reason": "x"}, {"status": "gone", "reason": "x"}, {}):
        assert both.send("post", status, refused)[1].status_code == 400, refused
    changed = {"status": "compromised", "reason": "His phone was taken"}
    assert both.send("post", status, changed)[1].json()["status"] == "compromised"
    assert both.send("get", API + "{member}/")[1].json()["status"] == "compromised"
    # Another's member: not found, as for a real account.
    both.keep("stranger", both.ids["member"][1], both.ids["member"][0])
    assert both.send("get", API + "{stranger}/")[1].status_code == 404
    assert both.send("post", API + "{stranger}/status/", changed)[1].status_code == 404
    # What the API "saved" shows on its pages too, with its history.
    page = both.decoy.get(f"/intel/members/{both.ids['member'][1]}/").content.decode()
    assert "heron" in page and "His phone was taken" in page


def test_a_decoy_sees_no_member_of_the_network_and_its_codenames_are_its_own() -> None:
    coordinator = make_user("network-coordinator", Role.COORDINATOR)
    network = make_member(coordinator, "kestrel")
    decoy = decoy_client(make_user("watched", Role.COORDINATOR), DURESS)
    assert "kestrel" not in decoy.get(LIST).content.decode()
    assert decoy.get(f"/intel/members/{network.pk}/").status_code == 404
    assert decoy.get(f"{API}{network.pk}/").status_code == 404
    # The network's codename is not taken for it: it cannot learn that one exists.
    before = counts()
    answer = decoy.post(API, {"codename": "Kestrel", "role": "source"}, "application/json")
    assert counts() == before
    assert answer.status_code == 201 and answer.json()["codename"] == "Kestrel"


def test_a_decoy_caseworker_adds_no_member_as_a_real_one() -> None:
    both = ApiPair.of_role(Role.CASEWORKER)
    assert both.send("post", API, {"codename": "wren", "role": "guide"})[1].status_code == 403
    real, decoy = real_and_decoy(Role.CASEWORKER)
    assert "New member" not in decoy.get(LIST).content.decode()
    assert main_content(decoy.get(LIST)) == main_content(real.get(LIST))


def test_marking_its_member_lost_raises_its_alert_as_a_real_one() -> None:
    """A real coordinator marking a member missing finds a "Danger" alert naming him on the
    alerts panel and the API; a decoy coordinator marking its own member does too."""
    both = ApiPair.of_role(Role.COORDINATOR)
    real, answer = both.send("post", API, {"codename": "heron", "role": "driver"})
    both.keep("member", real.json()["id"], answer.json()["id"])
    changed = {"status": "missing", "reason": "No call since Friday"}
    both.send("post", API + "{member}/status/", changed)

    def dangers(client: Client) -> list[dict[str, Any]]:
        rows = [row for row in client.get("/api/alerts/").json() if row["kind"] == "danger"]
        return [both.blank({**row, "subject": {**row["subject"], "url": "URL"}}) for row in rows]

    assert dangers(both.decoy) == dangers(both.real)
    assert len(dangers(both.decoy)) == 1 and "heron" in dangers(both.decoy)[0]["message"]
    panel = both.decoy.get("/alerts/panel/").content.decode()
    assert (
        "<strong>Danger</strong>" in panel and f"/intel/members/{both.ids['member'][1]}/" in panel
    )
