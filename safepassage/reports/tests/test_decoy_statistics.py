"""A decoy session's statistics count its own pretend persons as a real account's count the
persons it sees: its dashboard's "Persons (n)" and its statistics agree, as a real one's."""

from __future__ import annotations

import pytest

from safepassage.accounts.models import Role
from safepassage.tests.decoy import REPORT, counts, real_and_decoy, reported

pytestmark = pytest.mark.django_db

FIGURES = (
    "by_status",
    "months",
    "per_month",
    "median_days_report_to_rescue",
    "median_days_rescue_to_reunion",
    "total_persons",
    "withheld",
)


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.CASEWORKER])
def test_its_statistics_count_its_pretend_persons_as_a_real_accounts_count_hers(
    role: str,
) -> None:
    real, decoy = real_and_decoy(role)
    for client in (real, decoy):
        her = reported(client, REPORT)
        reported(client, {**REPORT, "given_names": "Dilan", "reporter_name": "Zeyno"})
        status = {"status": "located", "reason": "Seen at the farm", "version": "1"}
        assert client.post(f"/persons/{her}/status/", status).status_code == 302
    real_page = real.get("/reports/")
    before = counts()
    page = decoy.get("/reports/")
    assert counts() == before
    assert page.status_code == real_page.status_code == 200
    shown, real_shown = page.context["stats"], real_page.context["stats"]
    for figure in FIGURES:
        assert getattr(shown, figure) == getattr(real_shown, figure), figure
    if role == Role.COORDINATOR:  # exact figures: both women, one of them located
        assert shown.total_persons == 2
        assert ("located", "Located", 1) in shown.by_status
