"""In Chromium: the dashboard's alerts refresh is marked as the page's own doing (it renews
no session), and once the session has ended the next refresh takes the whole page to the
sign-in page, so a phone left open stops showing the network's alerts; typing in a long form
is her activity, and the page says so."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.sessions.models import Session

from safepassage.accounts.models import Role
from safepassage.conftest import make_user
from safepassage.tests.browser import screenshot, sign_in_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_open_dashboard_goes_to_sign_in_when_its_session_ends(
    live_server: Any, browser: Any
) -> None:
    user = make_user("falcon", Role.COORDINATOR)
    context = browser.new_context()
    page = sign_in_page(context, live_server.url, user)
    page.clock.install()
    page.goto(f"{live_server.url}/")
    refreshes: list[dict[str, str]] = []
    page.on("request", lambda r: refreshes.append(r.headers) if "/alerts/panel/" in r.url else None)
    page.clock.fast_forward("00:31")
    page.wait_for_load_state("networkidle")
    assert refreshes and refreshes[-1].get("sp-poll") == "1"
    assert page.url == f"{live_server.url}/"

    Session.objects.all().delete()  # the idle time has passed: the session is gone
    page.clock.fast_forward("00:31")
    page.wait_for_url("**/accounts/login/?next=/")
    assert page.locator("#id_username").count() == 1 and page.locator("#ended").count() == 1
    assert "alerts" not in page.content()
    screenshot(page, "idle-dashboard-signed-out")
    context.close()


def test_typing_in_a_long_form_says_still_here_at_most_every_two_minutes(
    live_server: Any, browser: Any
) -> None:
    user = make_user("falcon", Role.COORDINATOR)
    context = browser.new_context()
    page = sign_in_page(context, live_server.url, user)
    page.clock.install()
    page.goto(f"{live_server.url}/persons/new/")
    said: list[str] = []
    page.on("request", lambda r: said.append(r.method) if "/accounts/active/" in r.url else None)
    page.fill("#id_knowledge", "Taken at the checkpoint")  # just opened: nothing to say
    page.clock.fast_forward("02:01")
    page.type("#id_knowledge", " with her sister", delay=5)
    page.wait_for_load_state("networkidle")
    assert said == ["POST"]  # once, however many keys
    page.clock.fast_forward("01:00")
    page.type("#id_knowledge", ".")
    page.wait_for_load_state("networkidle")
    assert said == ["POST"]
    context.close()
