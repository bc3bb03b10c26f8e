"""Two competing plans for one woman (or with one member on both teams) approved at the same
moment: one is approved, the other is refused naming the first; never both approved, so no
two teams set out for her, nor one member on two operations at once.

Real threads, each on its own connection, with committed transactions. The first approval is
held inside its transaction, after it has checked that no one on its plan is on another
approved operation and before its commit, until the second is on its way: without a lock on
the persons and members the second would check against the first plan while still a draft.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from safepassage.accounts.models import User
from safepassage.operations import services
from safepassage.operations.models import Operation, OperationStatus
from safepassage.operations.services import planning
from safepassage.operations.tests.factories import clear, plan_operation
from safepassage.tracing.tests.test_concurrency import (  # noqa: F401  (fixture)
    WAIT,
    _database_with_real_locks,
    _run,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("shared", ["person", "member"])
def test_two_competing_plans_approved_at_once_one_is_refused(
    users: dict[str, User],
    second_coordinator: User,
    monkeypatch: pytest.MonkeyPatch,
    shared: str,
) -> None:
    coordinator = users["coordinator"]
    first, request, member, _lead, _places = plan_operation(coordinator, None, codename="Olive")
    clear(request, [coordinator, second_coordinator])
    other: dict[str, Any] = {"person": request.person} if shared == "person" else {"member": member}
    second, other_request, *_ = plan_operation(coordinator, None, codename="Fig", **other)
    clear(other_request, [coordinator, second_coordinator])

    first_inside = threading.Event()
    second_on_its_way = threading.Event()
    checked = planning.busy_elsewhere

    def held_check(operation: Operation) -> list[str]:
        found = checked(operation)
        if threading.current_thread().name == "first" and not first_inside.is_set():
            first_inside.set()
            assert second_on_its_way.wait(WAIT)
            time.sleep(0.5)  # the second approval now checks, or waits for the first
        return found

    monkeypatch.setattr(planning, "busy_elsewhere", held_check)

    def approve_second() -> Operation:
        assert first_inside.wait(WAIT)
        second_on_its_way.set()
        return services.operation_approve(
            actor=second_coordinator, operation=Operation.objects.get(pk=second.pk)
        )

    results = _run(
        (
            "first",
            lambda: services.operation_approve(
                actor=coordinator, operation=Operation.objects.get(pk=first.pk)
            ),
        ),
        ("second", approve_second),
    )
    assert isinstance(results["first"], Operation), results
    assert isinstance(results["second"], ValidationError), results
    assert "Olive" in " ".join(results["second"].messages)
    statuses = dict(Operation.objects.values_list("codename", "status"))
    assert statuses == {"Olive": OperationStatus.APPROVED, "Fig": OperationStatus.DRAFT}
