"""A check-in's alert says where it was sent from: the waypoint and the position typed."""

from __future__ import annotations

import datetime

import pytest
from django.utils import translation

from safepassage.accounts.models import User
from safepassage.operations import clock, services
from safepassage.operations.alert_messages import alert_text
from safepassage.operations.models import Alert
from safepassage.operations.tests.factories import DURESS, START, World, underway

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(users: dict[str, User], second_coordinator: User) -> World:
    with clock.frozen_at(START):
        return underway(users["coordinator"], second_coordinator, users["field"])


def _check_in(world: World, code: str, **where: object) -> Alert:
    with clock.frozen_at(START + datetime.timedelta(minutes=10)):
        services.check_in_record(
            actor=world.field_user,
            operation=world.operation,
            pressed="ok",
            code=code,
            **where,  # type: ignore[arg-type]
        )
    return Alert.objects.get(operation=world.operation)


def test_a_wrong_code_alert_carries_the_typed_position(world: World) -> None:
    alert = _check_in(world, "nope", position="near the river")
    assert "near the river" in alert.message
    assert "not given" not in alert.message
    with translation.override("en"):
        assert "position given: near the river" in alert_text(alert)


def test_a_duress_alert_carries_waypoint_and_position(world: World) -> None:
    waypoint = world.operation.waypoints.all()[1]
    alert = _check_in(world, DURESS, waypoint=waypoint, position="behind the mill")
    with translation.override("en"):
        text = str(alert_text(alert))
    assert f"at waypoint {waypoint.position}; position given: behind the mill" in text


def test_the_typed_position_is_escaped_and_translated(world: World) -> None:
    alert = _check_in(world, "nope", position="<b>river</b>")
    with translation.override("ar"):
        text = str(alert_text(alert))
    assert "<b>" not in text and "&lt;b&gt;river" in text
    assert "position given" not in text  # the sentence is in Arabic


def test_a_check_in_with_nothing_given_still_says_so(world: World) -> None:
    alert = _check_in(world, "nope")
    assert "position not given" in alert.message
