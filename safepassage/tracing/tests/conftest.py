"""Tracing test helpers: persons and reports made through the real services."""

from __future__ import annotations

import datetime
import re
from html import unescape
from typing import Any

from safepassage.accounts.models import User
from safepassage.tracing.keys import PersonDetails
from safepassage.tracing.models import Person, Report
from safepassage.tracing.services import ReportDetails, intake_submit

KHALIL_LATIN: dict[str, Any] = {
    "given_names": ("Xelîl",),
    "father_names": ("Hesen",),
    "grandfather_names": ("Bapîr",),
    "family_names": ("Şingalî",),
    "sex": "f",
    "birth_year": 1998,
    "home_place": "Kocho",
}
KHALIL_ARABIC: dict[str, Any] = {
    "given_names": ("خليل",),
    "father_names": ("حسن",),
    "grandfather_names": ("بابير",),
    "family_names": ("الشنگالي",),
    "sex": "f",
    "birth_year": 1997,
    "home_place": "كوجو",
}


def report_person(
    actor: User,
    *,
    reporter: str = "Nadia",
    phones: tuple[str, ...] = (),
    attach_to: Person | None = None,
    **names: Any,
) -> Report:
    details = PersonDetails(**names)
    return intake_submit(
        actor=actor,
        details=details,
        report=ReportDetails(
            reporter_name=reporter,
            relationship="sister",
            reporter_phones=phones,
            reported_on=datetime.date(2024, 3, 1),
            knowledge="Taken in August 2014.",
        ),
        attach_to=attach_to,
    )


def check_mark(response: Any) -> str:
    """The signed mark of the check an intake page shows, as the browser posts it back."""
    found = re.search(r'name="checked" value="([^"]+)"', response.content.decode())
    assert found, "the page carries no mark of its check"
    return unescape(found.group(1))
