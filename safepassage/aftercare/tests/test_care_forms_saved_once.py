"""A relative, a referral or a consent, added from her care page, is added once however
often its form is sent (a second tap after the answer was lost on a slow link, or Back and
send). The same form (its hidden token) opens her care page again, says it was not saved
again and adds nothing; a decoy's pretend care page answers the same, word for word."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from safepassage.accounts.models import Role
from safepassage.aftercare.tests.factories import reported_person
from safepassage.conftest import decoy_client, make_user, sign_in
from safepassage.tests.decoy import REPORT

pytestmark = pytest.mark.django_db

AGAIN = "This form was already saved. It was not saved again."
FORMS = {
    "family": ({"name": "Layla Qasim", "relationship": "sister"}, "Layla Qasim"),
    "referrals": (
        {"kind": "medical", "service": "Dohuk clinic seven", "she_consents": "on"},
        "Dohuk clinic seven",
    ),
    # Its row names the language (the form's choices name it in its own: "Kurmancî").
    "consents": ({"purpose": "photo", "language": "kmr"}, "(Kurmanji Kurdish)"),
}
# What a new form sends: the same again, but a consent for another purpose (the page lists
# her latest consent of each purpose).
ANEW = {"consents": {"purpose": "statistics"}}


def _token(body: str, action: str) -> str:
    found = re.search(
        rf'action="{re.escape(action)}"[^>]*>.*?name="submission" value="([^"]+)"', body, re.S
    )
    assert found is not None, f"the form {action} carries its token"
    return found.group(1)


def _saved_once(client: Client, person_id: str, kind: str) -> None:
    care = f"/aftercare/persons/{person_id}/"
    action = f"{care}{kind}/"
    data, shown = FORMS[kind]
    token = _token(client.get(care).content.decode(), action)

    first = client.post(action, {**data, "submission": token})
    assert first.status_code == 302
    assert client.get(first["Location"]).content.decode().count(shown) == 1
    again = client.post(action, {**data, "submission": token})
    assert again.status_code == 302 and again["Location"] == first["Location"]
    page = client.get(again["Location"]).content.decode()
    assert AGAIN in page
    assert page.count(shown) == 1

    # A new form (a new token) adds anew.
    fresh = _token(page, action)
    assert fresh != token
    anew = {**data, **ANEW.get(kind, {}), "submission": fresh}
    assert client.post(action, anew).status_code == 302
    assert client.get(care).content.decode().count(shown) == 2


@pytest.mark.parametrize("kind", FORMS)
def test_a_care_page_form_sent_again_adds_nothing_more(kind: str) -> None:
    caseworker = make_user("real-caseworker", Role.CASEWORKER)
    client = Client()
    sign_in(client, caseworker)
    _saved_once(client, str(reported_person(caseworker).pk), kind)


@pytest.mark.parametrize("kind", FORMS)
def test_a_decoys_care_page_form_sent_again_adds_nothing_more(kind: str) -> None:
    client = decoy_client(make_user("watched", Role.CASEWORKER), "blue-river-duress-77")
    assert client.post("/persons/new/", {**REPORT, "decision": "check"}).status_code == 200
    answer = client.post("/persons/new/", {**REPORT, "decision": "new", "checked": "1"})
    assert answer.status_code == 302
    _saved_once(client, str(answer["Location"]).split("/")[2], kind)
