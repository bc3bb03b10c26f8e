"""A whole operation in real Chromium: plan, approve, start, check in from a phone without
JavaScript, miss a check-in, see the alert on the coordinator's page, complete."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from safepassage.accounts.models import Role
from safepassage.conftest import make_user
from safepassage.operations import clock
from safepassage.operations.models import Operation
from safepassage.operations.services import deadlines_check
from safepassage.operations.tests.factories import (
    CODE,
    START,
    clear,
    make_member,
    make_person,
    make_place,
    make_request,
)
from safepassage.tests.browser import screenshot, sign_in_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_plan_run_miss_a_check_in_and_complete(live_server: Any, browser: Any) -> None:
    falcon = make_user("falcon", Role.COORDINATOR)
    heron = make_user("heron", Role.COORDINATOR)
    sparrow = make_user("sparrow", Role.FIELD)
    person = make_person(falcon, given="Berfîn")
    request = make_request(falcon, person)
    clear(request, [falcon, heron])
    make_member(falcon, "sparrow-m", user=sparrow)
    make_place(falcon, "Tel Qasab")
    make_place(falcon, "Old mill crossing", kind="crossing")
    url = live_server.url

    with clock.frozen_at(START):
        desk = browser.new_context(viewport={"width": 1200, "height": 900})
        page = sign_in_page(desk, url, falcon)
        page.goto(f"{url}/operations/new/")
        page.fill("#id_codename", "Olive")
        page.fill("#id_check_in_interval_minutes", "30")
        page.fill("#id_grace_minutes", "5")
        page.fill("#id_check_in_code", CODE)
        page.fill("#id_duress_code", "red kite")
        page.click("main button[type=submit]")
        page.wait_for_url("**/operations/*/")
        page.click("form[action$='/plan/person/'] button")
        page.select_option("#add-role", "lead")
        page.click("form[action$='/plan/team/'] button")
        for place, when in (
            ("Tel Qasab", "2026-03-02T08:00"),
            ("Old mill crossing", "2026-03-02T20:00"),
        ):
            page.select_option(
                "#add-place",
                label=f"{place} · " + ("Village" if "Tel" in place else "Crossing point"),
            )
            page.fill("#id_planned_arrival", when)
            page.click("form[action$='/plan/waypoint/'] button")
        page.fill("#id_quantity", "6")
        page.click("form[action$='/plan/supply/'] button")
        page.click("text=Approve the plan")
        page.click("text=Start the operation")
        assert "Underway" in page.locator("h1").inner_text()
        screenshot(page, "operation-underway")
        operation = Operation.objects.get(codename="Olive")

        phone = browser.new_context(
            viewport={"width": 390, "height": 800}, java_script_enabled=False
        )
        field = sign_in_page(phone, url, sparrow)
        field.click("text=Your operation")
        field.wait_for_url(f"**/field/{operation.pk}/")
        assert "Berfîn" in field.content() and "Xelîl" not in field.content()
        field.fill("#ci-code", CODE)
        field.click("button[value=ok]")
        field.wait_for_url("**/checked-in/")
        assert "Check-in sent" in field.locator("h1").inner_text()
        screenshot(field, "operation-field-checked-in")

    # Nobody checks in again: 30 minutes and the grace period pass.
    deadlines_check(now=START + datetime.timedelta(minutes=36))
    page.reload()
    assert "Overdue check-in" in page.locator("#alerts").inner_text()
    screenshot(page, "operation-overdue-alert")

    page.click("summary")
    page.select_option("#end-status", "completed")
    page.check("input[name=brought_out]")
    page.fill("#end-notes", "Crossed at dawn; she is at reception.")
    page.click("text=Record the outcome")
    assert "Completed" in page.locator("h1").inner_text()
    person.refresh_from_db()
    assert person.status == "arrived"
    phone.close()
    desk.close()
