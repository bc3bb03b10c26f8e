"""A decoy coordinator's pretend rescue request above the threshold raises its "Approval
needed" alert as a real one does, and writes nothing.

A real coordinator who records a request that waits for two approvals finds an "Approval
needed" alert about it on the dashboard, the alerts panel and ``GET /api/alerts/``, and the
statistics page counts it among the open alerts; acknowledging it (page or API, a note
required, once only) or closing the request takes it off. A decoy coordinator's own pretend
request does the same, kept in its session only: no row, audit event or alert of the network.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from safepassage.accounts.models import Role
from safepassage.conftest import decoy_client, make_user, sign_in
from safepassage.tests.decoy import DURESS, ID, REPORT, answered_alike, counts
from safepassage.verification.tests.test_decoy_approvals import REQUEST

pytestmark = pytest.mark.django_db

PANEL = "/alerts/panel/"
API = "/api/alerts/"
ALERT = re.compile(r'<div class="alert".*?</div>', re.S)
TIME = re.compile(r'<time datetime="[^"]+">[^<]+</time>')
OPEN = re.compile(r"Open alerts: <strong>(\d+)</strong>")


def _request(client: Client) -> tuple[str, str]:
    """A new person and a rescue request above the threshold for her: (her id, the request
    page's address)."""
    assert client.post("/persons/new/", {**REPORT, "decision": "check"}).status_code == 200
    answer = client.post("/persons/new/", {**REPORT, "decision": "new", "checked": "1"})
    her = str(answer["Location"]).split("/")[2]
    answer = client.post(f"/verification/persons/{her}/request/", REQUEST)
    assert answer.status_code == 302
    return her, str(answer["Location"])


def _approvals(html: str) -> list[str]:
    """The "Approval needed" alerts a page shows, ids, times and tokens blanked (a real
    coordinator's pages show the network's other alerts too: the decoy's sign-in among them)."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "CSRF", html)
    return [
        TIME.sub("TIME", ID.sub("ID", found))
        for found in ALERT.findall(html)
        if "<strong>Approval needed</strong>" in found
    ]


def _blank(row: dict[str, Any]) -> dict[str, Any]:
    """An alert as the API gives it, ids and its time blanked."""
    subject = {**row["subject"], "id": "ID", "url": ID.sub("ID", row["subject"]["url"])}
    return {**row, "id": "ID", "created_at": "TIME", "subject": subject}


def _api_approvals(client: Client) -> list[dict[str, Any]]:
    answer = client.get(API)
    assert answer.status_code == 200
    return [_blank(row) for row in answer.json() if row["kind"] == "approval"]


def _open_alerts(client: Client) -> int:
    found = OPEN.search(client.get("/reports/").content.decode())
    assert found is not None
    return int(found.group(1))


def _pair() -> tuple[Client, Client]:
    real = Client()
    sign_in(real, make_user("real-coordinator", Role.COORDINATOR))
    return real, decoy_client(make_user("watched-coordinator", Role.COORDINATOR), DURESS)


def test_a_pretend_request_raises_its_approval_alert_as_a_real_one() -> None:
    real, decoy = _pair()
    assert _approvals(decoy.get("/").content.decode()) == []
    real_open, decoy_open = _open_alerts(real), _open_alerts(decoy)
    real_page = _request(real)[1]
    before = counts()
    page = _request(decoy)[1]
    assert counts() == before
    # The dashboard, the panel and the API show it, linked to the request, as a real one.
    for path in ("/", PANEL, "/operations/"):
        shown = _approvals(decoy.get(path).content.decode())
        assert len(shown) == 1 and shown == _approvals(real.get(path).content.decode()), path
    assert page in decoy.get(PANEL).content.decode()
    assert _api_approvals(decoy) == _api_approvals(real)
    assert len(_api_approvals(decoy)) == 1
    # The statistics page counts it, as it counts a real one.
    assert _open_alerts(decoy) - decoy_open == _open_alerts(real) - real_open == 1
    # Assessed again, it is not raised twice.
    for client, address in ((real, real_page), (decoy, page)):
        assert client.post(address + "recompute/").status_code == 302
    assert _api_approvals(decoy) == _api_approvals(real)
    assert len(_api_approvals(decoy)) == 1


def test_its_approval_alert_is_acknowledged_on_the_page_as_a_real_one() -> None:
    real, decoy = _pair()
    _request(real)
    _request(decoy)
    [real_alert] = [a["id"] for a in real.get(API).json() if a["kind"] == "approval"]
    [alert] = [a["id"] for a in decoy.get(API).json() if a["kind"] == "approval"]
    for note in ("", "   ", "We called her sister"):
        path = "/alerts/{}/acknowledge/"
        data = {"note": note, "next": "/"}
        real_answer = real.post(path.format(real_alert), data)
        before = counts()
        answer = decoy.post(path.format(alert), data)
        assert counts() == before
        answered_alike(real_answer, answer, data)
    assert _approvals(decoy.get("/").content.decode()) == []
    assert _approvals(real.get("/").content.decode()) == []
    # Once only, as a real one.
    again = decoy.post(f"/alerts/{alert}/acknowledge/", {"note": "Again"})
    real_again = real.post(f"/alerts/{real_alert}/acknowledge/", {"note": "Again"})
    answered_alike(real_again, again)
    # Another's alert: not found, as for a real coordinator who may not see it.
    assert decoy.post(f"/alerts/{real_alert}/acknowledge/", {"note": "x"}).status_code == 404


def test_its_approval_alert_is_acknowledged_through_the_api_as_a_real_one() -> None:
    real, decoy = _pair()
    _request(real)
    _request(decoy)
    [real_alert] = [a["id"] for a in real.get(API).json() if a["kind"] == "approval"]
    [alert] = [a["id"] for a in decoy.get(API).json() if a["kind"] == "approval"]
    for note in ({}, {"note": ""}, {"note": "We called her sister"}, {"note": "Again"}):
        real_answer = real.post(f"{API}{real_alert}/acknowledge/", note, "application/json")
        before = counts()
        answer = decoy.post(f"{API}{alert}/acknowledge/", note, "application/json")
        assert counts() == before
        assert answer.status_code == real_answer.status_code, note
        if answer.status_code == 200:
            assert _blank(answer.json()) == _blank(real_answer.json())
        else:
            assert answer.json() == real_answer.json()
    assert _api_approvals(decoy) == _api_approvals(real) == []


def test_closing_its_request_takes_its_alert_off_as_a_real_one() -> None:
    real, decoy = _pair()
    real_page, page = _request(real)[1], _request(decoy)[1]
    for client, address in ((real, real_page), (decoy, page)):
        answer = client.post(address + "close/", {"reason": "She was moved"})
        assert answer.status_code == 302
    assert _api_approvals(decoy) == _api_approvals(real) == []
    assert _approvals(decoy.get(PANEL).content.decode()) == []


def test_a_decoy_caseworker_has_no_alerts_as_a_real_one() -> None:
    real = Client()
    sign_in(real, make_user("real-caseworker", Role.CASEWORKER))
    decoy = decoy_client(make_user("watched-caseworker", Role.CASEWORKER), DURESS)
    _request(real)
    _request(decoy)
    for path in (API, PANEL):
        assert decoy.get(path).status_code == real.get(path).status_code != 200, path
    assert "No open alerts." not in decoy.get("/").content.decode()
