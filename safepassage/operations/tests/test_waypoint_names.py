"""Waypoints are named (place and number) where the viewer may see the route."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import translation

from safepassage.accounts.models import User
from safepassage.operations import clock, services
from safepassage.operations.alert_messages import alert_text
from safepassage.operations.models import Alert
from safepassage.operations.selectors import alert_rows
from safepassage.operations.tests.factories import DURESS, START, World, underway

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(users: dict[str, User], second_coordinator: User) -> World:
    with clock.frozen_at(START):
        return underway(users["coordinator"], second_coordinator, users["field"])


def _duress_at_second_waypoint(world: World) -> Alert:
    waypoint = world.operation.waypoints.all()[1]
    with clock.frozen_at(START + datetime.timedelta(minutes=10)):
        services.check_in_record(
            actor=world.field_user,
            operation=world.operation,
            pressed="ok",
            code=DURESS,
            waypoint=waypoint,
        )
    return Alert.objects.get(operation=world.operation)


def test_the_coordinators_alert_names_the_waypoint(world: World) -> None:
    alert = _duress_at_second_waypoint(world)
    name = str(world.operation.waypoints.all()[1].place.name)
    with translation.override("en"):
        [row] = alert_rows(user=world.coordinator, alerts=[alert])
    assert f"at {name} (waypoint 2)" in row.text
    # The stored record and anyone who may not see the route get the number only.
    assert name not in alert.message and "at waypoint 2" in alert.message
    with translation.override("en"):
        assert name not in alert_text(alert)


def test_the_operation_page_names_the_waypoint_in_its_log_and_alerts(
    world: World, client_for: Callable[[str], Client]
) -> None:
    _duress_at_second_waypoint(world)
    name = str(world.operation.waypoints.all()[1].place.name)
    html = client_for("coordinator").get(f"/operations/{world.operation.pk}/").content.decode()
    assert f"{name}</bdi> (waypoint 2)" in html  # the check-in log's "Where"
    assert f"at {name} (waypoint 2)" in html  # the operation's alerts
    dashboard = client_for("coordinator").get("/").content.decode()
    assert f"at {name} (waypoint 2)" in dashboard
