"""The request page says why each assessment was made in words, and isolates evidence lines
for right-to-left pages."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from safepassage.accounts.models import Role, User
from safepassage.verification.rules import TRIGGER_LABELS, trigger_label
from safepassage.verification.services import request_recompute
from safepassage.verification.tests.factories import make_contact, make_person, make_request

pytestmark = pytest.mark.django_db


def test_request_page_shows_trigger_labels_not_codes(
    users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    coordinator = users[Role.COORDINATOR]
    person = make_person()
    call = make_contact(person, auth_outcome="failed")
    rescue = make_request(coordinator, person, contacts=[call])
    request_recompute(actor=coordinator, request=rescue)
    html = client_for(Role.COORDINATOR).get(f"/verification/requests/{rescue.pk}/").content
    page = html.decode()
    assert "(created)" not in page and "(manual)" not in page
    assert "(when the request was recorded)" in page and "(assessed again on request)" in page
    assert '<li dir="auto">' in page


def test_every_trigger_in_use_has_a_label() -> None:
    used = {
        "created",
        "manual",
        "rules",
        "contact",
        "location_report",
        "member.status",
        "incident",
        "place.control",
    }
    assert used <= set(TRIGGER_LABELS)
    assert trigger_label("something-new") == "something-new"
