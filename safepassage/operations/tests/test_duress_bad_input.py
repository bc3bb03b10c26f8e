"""A duress code is never lost to a typing mistake: a check-in refused for its input (a
position too long, a waypoint not on the route, a button that does not exist) still raises the
duress alert when its code is the duress code, while the sender gets exactly the refusal any
code gets. No check-in is recorded and no deadline moves; every answer checks both codes."""

from __future__ import annotations

import datetime
import functools
import uuid
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from safepassage.accounts.models import User
from safepassage.conftest import sign_in
from safepassage.operations import clock, services
from safepassage.operations.models import Alert, AlertKind, CheckIn
from safepassage.operations.tests.factories import CODE, DURESS, START, World, underway
from safepassage.operations.tests.test_duress_not_underway import (
    _answers,
    _duress_alerts,
    _ended,
    _verifications,
)

pytestmark = pytest.mark.django_db
LATER = START + datetime.timedelta(minutes=5)
# The duress code as a phone may send it: spaces between its words, too long for the form.
DURESS_SPACED = DURESS.replace(" ", " " * 70)


def _underway(users: dict[str, User], second: User) -> World:
    with clock.frozen_at(START):
        return underway(users["coordinator"], second, users["field"])


def _field(users: dict[str, User]) -> Client:
    client = Client()
    sign_in(client, users["field"])
    return client


def _bad_bodies(world: World) -> dict[str, dict[str, Any]]:
    return {
        "position too long": {"pressed": "ok", "position": "x" * 201},
        "no such button": {"pressed": "panic"},
        "waypoint not an id": {"pressed": "ok", "waypoint": "north", "position": "mill"},
        "waypoint not on the route": {"pressed": "ok", "waypoint": str(uuid.uuid4())},
        "note too long": {"pressed": "danger", "note": "n" * 2001},
    }


@pytest.mark.parametrize(
    "case",
    [
        "position too long",
        "no such button",
        "waypoint not an id",
        "waypoint not on the route",
        "note too long",
    ],
)
def test_a_refused_check_in_answers_alike_and_its_duress_code_alerts(
    users: dict[str, User], second_coordinator: User, case: str
) -> None:
    world = _underway(users, second_coordinator)
    operation = world.operation
    body = _bad_bodies(world)[case]
    field = _field(users)
    page = _answers(
        lambda code: field.post(f"/field/{operation.pk}/", {**body, "code": code}), operation
    )
    api = _answers(
        lambda code: field.post(
            f"/api/field/operations/{operation.pk}/check-in/",
            {**body, "code": code},
            content_type="application/json",
        ),
        operation,
    )
    for seen in (page, api):
        assert seen[0][:2] == seen[1][:2] == seen[2][:2]
        assert [alerts for *_, alerts in seen] == [[], [], ["duress"]]
    assert page[0][0] == 422 and api[0][0] == 400

    due = operation.check_in_due_at
    with clock.frozen_at(LATER):
        field.post(f"/field/{operation.pk}/", {**body, "code": DURESS})
    [alert] = _duress_alerts(operation)
    assert alert.message_key == "check_in_duress_refused"
    assert "olive-guide" in alert.message and "Olive" in alert.message
    assert CheckIn.objects.filter(operation=operation).count() == 0
    operation.refresh_from_db()
    assert operation.check_in_due_at == due


def test_the_duress_code_too_long_for_the_form_still_alerts(
    users: dict[str, User], second_coordinator: User
) -> None:
    world = _underway(users, second_coordinator)
    field = _field(users)
    with clock.frozen_at(LATER):
        page = field.post(f"/field/{world.operation.pk}/", {"pressed": "ok", "code": DURESS_SPACED})
        api = field.post(
            f"/api/field/operations/{world.operation.pk}/check-in/",
            {"pressed": "ok", "code": DURESS_SPACED},
            content_type="application/json",
        )
    assert page.status_code == 422 and api.status_code == 400
    assert len(_duress_alerts(world.operation)) == 2


def test_the_where_of_a_refused_duress_check_in_keeps_what_can_be_trusted(
    users: dict[str, User], second_coordinator: User
) -> None:
    world = _underway(users, second_coordinator)
    waypoint = world.operation.waypoints.order_by("position").first()
    assert waypoint is not None
    with clock.frozen_at(LATER):
        _field(users).post(
            f"/field/{world.operation.pk}/",
            {
                "pressed": "panic",
                "code": DURESS,
                "waypoint": str(waypoint.pk),
                "position": "the old mill",
            },
        )
    [alert] = _duress_alerts(world.operation)
    assert alert.message_params["where"] == {"waypoint": 1, "position": "the old mill"}


def test_the_service_alerts_on_a_refused_duress_check_in_itself(
    users: dict[str, User], second_coordinator: User
) -> None:
    world = _underway(users, second_coordinator)
    for actor, team_member in ((users["field"], None), (world.coordinator, world.lead)):
        with clock.frozen_at(LATER), pytest.raises(ValidationError, match="200 characters"):
            services.check_in_record(
                actor=actor,
                operation=world.operation,
                pressed="ok",
                code=DURESS,
                position="p" * 201,
                team_member=team_member,
            )
    assert len(_duress_alerts(world.operation)) == 2
    with clock.frozen_at(LATER), pytest.raises(ValidationError):
        services.check_in_record(
            actor=users["field"], operation=world.operation, pressed="bad", code=CODE
        )
    assert len(_duress_alerts(world.operation)) == 2
    assert CheckIn.objects.count() == 0


def test_an_unseen_operation_reads_the_duress_code_of_a_refused_body(
    users: dict[str, User], second_coordinator: User
) -> None:
    world = _ended(users, second_coordinator)
    field = _field(users)
    bad = {"pressed": "panic", "position": "x" * 201}
    with clock.frozen_at(LATER):
        page = field.post(f"/field/{world.operation.pk}/", {**bad, "code": DURESS})
        api = field.post(
            f"/api/field/operations/{world.operation.pk}/check-in/",
            {**bad, "code": DURESS},
            content_type="application/json",
        )
        odd = field.post(
            f"/api/field/operations/{world.operation.pk}/check-in/",
            {"pressed": ["ok"], "code": DURESS, "waypoint": 7},
            content_type="application/json",
        )
    assert page.status_code == api.status_code == odd.status_code == 404
    assert len(_duress_alerts(world.operation)) == 3
    assert not Alert.objects.filter(kind=AlertKind.DANGER, operation=world.operation).exists()


def test_every_refused_answer_checks_both_codes(
    users: dict[str, User], second_coordinator: User
) -> None:
    world = _underway(users, second_coordinator)
    field = _field(users)
    url = f"/field/{world.operation.pk}/"
    api = f"/api/field/operations/{world.operation.pk}/check-in/"
    spent = {
        f"{case} {code}": _verifications(functools.partial(post, {**body, "code": code}))
        for case, body in _bad_bodies(world).items()
        for code in (CODE, "nope", DURESS)
        for post in (
            functools.partial(field.post, url),
            functools.partial(field.post, api, content_type="application/json"),
        )
    }
    assert set(spent.values()) == {2}, spent
