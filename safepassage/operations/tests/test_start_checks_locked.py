"""Starting an operation decides on the operation as it is once its row is locked: a member of
the team marked compromised, or a rescue request on it closed, by another coordinator while
the start was on its way (between its first look and the lock) is seen, and the start is
refused as it would have been a moment later. The second of two starts is refused too."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from unittest import mock

import pytest
from django.core.exceptions import ValidationError

from safepassage.accounts.models import User
from safepassage.intel.services import member_set_status
from safepassage.operations import clock, services
from safepassage.operations.models import Operation
from safepassage.operations.services import planning
from safepassage.operations.tests.factories import START, clear, plan_operation
from safepassage.tracing.models import PersonStatus
from safepassage.verification.models import RescueRequest
from safepassage.verification.services import request_close

pytestmark = pytest.mark.django_db


def _approved(users: dict[str, User], second: User) -> tuple[Operation, RescueRequest]:
    coordinator = users["coordinator"]
    with clock.frozen_at(START):
        operation, request, *_ = plan_operation(coordinator, users["field"])
        clear(request, [coordinator, second])
        services.operation_approve(actor=coordinator, operation=operation)
    operation.refresh_from_db()
    return operation, request


@contextmanager
def _meanwhile(change: Callable[[], object]) -> Iterator[None]:
    """``change`` is committed by someone else just before the start takes its lock."""
    real = planning.operation_lock

    def lock(operation: Operation) -> str:
        change()
        return real(operation)

    with mock.patch.object(planning, "operation_lock", lock):
        yield


def _not_started(operation: Operation) -> None:
    operation.refresh_from_db()
    assert operation.status == "approved" and operation.started_at is None
    entry = operation.persons.select_related("person").get()
    assert entry.person.status == PersonStatus.RESCUE_PLANNED


def test_a_member_marked_compromised_meanwhile_is_seen_by_the_start(
    users: dict[str, User], second_coordinator: User
) -> None:
    operation, _request = _approved(users, second_coordinator)
    member = operation.team.get().member
    with (
        _meanwhile(
            lambda: member_set_status(
                actor=second_coordinator, member=member, status="compromised", reason="Seen."
            )
        ),
        pytest.raises(ValidationError, match="olive-guide is compromised, not active"),
    ):
        services.operation_start(actor=users["coordinator"], operation=operation)
    _not_started(operation)


def test_a_request_closed_meanwhile_is_seen_by_the_start(
    users: dict[str, User], second_coordinator: User
) -> None:
    operation, request = _approved(users, second_coordinator)
    with (
        _meanwhile(
            lambda: request_close(
                actor=second_coordinator, request=request, reason="The family called: a trap."
            )
        ),
        pytest.raises(ValidationError, match="was closed, so the operation cannot start"),
    ):
        services.operation_start(actor=users["coordinator"], operation=operation)
    operation.refresh_from_db()
    assert operation.status == "approved" and operation.started_at is None


def test_a_start_meanwhile_is_seen_by_the_second_start(
    users: dict[str, User], second_coordinator: User
) -> None:
    operation, _request = _approved(users, second_coordinator)
    stale = Operation.objects.get(pk=operation.pk)
    services.operation_start(actor=users["coordinator"], operation=operation)
    with pytest.raises(ValidationError, match="Only an approved operation can start"):
        services.operation_start(actor=second_coordinator, operation=stale)
