"""Who controls an area: the newest knowledge stands.

A control change dated before the one on record (an old report typed in late) would make a
place look safe again when it is known to have fallen since; a date in the future is known
by no one.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from safepassage.accounts.models import Role, User
from safepassage.intel import services
from safepassage.intel.models import Place
from safepassage.intel.tests.factories import make_place

pytestmark = pytest.mark.django_db


def test_an_older_control_does_not_replace_newer_knowledge(users: dict[str, User]) -> None:
    actor = users[Role.COORDINATOR]
    place = make_place(actor, "Kanîsor", latitude=36.5, longitude=42.1)
    services.place_set_control(
        actor=actor, place=place, control="hostile", as_of=datetime.date(2024, 6, 1)
    )
    with pytest.raises(ValidationError) as caught:
        services.place_set_control(
            actor=actor, place=place, control="safe", as_of=datetime.date(2023, 1, 1)
        )
    assert "control_as_of" in caught.value.message_dict
    stored = Place.objects.get(pk=place.pk)
    assert (stored.control, stored.control_as_of) == ("hostile", datetime.date(2024, 6, 1))
    # The same day or later is newer knowledge.
    services.place_set_control(
        actor=actor, place=place, control="contested", as_of=datetime.date(2024, 6, 1)
    )
    assert Place.objects.get(pk=place.pk).control == "contested"


def test_a_control_dated_in_the_future_is_refused(users: dict[str, User]) -> None:
    actor = users[Role.COORDINATOR]
    place = make_place(actor, "Kanîsor", latitude=36.5, longitude=42.1)
    with pytest.raises(ValidationError) as caught:
        services.place_set_control(
            actor=actor, place=place, control="safe", as_of=datetime.date(2999, 1, 1)
        )
    assert "control_as_of" in caught.value.message_dict
    assert Place.objects.get(pk=place.pk).control == "unknown"


def test_the_place_page_says_why_and_changes_nothing(
    users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    actor = users[Role.COORDINATOR]
    place = make_place(actor, "Kanîsor", latitude=36.5, longitude=42.1)
    services.place_set_control(
        actor=actor, place=place, control="hostile", as_of=datetime.date(2024, 6, 1)
    )
    answer = client_for(Role.COORDINATOR).post(
        f"/intel/places/{place.pk}/", {"control": "safe", "as_of": "2023-01-01"}
    )
    assert "Control is already known on 2024-06-01" in answer.content.decode()
    assert Place.objects.get(pk=place.pk).control == "hostile"
