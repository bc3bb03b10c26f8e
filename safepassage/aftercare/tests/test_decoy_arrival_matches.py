"""A decoy session's arrival finds and takes its own pretend persons as a real account's
arrival finds and takes the persons it reported: the same candidates, score and evidence, her
arrival recorded on her with its match score (refused once recorded), and nothing written."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from safepassage.accounts.models import Role
from safepassage.aftercare.tests.forms import ARRIVAL
from safepassage.tests.decoy import (
    ID,
    api_pair_with_her,
    counts,
    match_check,
    queued_messages,
    reported_by_others,
)

pytestmark = pytest.mark.django_db

Response = Any  # a test client answer

ROLES = [Role.COORDINATOR, Role.CASEWORKER, Role.LIAISON]
# Her family's report, before she arrives.
REPORTED = {
    "given_names": "Leila",
    "father_names": "Murad",
    "family_names": "Khalid",
    "sex": "f",
    "birth": "1999",
    "reporter_name": "Hadiya",
    "relationship": "sister",
}


def _matches(html: str) -> str:
    """The arrival page's candidates, ids and the form's token blanked."""
    found = re.findall(r'<div class="candidate">.*?</div>', html, re.S)
    return ID.sub("ID", "".join(found))


def _arrive(client: Client, her: str, submission: str) -> Response:
    return client.post(
        "/aftercare/arrival/",
        {**ARRIVAL, "decision": f"person:{her}", "checked": "1", "submission": submission},
    )


@pytest.mark.parametrize("role", ROLES)
def test_the_arrival_finds_and_takes_its_own_pretend_person_as_a_real_one(role: str) -> None:
    both = match_check(role, path="/aftercare/arrival/", reported_as=REPORTED, names=ARRIVAL)
    real, decoy, real_her, pretend_her = both.real, both.decoy, both.real_her, both.pretend_her
    found, real_found = both.found, both.real_found
    assert (found.score, found.evidence) == (real_found.score, real_found.evidence)
    assert f'value="person:{pretend_her}"' in both.check.content.decode()
    assert _matches(both.check.content.decode()) == _matches(both.real_check.content.decode())

    # She is this person: her arrival recorded on her, as on the real one.
    real_answer = _arrive(real, real_her, "real-form-token-0001")
    before = counts()
    answer = _arrive(decoy, pretend_her, "decoy-form-token-0001")
    assert counts() == before
    assert answer.status_code == real_answer.status_code == 302
    assert answer["Location"] == f"/aftercare/persons/{pretend_her}/"
    assert queued_messages(answer) == queued_messages(real_answer)
    care = decoy.get(answer["Location"]).content.decode()
    real_care = real.get(real_answer["Location"]).content.decode()
    score = f"{real_found.score:.2f}"
    assert "Match score" in real_care and score in real_care
    assert "Match score" in care and score in care
    assert "Arrived" in decoy.get(f"/persons/{pretend_her}/").content.decode()
    # Her arrival recorded: another form naming her is refused, as for the real one.
    real_again = _arrive(real, real_her, "real-form-token-0002")
    before = counts()
    again = _arrive(decoy, pretend_her, "decoy-form-token-0002")
    assert again.status_code == real_again.status_code == 422
    assert "This arrival is already recorded." in again.content.decode()
    assert f'href="/aftercare/persons/{pretend_her}/"' in again.content.decode()
    assert counts() == before


def test_an_arrival_naming_another_sessions_person_or_a_real_one_is_not_found() -> None:
    decoy, real_her, elsewhere = reported_by_others(Role.CASEWORKER, REPORTED)
    before = counts()
    check = decoy.post("/aftercare/arrival/", {**ARRIVAL, "decision": "check"})
    assert check.context["candidates"] == []
    for her in (real_her, elsewhere):
        assert _arrive(decoy, her, f"decoy-form-{her}").status_code == 404
    assert counts() == before


def test_the_api_arrival_finds_its_own_pretend_person_and_gives_her_score() -> None:
    intake = {
        "person": {
            "given_names": ["Leila"],
            "father_names": ["Murad"],
            "family_names": ["Khalid"],
            "sex": "f",
            "birth_year": 1999,
        },
        "report": {"reporter_name": "Hadiya", "relationship": "sister"},
    }
    both = api_pair_with_her(Role.COORDINATOR, intake)
    names = {
        "given_names": ["Leyla"],
        "father_names": ["Murad"],
        "family_names": ["Xalid"],
        "sex": "f",
        "birth_year": 1999,
    }
    real, answer = both.send("post", "/api/aftercare/arrivals/candidates/", names)
    assert [c["person"] for c in answer.json()] == [both.ids["her"][1]]
    arrival = {
        **names,
        "person": "{her}",
        "arrived_on": "2024-06-01",
        "reception_text": "Border post",
        "received_by": "Rojda",
    }
    real, answer = both.send("post", "/api/aftercare/arrivals/", arrival)
    assert answer.status_code == 201
    assert answer.json()["match_score"] == real.json()["match_score"] is not None
    care = both.send("get", "/api/aftercare/persons/{her}/")[1].json()
    assert care["arrivals"][0]["match_score"] == real.json()["match_score"]
