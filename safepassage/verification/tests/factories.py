"""Test data for verification; intel's helpers make the places, members and reports."""

from __future__ import annotations

from typing import Any

from safepassage.accounts.models import User
from safepassage.intel.tests.factories import (
    make_contact,
    make_holder,
    make_incident,
    make_member,
    make_person,
    make_place,
    make_report,
    make_secret,
)
from safepassage.tracing.models import Person
from safepassage.verification import services
from safepassage.verification.models import RescueRequest

__all__ = [
    "make_contact",
    "make_holder",
    "make_incident",
    "make_member",
    "make_person",
    "make_place",
    "make_report",
    "make_request",
    "make_secret",
]


def make_request(actor: User, person: Person, **fields: Any) -> RescueRequest:
    # A request must give something to check; unless the test says where the pick-up is,
    # the network chooses the meeting point (this fires no factor by itself).
    if not fields.get("pickup_at_captive_location"):
        fields.setdefault("network_chosen_meeting_point", True)
    return services.request_create(actor=actor, person=person, **fields)
