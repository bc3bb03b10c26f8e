"""A caseworker enters a report in Arabic for a woman already reported in Latin, sees the
suggested match, attaches the report, and finds one person with both reports."""

from __future__ import annotations

from typing import Any

import pytest

from safepassage.accounts.models import Role
from safepassage.conftest import make_user
from safepassage.tests.browser import screenshot, sign_in_page
from safepassage.tracing.models import Person
from safepassage.tracing.tests.conftest import KHALIL_LATIN, report_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_arabic_report_matches_latin_person_and_is_attached(live_server: Any, browser: Any) -> None:
    user = make_user("falcon", Role.COORDINATOR)
    person = report_person(user, **KHALIL_LATIN).person
    context = browser.new_context(viewport={"width": 390, "height": 900}, java_script_enabled=False)
    page = sign_in_page(context, live_server.url, user)

    page.click("nav >> text=Persons")
    page.click("text=New report")
    page.fill("#id_given_names", "خليل")
    page.fill("#id_father_names", "حسن")
    page.fill("#id_family_names", "الشنگالي")
    page.select_option("#id_sex", "f")
    page.fill("#id_birth", "1997")
    page.fill("#id_reporter_name", "سعيد")
    page.fill("#id_relationship", "uncle")
    page.click("#check")
    page.wait_for_selector("#matches")
    candidate = page.locator(".candidate").first
    assert "Xelîl" in candidate.inner_text()
    assert float(candidate.locator(".score").inner_text()) > 0.8
    screenshot(page, "tracing-intake-match")

    candidate.locator("button.attach").click()
    page.wait_for_url(f"{live_server.url}/persons/{person.pk}/")
    assert "خليل" in page.locator("#given-names").inner_text()
    timeline = page.locator("#timeline li.report")
    assert timeline.count() == 2
    assert "سعيد" in page.locator("#timeline").inner_text()
    screenshot(page, "tracing-person-two-reports")
    assert Person.objects.count() == 1
    context.close()


def test_a_name_searched_for_stays_out_of_every_address(live_server: Any, browser: Any) -> None:
    """Typed into the person search and the links search, the name is sent in the body: no
    address the browser opens (its history) and no Referer it sends carries it."""
    user = make_user("falcon", Role.COORDINATOR)
    mother = report_person(user, **KHALIL_LATIN).person
    child = report_person(
        user, reporter="Saeed", given_names=("Roza",), family_names=("Şingalî",)
    ).person
    context = browser.new_context(viewport={"width": 390, "height": 900}, java_script_enabled=False)
    page = sign_in_page(context, live_server.url, user)
    sent: list[tuple[str, str]] = []
    page.on("request", lambda r: sent.append((r.url, r.headers.get("referer", ""))))

    page.click("nav >> text=Persons")
    page.fill("#id_q", "Roza")
    page.click("form[role=search] button[type=submit]")
    page.wait_for_selector(f"a[href='/persons/{child.pk}/']")
    assert page.url == f"{live_server.url}/persons/"
    assert page.input_value("#id_q") == "Roza"  # the query stays in the box
    assert f"/persons/{mother.pk}/" not in page.content()
    screenshot(page, "tracing-person-search")

    page.goto(f"{live_server.url}/persons/{mother.pk}/links/")
    page.fill("#id_q", "Roza")
    page.click("form[role=search] button[type=submit]")
    page.wait_for_selector("#found")
    assert page.url == f"{live_server.url}/persons/{mother.pk}/links/"
    assert page.input_value("#id_q") == "Roza"
    page.click(f"#found a[href='/persons/{child.pk}/']")
    page.wait_for_url(f"{live_server.url}/persons/{child.pk}/")

    searched = list(sent)
    assert searched and all("Roza" not in url and "q=" not in url for url, _ in searched)
    assert all("Roza" not in referer and "q=" not in referer for _, referer in searched)

    # An old address carrying the name runs no search.
    page.goto(f"{live_server.url}/persons/?q=Xel%C3%AEl")
    assert page.input_value("#id_q") == ""
    assert "Searches are no longer kept" in page.inner_text(".messages")
    assert f"/persons/{mother.pk}/" not in page.content()
    context.close()
