"""A decoy coordinator approves and closes its pretend rescue requests as a real one does.

A real coordinator's request page offers the Approve and Close sections; a decoy's pretend
request page must offer them too, check what is posted as the real services do (a written
reason, one approval each, nothing on a closed request), answer as a real save, show what
was "saved", and write nothing: no row, no audit event, no alert.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client

from safepassage.accounts.models import Grant, Role
from safepassage.audit.models import AuditEvent
from safepassage.conftest import decoy_client, make_user, sign_in
from safepassage.operations.models import Alert
from safepassage.tests.decoy import ID, REPORT, posted_alike
from safepassage.tests.decoy import queued_messages as _texts
from safepassage.verification.models import Approval, Assessment, RescueRequest

pytestmark = pytest.mark.django_db


DURESS = "blue-river-duress-77"
REQUEST = {"pickup_text": "The crossroads by the old mill", "urgency_claimed": "on"}


def _counts() -> dict[str, int]:
    models = (RescueRequest, Assessment, Approval, Alert, Grant, AuditEvent)
    return {model.__name__: model.objects.count() for model in models}


def _shape(html: str) -> list[str]:
    found = re.findall(r'<a [^>]*href="(/[^"]*)"|<form [^>]*action="(/[^"]*)"', html)
    return [ID.sub("ID", link or action) for link, action in found]


def _request(client: Client) -> str:
    """A new person and a rescue request for her: the request page's address."""
    assert client.post("/persons/new/", {**REPORT, "decision": "check"}).status_code == 200
    answer = client.post("/persons/new/", {**REPORT, "decision": "new", "checked": "1"})
    person_id = str(answer["Location"]).split("/")[2]
    answer = client.post(f"/verification/persons/{person_id}/request/", REQUEST)
    assert answer.status_code == 302
    return str(answer["Location"])


def _pair(role: str = Role.COORDINATOR) -> tuple[Client, str, Client, str]:
    real = Client()
    sign_in(real, make_user(f"real-{role}", role))
    decoy = decoy_client(make_user(f"watched-{role}", role), DURESS)
    return real, _request(real), decoy, _request(decoy)


def test_a_pretend_request_page_offers_approve_and_close_as_a_real_one() -> None:
    real, real_page, decoy, page = _pair()
    real_html, html = real.get(real_page).content.decode(), decoy.get(page).content.decode()
    assert 'id="blocked"' in real_html and 'id="blocked"' in html
    for section in ('id="approve"', 'id="close"'):
        assert section in real_html and section in html, section
    assert _shape(html) == _shape(real_html)


def test_a_decoy_approval_is_checked_recorded_and_shown_as_a_real_one() -> None:
    real, real_page, decoy, page = _pair()
    before = _counts()
    # No reason, only spaces, too long: the real errors.
    for reason in ("", "   ", "x" * 2001):
        answer = posted_alike(
            real, decoy, real_page + "approve/", {"reason": reason}, decoy_path=page + "approve/"
        )[1]
        assert answer.status_code == 400
    answer = posted_alike(
        real,
        decoy,
        real_page + "approve/",
        {"reason": "Her sister confirmed"},
        decoy_path=page + "approve/",
    )[1]
    assert answer.status_code == 302 and _texts(answer) == ["Your approval is recorded."]
    html = decoy.get(page).content.decode()
    assert "Her sister confirmed" in html and 'id="approved-by-me"' in html
    assert 'id="approve"' not in html
    # Named by her codename, as a real approval names its coordinator.
    assert "watched-coordinator, " in html and "decoy-" not in html
    assert _shape(html) == _shape(real.get(real_page).content.decode())
    # The same coordinator again (a form sent twice): the real refusal.
    answer = posted_alike(
        real, decoy, real_page + "approve/", {"reason": "Once more"}, decoy_path=page + "approve/"
    )[1]
    assert answer.status_code == 400
    assert 'id="approved-by-me"' in answer.content.decode()  # what the real page says
    # Still blocked: one coordinator's approval does not clear it.
    assert 'id="blocked"' in decoy.get(page).content.decode()
    assert Approval.objects.count() == before["Approval"] + 1  # the real coordinator's only


def test_a_decoy_closing_is_checked_recorded_and_shown_as_a_real_one() -> None:
    real, real_page, decoy, page = _pair()
    answer = posted_alike(
        real, decoy, real_page + "close/", {"reason": "   "}, decoy_path=page + "close/"
    )[1]
    assert answer.status_code == 400
    answer = posted_alike(
        real, decoy, real_page + "close/", {"reason": "She was moved"}, decoy_path=page + "close/"
    )[1]
    assert answer.status_code == 302 and _texts(answer) == ["Saved."]
    html = decoy.get(page).content.decode()
    assert "Closed." in html and 'id="close"' not in html and 'id="approve"' not in html
    assert _shape(html) == _shape(real.get(real_page).content.decode())
    # Closed: approving or closing again (a form sent late) gets the real refusal.
    for path, data in (("close/", {"reason": "Again"}), ("approve/", {"reason": "Late"})):
        answer = posted_alike(real, decoy, real_page + path, data, decoy_path=page + path)[1]
        assert answer.status_code == 400
        assert "Closed." in answer.content.decode()  # what the real page says
    # Only the real request was closed in the database.
    assert RescueRequest.objects.filter(status="closed").count() == 1


def test_a_decoy_of_a_role_that_does_not_approve_is_refused_as_the_real_one() -> None:
    real, real_page, decoy, page = _pair(Role.CASEWORKER)
    real_html, html = real.get(real_page).content.decode(), decoy.get(page).content.decode()
    assert 'id="approve"' not in html and 'id="close"' not in html
    assert _shape(html) == _shape(real_html)
    for path in ("approve/", "close/"):
        real_answer = real.post(real_page + path, {"reason": "x"})
        counted = _counts()
        answer = decoy.post(page + path, {"reason": "x"})
        assert _counts() == counted
        assert answer.status_code == real_answer.status_code


def test_another_session_finds_nothing_to_approve() -> None:
    _real, _real_page, _decoy, page = _pair()
    other = decoy_client(make_user("watched-too", Role.COORDINATOR), DURESS)
    counted = _counts()
    for path in ("approve/", "close/"):
        assert other.post(page + path, {"reason": "x"}).status_code == 404
    assert _counts() == counted


def test_a_pretend_request_waiting_is_in_the_decoy_coordinators_queue_as_a_real_one() -> None:
    real, real_page, decoy, page = _pair()
    real_queue, queue = (
        real.get("/verification/").content.decode(),
        decoy.get("/verification/").content.decode(),
    )
    assert real_page in real_queue and page in queue and "Nareen" in queue
    assert "Nothing is waiting." not in queue
    waiting = "Requests waiting for verification (1)"
    assert waiting in real.get("/").content.decode() and waiting in decoy.get("/").content.decode()
    # Closed, it waits no more, as a real one.
    decoy.post(page + "close/", {"reason": "She was moved"})
    assert "Nothing is waiting." in decoy.get("/verification/").content.decode()
    assert "Requests waiting for verification (0)" in decoy.get("/").content.decode()
