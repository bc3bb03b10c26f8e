"""The operation page and the field team's page are titled "Operation", not by the
operation's codename: a phone keeps titles in its history and shows them in its list of open
tabs, where whoever holds the phone reads them without signing in. The codename is named in
the page only."""

from __future__ import annotations

import pytest
from django.test import Client

from safepassage.accounts.models import User
from safepassage.conftest import sign_in
from safepassage.intel.tests.test_page_titles import _title
from safepassage.operations import clock
from safepassage.operations.tests.factories import START, underway

pytestmark = pytest.mark.django_db


def test_the_operation_pages_are_titled_without_the_codename(
    users: dict[str, User], second_coordinator: User
) -> None:
    with clock.frozen_at(START):
        world = underway(users["coordinator"], second_coordinator, users["field"])
    coordinator, field = Client(), Client()
    sign_in(coordinator, users["coordinator"])
    sign_in(field, users["field"])
    pages = (
        (coordinator, f"/operations/{world.operation.pk}/"),
        (field, f"/field/{world.operation.pk}/"),
    )
    for client, url in pages:
        body = client.get(url).content.decode()
        assert "Olive" in body  # the page names it
        assert _title(body) == "Operation"
        assert "Olive" not in _title(body)
    for client, url in pages:
        client.cookies["django_language"] = "ar"
        assert _title(client.get(url).content.decode()) == "العملية"
