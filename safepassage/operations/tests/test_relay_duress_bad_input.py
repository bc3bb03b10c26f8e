"""A check-in a coordinator relays through the API and that the API refuses for its input (a
position too long, a waypoint not on the route, a button that does not exist, a code too long
for the form, the member not named) still raises the duress alert when its code is the duress
code, as a team member's own check-in does. The coordinator gets exactly the refusal any code
gets; no check-in is recorded, and every answer checks both codes."""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from safepassage.accounts.models import Role, User
from safepassage.operations.models import CheckIn
from safepassage.operations.tests.factories import CODE, DURESS, World
from safepassage.operations.tests.test_duress_bad_input import DURESS_SPACED, _underway
from safepassage.operations.tests.test_duress_not_underway import (
    _answers,
    _duress_alerts,
    _verifications,
)

pytestmark = pytest.mark.django_db


def _bad_bodies(world: World) -> dict[str, dict[str, Any]]:
    lead = str(world.lead.pk)
    return {
        "position too long": {"pressed": "ok", "position": "x" * 201, "team_member": lead},
        "no such button": {"pressed": "panic", "team_member": lead},
        "waypoint not an id": {"pressed": "ok", "waypoint": "north", "team_member": lead},
        "waypoint not on the route": {
            "pressed": "ok",
            "waypoint": str(uuid.uuid4()),
            "position": "mill",
            "team_member": lead,
        },
        "note too long": {"pressed": "danger", "note": "n" * 2001, "team_member": lead},
        "member not named": {"pressed": "ok", "position": "mill"},
        "member not on the team": {"pressed": "ok", "team_member": str(uuid.uuid4())},
    }


CASES = [
    "position too long",
    "no such button",
    "waypoint not an id",
    "waypoint not on the route",
    "note too long",
    "member not named",
    "member not on the team",
]


@pytest.mark.parametrize("case", CASES)
def test_a_refused_relayed_check_in_answers_alike_and_its_duress_code_alerts(
    users: dict[str, User],
    second_coordinator: User,
    client_for: Callable[[str], Client],
    case: str,
) -> None:
    world = _underway(users, second_coordinator)
    operation = world.operation
    body = _bad_bodies(world)[case]
    api = client_for(Role.COORDINATOR)
    url = f"/api/operations/{operation.pk}/check-ins/"
    seen = _answers(
        lambda code: api.post(url, {**body, "code": code}, content_type="application/json"),
        operation,
    )
    assert seen[0][:2] == seen[1][:2] == seen[2][:2] and seen[0][0] == 400
    assert [alerts for *_, alerts in seen] == [[], [], ["duress"]]

    api.post(url, {**body, "code": DURESS}, content_type="application/json")
    [alert] = _duress_alerts(operation)
    assert alert.message_key == "check_in_duress_refused"
    named = "team_member" in body and case != "member not on the team"
    assert alert.message_params["member"] == ("olive-guide" if named else "—")
    assert CheckIn.objects.filter(operation=operation).count() == 0


def test_the_duress_code_too_long_for_the_relay_form_still_alerts(
    users: dict[str, User], second_coordinator: User, client_for: Callable[[str], Client]
) -> None:
    world = _underway(users, second_coordinator)
    answer = client_for(Role.COORDINATOR).post(
        f"/api/operations/{world.operation.pk}/check-ins/",
        {"pressed": "ok", "code": DURESS_SPACED, "team_member": str(world.lead.pk)},
        content_type="application/json",
    )
    assert answer.status_code == 400
    [alert] = _duress_alerts(world.operation)
    assert alert.message_params["member"] == "olive-guide"


def test_the_where_of_a_refused_relayed_duress_check_in_keeps_what_can_be_trusted(
    users: dict[str, User], second_coordinator: User, client_for: Callable[[str], Client]
) -> None:
    world = _underway(users, second_coordinator)
    waypoint = world.operation.waypoints.order_by("position").first()
    assert waypoint is not None
    client_for(Role.COORDINATOR).post(
        f"/api/operations/{world.operation.pk}/check-ins/",
        {
            "pressed": "panic",
            "code": DURESS,
            "waypoint": str(waypoint.pk),
            "position": "the old mill",
            "team_member": str(world.lead.pk),
        },
        content_type="application/json",
    )
    [alert] = _duress_alerts(world.operation)
    assert alert.message_params["where"] == {"waypoint": 1, "position": "the old mill"}


def test_every_refused_relayed_answer_checks_both_codes(
    users: dict[str, User], second_coordinator: User, client_for: Callable[[str], Client]
) -> None:
    world = _underway(users, second_coordinator)
    api = client_for(Role.COORDINATOR)
    url = f"/api/operations/{world.operation.pk}/check-ins/"
    spent = {
        f"{case} {code}": _verifications(
            functools.partial(
                api.post, url, {**body, "code": code}, content_type="application/json"
            )
        )
        for case, body in _bad_bodies(world).items()
        for code in (CODE, "nope", DURESS)
    }
    assert set(spent.values()) == {2}, spent


def test_a_body_that_is_not_an_object_alerts_nothing_and_answers_alike(
    users: dict[str, User], second_coordinator: User, client_for: Callable[[str], Client]
) -> None:
    world = _underway(users, second_coordinator)
    answer = client_for(Role.COORDINATOR).post(
        f"/api/operations/{world.operation.pk}/check-ins/",
        [DURESS],
        content_type="application/json",
    )
    assert answer.status_code == 400
    assert _duress_alerts(world.operation) == []
