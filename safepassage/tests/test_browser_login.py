"""A person signs in with password and code on a phone-sized screen, reads Arabic, signs out."""

from __future__ import annotations

from typing import Any

import pytest

from safepassage.accounts.models import Role
from safepassage.conftest import PASSWORD, current_code, make_user
from safepassage.tests.browser import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_in_switch_to_arabic_and_sign_out(live_server: Any, browser: Any) -> None:
    user = make_user("falcon", Role.COORDINATOR)
    context = browser.new_context(viewport={"width": 390, "height": 800}, java_script_enabled=False)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))

    page.goto(f"{live_server.url}/")
    assert page.url.startswith(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "falcon")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit] >> text=Continue")
    page.wait_for_url("**/accounts/login/code/**")
    page.fill("#id_token", current_code(user))
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    assert page.locator("h1").inner_text() == "Dashboard"
    assert page.get_attribute("html", "dir") == "ltr"
    screenshot(page, "login-dashboard-en")

    page.select_option("#language", "ar")
    page.click("form.lang button")
    page.wait_for_load_state()
    assert page.get_attribute("html", "dir") == "rtl"
    assert page.get_attribute("html", "lang") == "ar"
    assert page.locator("h1").inner_text() == "لوحة المتابعة"
    # Right-to-left for real: the brand sits at the right edge of the header.
    brand = page.locator("header .brand").bounding_box()
    assert brand is not None and brand["x"] > 390 / 2
    screenshot(page, "login-dashboard-ar")

    page.click("text=تسجيل الخروج")
    page.wait_for_url("**/accounts/login/**")
    assert page.get_attribute("html", "dir") == "rtl"
    assert page.locator("h1").inner_text() == "تسجيل الدخول"
    page.goto(f"{live_server.url}/")
    assert "/accounts/login/" in page.url

    # Nothing was fetched from anywhere but this server.
    assert requests and all(url.startswith(live_server.url) for url in requests)
    context.close()
