"""Her testimony's dates, sales and transfers read in the reader's language: each event's kind
is shown by its name ("Sold", بيعت), not by the code it is stored under ("sold")."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client

from safepassage.accounts.models import Role, User
from safepassage.aftercare import services
from safepassage.aftercare.models import ConsentPurpose
from safepassage.aftercare.tests.factories import reported_person

pytestmark = pytest.mark.django_db


def _timeline(body: str) -> str:
    found = re.search(r'<ol class="timeline">(.*?)</ol>', body, re.S)
    assert found is not None
    return found.group(1)


def test_event_kinds_are_named_in_the_readers_language(
    users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    coordinator = users[Role.COORDINATOR]
    person = reported_person(coordinator)
    services.consent_record(
        actor=coordinator, person=person, purpose=ConsentPurpose.TESTIMONY, language="kmr"
    )
    testimony = services.testimony_record(
        actor=coordinator,
        person=person,
        details=services.TestimonyDetails(
            account="She was sold in the market.",
            language="kmr",
            events=[
                {"on": "2015-03-02", "kind": "sold", "note": "in the market"},
                {"on": "2016-01-10", "kind": "escaped", "note": ""},
            ],
        ),
    )
    client = client_for(Role.COORDINATOR)
    english = _timeline(client.get(f"/aftercare/testimony/{testimony.pk}/").content.decode())
    assert "2015-03-02 · Sold — " in english
    assert "2016-01-10 · Escaped or released</li>" in english

    client.cookies["django_language"] = "ar"
    arabic = _timeline(client.get(f"/aftercare/testimony/{testimony.pk}/").content.decode())
    assert "بيعت" in arabic and "هربت أو أُطلق سراحها" in arabic
    assert "sold" not in arabic and "escaped" not in arabic
