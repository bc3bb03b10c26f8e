"""A decoy's rescue request that rests on her location report only is recorded and assessed
as a real one, and writes nothing.

A request must give something to check: a real one that names no contact, place or pick-up
is accepted when a location report of her is on record, and assessed on it. A decoy that
reported her itself (a pretend location report, kept in its session) must find its request
accepted and assessed on that report in the same way (her person page's form and ``POST
/api/verification/requests/``), not refused as if she had no report.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from safepassage.accounts.models import Role
from safepassage.intel.tests.test_decoy_location_reports import _contact
from safepassage.tests.decoy import (
    REPORT,
    api_pair_with_her_called,
    form_token,
    main_content,
    posted_alike,
    real_and_decoy,
    reported,
)

pytestmark = pytest.mark.django_db

ROLES = [Role.COORDINATOR, Role.CASEWORKER, Role.LIAISON]
# Where she said she was, in a call of hers: the only thing the request rests on.
SEEN = {"place_text": "The north farm by the river", "source_reliability": "C"}
TOTAL = re.compile(r'<strong id="total">(\d+)</strong>')


def _seen(page: Any) -> str:
    """A page as both sides see it alike (ids, tokens and the minute blanked)."""
    return main_content(page)


@pytest.mark.parametrize("role", ROLES)
def test_on_the_page_a_request_resting_on_her_report_is_assessed_as_a_real_one(role: str) -> None:
    real, decoy = real_and_decoy(role)
    forms = []
    for client in (real, decoy):
        her = reported(client, REPORT)
        page = f"/intel/persons/{her}/location-reports/"
        data = {
            **SEEN,
            "source_contact": _contact(client, her),
            "info_credibility": "3",
            "submission": form_token(client, page),
        }
        assert client.post(page, data).status_code == 302
        forms.append(f"/verification/persons/{her}/request/")

    real_answer, answer = posted_alike(real, decoy, forms[0], {}, decoy_path=forms[1], token=True)
    assert real_answer.status_code == 302
    # Its page opens as the real one's (ids, tokens and the minute blanked): assessed on her
    # report, with the same total and factors.
    real_page, page = real.get(real_answer["Location"]), decoy.get(answer["Location"])
    assert page.status_code == real_page.status_code == 200
    assert _seen(page) == _seen(real_page)
    shown = page.content.decode()
    assert TOTAL.findall(shown) == TOTAL.findall(real_page.content.decode()) != []
    if role == Role.COORDINATOR:  # who sees the evidence reads that it rests on her report
        assert "Location reports: 1, all from one source, none corroborated." in shown


@pytest.mark.parametrize("role", ROLES)
def test_through_the_api_a_request_resting_on_her_report_is_assessed_as_a_real_one(
    role: str,
) -> None:
    both = api_pair_with_her_called(
        role,
        {
            "person": {"given_names": ["Nareen"], "family_names": ["Berani"], "sex": "f"},
            "report": {"reporter_name": "Hadiya", "relationship": "sister"},
        },
    )
    report = {"person": "{her}", "source_contact": "{call}", **SEEN, "info_credibility": 3}
    assert both.send("post", "/api/intel/location-reports/", report)[1].status_code == 201
    # The same answer, its assessment among it (compared whole by the pair).
    real, answer = both.send("post", "/api/verification/requests/", {"person": "{her}"})
    assert real.status_code == 201
    assessment = answer.json()["assessment"]
    assert both.blank(assessment) == both.blank(real.json()["assessment"])
    assert [f["code"] for f in assessment["factors"]] == ["not_corroborated", "low_grade"]
    if role == Role.COORDINATOR:  # who sees the evidence reads that it rests on her report
        assert assessment["factors"][0]["evidence"] == [
            "Location reports: 1, all from one source, none corroborated."
        ]
