"""Two coordinators changing one operation at the same moment (recording its outcome, approving,
reopening or starting it, editing its plan) each act on the operation as their page showed
it: every such change reads it again as it is now, under a lock on its row that the second
one waits for, and is refused if the first one changed what it relies on."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from safepassage.accounts.models import User
from safepassage.operations import clock, services
from safepassage.operations.models import Alert, AlertKind, Operation
from safepassage.operations.tests.factories import START, clear, plan_operation, underway
from safepassage.tracing.models import PersonStatus, StatusChange

pytestmark = pytest.mark.django_db


def _approved_and_stale(users: dict[str, User], second: User) -> tuple[Operation, Operation]:
    """A plan ready to approve, approved by the coordinator, and a copy read before that."""
    coordinator = users["coordinator"]
    with clock.frozen_at(START):
        operation, request, *_ = plan_operation(coordinator, users["field"])
        clear(request, [coordinator, second])
    stale = Operation.objects.get(pk=operation.pk)
    services.operation_approve(actor=coordinator, operation=operation)
    return operation, stale


def test_the_second_of_two_outcomes_read_before_the_first_is_refused(
    users: dict[str, User], second_coordinator: User
) -> None:
    with clock.frozen_at(START):
        world = underway(users["coordinator"], second_coordinator, users["field"])
    first = Operation.objects.get(pk=world.operation.pk)
    second = Operation.objects.get(pk=world.operation.pk)
    services.operation_end(
        actor=world.coordinator,
        operation=first,
        status="completed",
        notes="She is across.",
        brought_out=[world.person.pk],
    )
    with pytest.raises(ValidationError, match="completed operation cannot be aborted"):
        services.operation_end(
            actor=second_coordinator, operation=second, status="aborted", notes="Called off."
        )
    first.refresh_from_db()
    assert first.status == "completed" and first.outcome_notes == "She is across."
    assert Alert.objects.filter(kind=AlertKind.OUTCOME, operation=first).count() == 1
    changes = StatusChange.objects.filter(person=world.person).order_by("changed_at")
    assert changes.last().to_status == PersonStatus.ARRIVED  # type: ignore[union-attr]
    assert changes.filter(to_status=PersonStatus.LOCATED).count() == 0


def test_a_plan_started_meanwhile_is_not_sent_back_to_draft(
    users: dict[str, User], second_coordinator: User
) -> None:
    coordinator = users["coordinator"]
    operation, stale = _approved_and_stale(users, second_coordinator)
    stale.refresh_from_db()
    services.operation_start(actor=coordinator, operation=operation)
    with pytest.raises(ValidationError, match="has not started can be reopened"):
        services.operation_return_to_draft(actor=second_coordinator, operation=stale)
    stale.refresh_from_db()
    assert stale.status == "underway" and stale.approved_by_id == coordinator.pk


@pytest.mark.skipif(
    not connection.features.has_select_for_update,
    reason="SQLite has no row locks: a writer holds the whole database",
)
def test_ending_locks_the_operation_row_before_it_checks(
    users: dict[str, User], second_coordinator: User
) -> None:
    with clock.frozen_at(START):
        world = underway(users["coordinator"], second_coordinator, users["field"])
    with CaptureQueriesContext(connection) as captured:
        services.operation_end(
            actor=world.coordinator, operation=world.operation, status="aborted", notes="Off."
        )
    sql = [q["sql"] for q in captured.captured_queries]
    locks = [
        i for i, s in enumerate(sql) if 'FROM "operations_operation"' in s and "FOR UPDATE" in s
    ]
    updates = [i for i, s in enumerate(sql) if s.startswith('UPDATE "operations_operation"')]
    assert locks and updates and locks[0] < updates[0]


def test_a_plan_approved_meanwhile_is_not_approved_twice(
    users: dict[str, User], second_coordinator: User
) -> None:
    coordinator = users["coordinator"]
    _operation, stale = _approved_and_stale(users, second_coordinator)
    with pytest.raises(ValidationError, match="Only a draft can be changed"):
        services.operation_approve(actor=second_coordinator, operation=stale)
    stale.refresh_from_db()
    assert stale.approved_by_id == coordinator.pk
    assert StatusChange.objects.filter(to_status=PersonStatus.RESCUE_PLANNED).count() == 1


def test_a_plan_approved_meanwhile_is_not_changed_behind_its_approval(
    users: dict[str, User], second_coordinator: User
) -> None:
    _operation, stale = _approved_and_stale(users, second_coordinator)
    with pytest.raises(ValidationError, match="Only a draft can be changed"):
        services.supply_add(actor=second_coordinator, operation=stale, kind="food", quantity=3)
    assert stale.supplies.count() == 1
