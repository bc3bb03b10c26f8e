"""On a 390 px phone the pages with tables never scroll sideways, left to right or right to
left: a wide table scrolls inside itself, and a long word (a pasted link, a number) wraps."""

from __future__ import annotations

from typing import Any

import pytest

from safepassage.accounts.models import Role
from safepassage.conftest import make_user
from safepassage.tests.browser import screenshot, sign_in_page
from safepassage.tracing.services import duplicates_refresh, person_set_status
from safepassage.tracing.tests.conftest import KHALIL_ARABIC, KHALIL_LATIN, report_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
UNBROKEN = "https://example.org/" + "x" * 400


def _page_width(page: Any) -> tuple[int, int]:
    scroll_width, client_width = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    return int(scroll_width), int(client_width)


def _tables_fit(page: Any) -> None:
    """Every table is narrower than the screen, or scrolls inside its own box."""
    for table in page.locator("main table").all():
        box_width, content_width, overflow = table.evaluate(
            "t => [t.getBoundingClientRect().width, t.scrollWidth, getComputedStyle(t).overflowX]"
        )
        assert box_width <= PHONE["width"]
        assert content_width <= box_width + 1 or overflow == "auto"


@pytest.mark.parametrize("language", ["en", "ckb"])
def test_pages_with_tables_fit_a_phone(live_server: Any, browser: Any, language: str) -> None:
    user = make_user("falcon", Role.COORDINATOR)
    person = report_person(user, **KHALIL_LATIN).person
    report_person(user, reporter="Saeed", **KHALIL_ARABIC)
    person_set_status(actor=user, person=person, status="contact", reason=UNBROKEN)
    duplicates_refresh(person=person)

    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = sign_in_page(context, live_server.url, user)
    if language != "en":
        page.select_option("#language", language)
        page.click("form.lang button")
        page.wait_for_load_state()
        assert page.get_attribute("html", "lang") == language

    pages = {
        "person": f"/persons/{person.pk}/",
        "duplicates": "/persons/duplicates/",
        "persons": "/persons/",
    }
    for name, path in pages.items():
        page.goto(f"{live_server.url}{path}")
        assert page.locator("main table").count() > 0, name
        scroll_width, client_width = _page_width(page)
        assert scroll_width <= client_width, (name, scroll_width, client_width)
        _tables_fit(page)
        screenshot(page, f"phone-{name}-{language}")

    # The intake's list of likely matches, with its evidence tables.
    page.goto(f"{live_server.url}/persons/new/")
    page.fill("#id_given_names", "خليل")
    page.fill("#id_father_names", "حسن")
    page.fill("#id_family_names", "الشنگالي")
    page.fill("#id_reporter_name", "سعيد")
    page.click("#check")
    page.wait_for_selector("#matches")
    assert page.locator("#matches table").count() > 0
    scroll_width, client_width = _page_width(page)
    assert scroll_width <= client_width, ("intake", scroll_width, client_width)
    _tables_fit(page)
    screenshot(page, f"phone-intake-{language}")

    # The long unbroken reason is shown whole, wrapped inside the page.
    page.goto(f"{live_server.url}/persons/{person.pk}/")
    assert UNBROKEN in page.locator("#timeline").inner_text().replace("\n", "")
    context.close()
