"""A coordinator opens a blocked request, reads its factors, approves; a second coordinator,
in a separate browser, approves too and the request is cleared."""

from __future__ import annotations

from typing import Any

import pytest

from safepassage.accounts.models import Role, User
from safepassage.conftest import make_user
from safepassage.tests.browser import screenshot, sign_in_page
from safepassage.verification.tests.factories import (
    make_contact,
    make_incident,
    make_person,
    make_place,
    make_request,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(browser: Any, live_server: Any, user: User) -> Any:
    context = browser.new_context(viewport={"width": 390, "height": 860})
    return context, sign_in_page(context, live_server.url, user)


def test_two_coordinators_clear_a_blocked_request(live_server: Any, browser: Any) -> None:
    falcon = make_user("falcon", Role.COORDINATOR)
    heron = make_user("heron", Role.COORDINATOR)
    house = make_place(falcon, "House 14", kind="house", latitude=36.3, longitude=41.9)
    make_incident(falcon, phone_numbers=["+964 750 555 0199"], place=house)
    person = make_person()
    call = make_contact(person, number="+964 750 555 0199", what_she_asked="come now, he is away")
    request = make_request(
        falcon,
        person,
        contacts=[call],
        pickup_place=house,
        holder_away_claimed=True,
        pickup_at_captive_location=True,
    )

    first_context, first = _sign_in(browser, live_server, falcon)
    first.click("nav >> text=Verification")
    first.wait_for_url("**/verification/")
    first.click(f"a[href='/verification/requests/{request.pk}/']")
    assert first.locator("#blocked").is_visible()
    codes = first.locator("#factors tr[data-code]").evaluate_all(
        "rows => rows.map(r => r.dataset.code)"
    )
    assert {"number_in_incident", "lure_phrases", "lure_captive_location"} <= set(codes)
    screenshot(first, "verification-blocked")
    first.fill("#id_reason", "Spoke with her brother; the team meets her elsewhere.")
    first.click("#approve button[type=submit]")
    first.wait_for_load_state()
    assert first.locator("#blocked").is_visible()
    assert first.locator("#approve").count() == 0 or "1" in first.locator("#blocked").inner_text()

    second_context, second = _sign_in(browser, live_server, heron)
    second.goto(f"{live_server.url}/verification/requests/{request.pk}/")
    second.fill("#id_reason", "Agreed: network-chosen meeting point, guide briefed.")
    second.click("#approve button[type=submit]")
    second.wait_for_load_state()
    assert second.locator("#cleared").is_visible()
    assert second.locator("#approvals li").count() == 2
    screenshot(second, "verification-cleared")
    first.reload()
    assert first.locator("#cleared").is_visible()
    first_context.close()
    second_context.close()
