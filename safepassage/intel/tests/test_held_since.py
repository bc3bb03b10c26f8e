""" "Held there since" keeps tracing's floor for dates and comes after her earliest birth year."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from safepassage.accounts.models import Role, User
from safepassage.intel.models import LocationReport
from safepassage.intel.tests.factories import make_member, make_person, make_place, make_report

pytestmark = pytest.mark.django_db


def _refusal(users: dict[str, User], held_since: datetime.date, **person: object) -> str:
    actor = users[Role.COORDINATOR]
    with pytest.raises(ValidationError) as refused:
        make_report(
            actor,
            make_person(**person),
            member=make_member(actor),
            place=make_place(actor),
            held_since=held_since,
        )
    assert LocationReport.objects.count() == 0
    return refused.value.message_dict["held_since"][0]


def test_held_since_1900_is_before_the_floor(users: dict[str, User]) -> None:
    message = _refusal(users, datetime.date(1900, 1, 1), birth_year=1999)
    assert message == "She cannot have been held there since before 1950."


def test_held_since_before_her_birth_is_refused(users: dict[str, User]) -> None:
    message = _refusal(users, datetime.date(1990, 6, 1), birth_year=1999, birth_year_uncertainty=2)
    assert message == "She cannot have been held there since before she was born (born 1999 ±2)."


def test_the_refusal_is_translated(users: dict[str, User]) -> None:
    with translation.override("kmr"):
        message = _refusal(users, datetime.date(1900, 1, 1))
    assert "1950" in message and "since before" not in message


def test_within_her_uncertainty_is_accepted(users: dict[str, User]) -> None:
    actor = users[Role.COORDINATOR]
    person = make_person(birth_year=1999, birth_year_uncertainty=2)
    report = make_report(
        actor,
        person,
        member=make_member(actor),
        place=make_place(actor),
        held_since=datetime.date(1997, 3, 1),
    )
    assert report.held_since == datetime.date(1997, 3, 1)
