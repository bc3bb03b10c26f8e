"""A coordinator reads the statistics in English and in Arabic, in real Chromium."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from safepassage.accounts.models import Role
from safepassage.conftest import make_user
from safepassage.tests.browser import screenshot, sign_in_page
from safepassage.tracing.models import Person, PersonStatus, Report, StatusChange

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Status path per person: every person passes through these statuses to its last one.
PATHS = [
    ["located"],
    ["located", "arrived"],
    ["located", "arrived", "reunited"],
    ["located", "arrived", "reunited"],
    [],
]


def _population() -> None:
    today = timezone.localdate()
    for i in range(12):
        path = PATHS[i % len(PATHS)]
        person = Person.objects.create(
            given_names=[f"Demo {i}"], status=path[-1] if path else PersonStatus.MISSING
        )
        Report.objects.create(
            person=person,
            reporter_name="Family",
            reported_on=today - datetime.timedelta(days=40 * (i % 3)),
        )
        previous: str = PersonStatus.MISSING
        for to_status in path:
            StatusChange.objects.create(person=person, from_status=previous, to_status=to_status)
            previous = to_status


def _charts_have_bars(page: Any) -> None:
    charts = page.locator("svg.chart")
    assert charts.count() == 2
    for index in range(2):
        chart = charts.nth(index)
        box = chart.bounding_box()
        assert box is not None and box["width"] > 0 and box["height"] > 0
        rects = chart.locator("rect")
        assert rects.count() > 0
        drawn = [rects.nth(i).bounding_box() for i in range(rects.count())]
        assert any(b is not None and b["width"] > 0 and b["height"] > 0 for b in drawn)


def test_statistics_in_english_and_arabic(live_server: Any, browser: Any) -> None:
    _population()
    user = make_user("falcon", Role.COORDINATOR)
    context = browser.new_context(viewport={"width": 1000, "height": 900})
    page = sign_in_page(context, live_server.url, user)

    page.goto(f"{live_server.url}/reports/")
    assert page.locator("h1").inner_text() == "Statistics"
    assert page.get_attribute("html", "dir") == "ltr"
    assert page.locator("svg.chart rect").count() > 0
    _charts_have_bars(page)
    screenshot(page, "reports-en")

    page.select_option("#language", "ar")
    page.click("form.lang button")
    page.wait_for_load_state()
    assert page.url.startswith(f"{live_server.url}/reports/")
    assert page.locator("html[dir=rtl]").count() == 1
    assert page.get_attribute("html", "lang") == "ar"
    assert page.locator("h1").inner_text() == "الإحصاءات"
    _charts_have_bars(page)
    screenshot(page, "reports-ar")
    context.close()
