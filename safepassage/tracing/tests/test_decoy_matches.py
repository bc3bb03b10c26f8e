"""A decoy session's check for matches finds its own pretend persons as a real account's check
finds the persons it reported: the same candidates, score and evidence, and nothing written."""

from __future__ import annotations

import re
from typing import Any

import pytest

from safepassage.accounts.models import Role
from safepassage.tests.decoy import (
    ID,
    api_pair_with_her,
    counts,
    match_check,
    reported_by_others,
)

pytestmark = pytest.mark.django_db

Response = Any  # a test client answer

ROLES = [Role.COORDINATOR, Role.CASEWORKER, Role.LIAISON]
FIRST = {
    "given_names": "Layla",
    "family_names": "Hassan",
    "sex": "f",
    "birth": "2001",
    "reporter_name": "Hadiya",
    "relationship": "sister",
}
# The same woman, as another relative spells her.
SECOND = {**FIRST, "given_names": "Leila", "family_names": "Hasan", "reporter_name": "Samir"}


def _matches(html: str) -> str:
    """The page's list of matches, ids blanked."""
    found = re.search(r'<section[^>]*aria-labelledby="matches-h".*?</section>', html, re.S)
    assert found is not None
    return ID.sub("ID", found.group(0))


@pytest.mark.parametrize("role", ROLES)
def test_the_check_lists_its_own_pretend_person_as_a_real_check_lists_hers(role: str) -> None:
    both = match_check(role, path="/persons/new/", reported_as=FIRST, names=SECOND)
    check, found, real_found = both.check, both.found, both.real_found
    pretend_her = both.pretend_her
    assert (found.score, found.match_weight, found.evidence) == (
        real_found.score,
        real_found.match_weight,
        real_found.evidence,
    )
    html = check.content.decode()
    assert f'value="attach:{pretend_her}"' in html
    assert _matches(html) == _matches(both.real_check.content.decode())
    # "The same person" on her then adds the report to her, as on the real page.
    answer = both.decoy.post(
        "/persons/new/",
        {**SECOND, "decision": f"attach:{pretend_her}", "checked": check.context["check_mark"]},
    )
    assert counts() == both.before
    assert answer.status_code == 302 and answer["Location"] == f"/persons/{pretend_her}/"


def test_the_check_finds_nothing_of_another_session_nor_of_the_network() -> None:
    # A real person and another session's pretend one: never this decoy's candidates.
    decoy, _, _ = reported_by_others(Role.COORDINATOR, FIRST)
    before = counts()
    check = decoy.post("/persons/new/", {**SECOND, "decision": "check"})
    assert check.status_code == 200 and check.context["candidates"] == []
    assert "No likely match among the persons you can see." in check.content.decode()
    assert counts() == before


def test_the_api_check_lists_its_own_pretend_person_as_a_real_one() -> None:
    intake = {
        "person": {"given_names": ["Layla"], "family_names": ["Hassan"], "sex": "f"},
        "report": {"reporter_name": "Hadiya", "relationship": "sister"},
    }
    both = api_pair_with_her(Role.CASEWORKER, intake)
    names = {"given_names": ["Leila"], "family_names": ["Hasan"], "sex": "f"}
    real, answer = both.send("post", "/api/persons/match/", names)
    assert answer.status_code == 200
    assert [c["person"]["id"] for c in answer.json()] == [both.ids["her"][1]]
    assert [c["person"]["id"] for c in real.json()] == [both.ids["her"][0]]
