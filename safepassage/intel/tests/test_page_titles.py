"""A page's title names no record: a phone keeps titles in its history and shows them in its
list of open tabs, where whoever holds the phone reads them without signing in. A safe house,
a holder or a member's codename is named in the page only, as a person is."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client

from safepassage.accounts.models import Role, User
from safepassage.intel.tests.factories import make_holder, make_member, make_place

pytestmark = pytest.mark.django_db


def _title(body: str) -> str:
    found = re.search(r"<title>(.*?)</title>", body, re.S)
    assert found is not None
    return found.group(1)


def test_the_titles_of_intel_records_name_none(
    users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    coordinator = users[Role.COORDINATOR]
    safe_house = make_place(coordinator, "Beit Sirri", kind="safe_house", secret=True)
    holder = make_holder(coordinator, "Abu Zaydan")
    member = make_member(coordinator, "nightjar")
    client = client_for(Role.COORDINATOR)
    for url, name, title in (
        (f"/intel/places/{safe_house.pk}/", "Beit Sirri", "Place"),
        (f"/intel/holders/{holder.pk}/", "Abu Zaydan", "Holder"),
        (f"/intel/members/{member.pk}/", "nightjar", "Member"),
    ):
        body = client.get(url).content.decode()
        assert name in body  # the page shows it
        assert _title(body) == title

    client.cookies["django_language"] = "ar"
    titles = [
        _title(client.get(f"/intel/{kind}/{pk}/").content.decode())
        for kind, pk in (("places", safe_house.pk), ("holders", holder.pk), ("members", member.pk))
    ]
    assert titles == ["المكان", "المحتجِز", "العضو"]
