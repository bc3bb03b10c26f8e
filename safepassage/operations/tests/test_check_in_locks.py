"""A check-in sent at the moment the operation ends is not recorded on the ended operation: the
check-in reads the operation's status again under a lock on its row (the outcome waits for it,
or it waits for the outcome), and is refused as any check-in on an operation not underway is;
its duress code still raises the duress alert, and the sender's answer is the same whatever the
code."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from safepassage.accounts.models import User
from safepassage.operations import clock, services
from safepassage.operations.models import Alert, AlertKind, CheckIn, Operation
from safepassage.operations.tests.factories import CODE, DURESS, START, World, underway

pytestmark = pytest.mark.django_db
LATER = START + datetime.timedelta(minutes=5)


def _underway_and_ended_meanwhile(users: dict[str, User], second: User) -> tuple[World, Operation]:
    """An underway operation, a copy read while it was underway, and the operation ended."""
    with clock.frozen_at(START):
        world = underway(users["coordinator"], second, users["field"])
    stale = Operation.objects.get(pk=world.operation.pk)
    services.operation_end(
        actor=world.coordinator, operation=world.operation, status="aborted", notes="Off."
    )
    return world, stale


@pytest.mark.parametrize("relayed", [False, True])
def test_a_check_in_read_before_the_end_is_refused_and_its_duress_code_alerts(
    users: dict[str, User], second_coordinator: User, relayed: bool
) -> None:
    world, stale = _underway_and_ended_meanwhile(users, second_coordinator)
    actor = world.coordinator if relayed else users["field"]
    team_member = world.lead if relayed else None
    answers = []
    for code in (CODE, "nope", DURESS):
        stale.status = "underway"
        with clock.frozen_at(LATER), pytest.raises(ValidationError) as refused:
            services.check_in_record(
                actor=actor,
                operation=stale,
                pressed="danger",
                code=code,
                position="the old mill",
                team_member=team_member,
            )
        answers.append(refused.value.messages)
    assert answers[0] == answers[1] == answers[2] == ["This operation is not underway."]
    assert CheckIn.objects.filter(operation=world.operation).count() == 0
    [alert] = Alert.objects.filter(kind=AlertKind.DURESS, operation=world.operation)
    assert alert.message_key == "check_in_duress_not_underway"
    assert alert.message_params["operation_status"] == "aborted"
    assert "the old mill" in alert.message
    # A wrong code or "danger" on an ended operation raises nothing, as before.
    assert not Alert.objects.filter(kind=AlertKind.DANGER, operation=world.operation).exists()
    world.operation.refresh_from_db()
    assert world.operation.status == "aborted" and world.operation.check_in_due_at is None


@pytest.mark.skipif(
    not connection.features.has_select_for_update,
    reason="SQLite has no row locks: a writer holds the whole database",
)
def test_a_check_in_locks_the_operation_row_before_it_reads_its_status(
    users: dict[str, User], second_coordinator: User
) -> None:
    with clock.frozen_at(START):
        world = underway(users["coordinator"], second_coordinator, users["field"])
    with CaptureQueriesContext(connection) as captured, clock.frozen_at(LATER):
        services.check_in_record(
            actor=users["field"], operation=world.operation, pressed="ok", code=CODE
        )
    sql = [q["sql"] for q in captured.captured_queries]
    locks = [
        i for i, s in enumerate(sql) if 'FROM "operations_operation"' in s and "FOR UPDATE" in s
    ]
    inserts = [i for i, s in enumerate(sql) if s.startswith('INSERT INTO "operations_checkin"')]
    assert locks and inserts and locks[0] < inserts[0]
