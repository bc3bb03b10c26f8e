"""Two coordinators doing one thing at the same moment get one clear answer each.

Real threads, each on its own connection, with committed transactions. The first is held inside
the service, after its check and before its commit, until the second is on its way: without a
lock (or the database's constraint) the second would check against what the first has not yet
saved.

- Two competing plans for one woman (or with one member on both teams) approved at once: one
  is approved, the other is refused naming the first; never both, so no two teams set out for
  her, nor one member on two operations at once.
- One codename created twice at once (or spelt in another case, which the form already refuses
  one after the other): one is created, the other is told "That codename is taken." (in her
  language), never an error page, never both.
"""

from __future__ import annotations

import datetime
import functools
import threading
import time
from collections.abc import Callable
from types import ModuleType
from typing import Any

import pytest
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError

from safepassage.accounts.models import User
from safepassage.intel.services import member_set_status, network
from safepassage.operations import services
from safepassage.operations.models import Operation, OperationStatus, TeamMember, Waypoint
from safepassage.operations.services import planning
from safepassage.operations.tests.factories import CODE, clear, make_member, plan_operation
from safepassage.tracing.tests.test_concurrency import (  # noqa: F401  (fixture)
    WAIT,
    _database_with_real_locks,
    _run,
)
from safepassage.verification import services as verification

pytestmark = pytest.mark.django_db(transaction=True)


def _hold_first(
    monkeypatch: pytest.MonkeyPatch, name: str, *, before: bool, module: ModuleType = planning
) -> Callable[[], None]:
    """Hold the thread named "first" at ``module.<name>`` (before or after it runs) until the
    second is on its way; returns what the second calls before it goes."""
    first_inside = threading.Event()
    second_on_its_way = threading.Event()
    original = getattr(module, name)

    def hold() -> None:
        if threading.current_thread().name == "first" and not first_inside.is_set():
            first_inside.set()
            assert second_on_its_way.wait(WAIT)
            time.sleep(0.5)  # the second now checks too, or waits for the first

    def held(*args: Any, **kwargs: Any) -> Any:
        if before:
            hold()
        found = original(*args, **kwargs)
        if not before:
            hold()
        return found

    monkeypatch.setattr(module, name, held)

    def second_goes() -> None:
        assert first_inside.wait(WAIT)
        second_on_its_way.set()

    return second_goes


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
    second_goes = _hold_first(monkeypatch, "busy_elsewhere", before=False)

    def approve(name: str, actor: User, operation: Operation) -> Operation:
        if name == "second":
            second_goes()
        return services.operation_approve(
            actor=actor, operation=Operation.objects.get(pk=operation.pk)
        )

    results = _run(
        ("first", lambda: approve("first", coordinator, first)),
        ("second", lambda: approve("second", second_coordinator, second)),
    )
    assert isinstance(results["first"], Operation), results
    assert isinstance(results["second"], ValidationError), results
    assert "Olive" in " ".join(results["second"].messages)
    statuses = dict(Operation.objects.values_list("codename", "status"))
    assert statuses == {"Olive": OperationStatus.APPROVED, "Fig": OperationStatus.DRAFT}


@pytest.mark.parametrize("second_codename", ["Olive", "OLIVE"])
def test_one_codename_created_twice_at_once_is_refused_once(
    users: dict[str, User],
    second_coordinator: User,
    monkeypatch: pytest.MonkeyPatch,
    second_codename: str,
) -> None:
    # Held after the look-up for the codename, before the save.
    second_goes = _hold_first(monkeypatch, "_comm_plan", before=True)

    def create(name: str, actor: User, codename: str) -> Operation:
        if name == "second":
            second_goes()
        return services.operation_create(actor=actor, codename=codename)

    results = _run(
        ("first", lambda: create("first", users["coordinator"], "Olive")),
        ("second", lambda: create("second", second_coordinator, second_codename)),
    )
    created = [r for r in results.values() if isinstance(r, Operation)]
    refused = [r for r in results.values() if isinstance(r, ValidationError)]
    assert len(created) == len(refused) == 1, results
    assert refused[0].message_dict == {"codename": ["That codename is taken."]}
    assert list(Operation.objects.values_list("codename", flat=True)) == [created[0].codename]


def _edits(
    world: tuple[Any, ...], coordinator: User, edit: str
) -> tuple[Callable[[], Any], Callable[[], Any], str]:
    """Two edits of one draft that cannot both stand, and the refusal of the second."""
    operation, _request, _member, lead, places = world
    if edit == "lead":
        # The lead plan_operation named is taken off first: the draft has none.
        services.plan_item_remove(
            actor=coordinator, operation=operation, item_type="team_member", item_id=lead.pk
        )
        finch, wren = (make_member(coordinator, codename) for codename in ("finch", "wren"))
        add = functools.partial(
            services.team_member_add, actor=coordinator, operation=operation, role="lead"
        )
        return (
            functools.partial(add, member=finch),
            functools.partial(add, member=wren),
            "The operation already has a lead: choose another role.",
        )
    if edit == "member":
        twice = functools.partial(
            services.team_member_add,
            actor=coordinator,
            operation=operation,
            member=make_member(coordinator, "finch"),
            role="guide",
        )
        return twice, twice, "finch is already on the team."
    last = operation.waypoints.order_by("-position").first().planned_arrival
    stop = functools.partial(
        services.waypoint_add,
        actor=coordinator,
        operation=operation,
        kind="other",
        place=places[0],
    )
    return (
        functools.partial(stop, planned_arrival=last + datetime.timedelta(hours=8)),
        functools.partial(stop, planned_arrival=last + datetime.timedelta(hours=4)),
        "The arrival must not be earlier than the previous stop's.",
    )


@pytest.mark.parametrize("edit", ["lead", "member", "waypoint"])
def test_two_edits_of_one_draft_at_once_that_cannot_both_stand(
    users: dict[str, User], monkeypatch: pytest.MonkeyPatch, edit: str
) -> None:
    """A second lead, one member put on the team twice, a stop arriving before the one just
    added: the second edit, made at the same moment, sees the first and is refused with the
    usual message, as it would be one after the other."""
    coordinator = users["coordinator"]
    world = plan_operation(coordinator, None, codename="Olive")
    first, second, refusal = _edits(world, coordinator, edit)
    before = TeamMember.objects.count(), Waypoint.objects.count()
    # Held once its edit is saved, before its commit.
    second_goes = _hold_first(monkeypatch, "audit_record", before=True)

    def run_second() -> Any:
        second_goes()
        return second()

    results = _run(("first", first), ("second", run_second))
    assert not isinstance(results["first"], Exception), results
    assert isinstance(results["second"], ValidationError), results
    assert refusal in results["second"].messages
    after = TeamMember.objects.count(), Waypoint.objects.count()
    assert sum(after) == sum(before) + 1


@pytest.mark.parametrize("second_change", ["interval", "same code"])
def test_two_comm_plan_changes_at_once(
    users: dict[str, User], monkeypatch: pytest.MonkeyPatch, second_change: str
) -> None:
    """One coordinator sets a new duress code while another changes the communication plan at
    the same moment: the new code stands (the second change does not write the old one back),
    and a check-in code equal to it is refused as it would be one after the other."""
    coordinator = users["coordinator"]
    operation, *_ = plan_operation(coordinator, None, codename="Olive")
    plan: dict[str, Any] = {"actor": coordinator, "channel": "web", "grace_minutes": 15}
    second_goes = _hold_first(monkeypatch, "audit_record", before=True)

    def first() -> Operation:
        return services.operation_set_comm_plan(
            operation=Operation.objects.get(pk=operation.pk),
            check_in_interval_minutes=60,
            duress_code="green olive",
            **plan,
        )

    def second() -> Operation:
        second_goes()
        stale = Operation.objects.get(pk=operation.pk)  # read before the first commits
        if second_change == "interval":
            return services.operation_set_comm_plan(
                operation=stale, check_in_interval_minutes=30, **plan
            )
        return services.operation_set_comm_plan(
            operation=stale, check_in_interval_minutes=60, check_in_code="Green Olive", **plan
        )

    results = _run(("first", first), ("second", second))
    assert isinstance(results["first"], Operation), results
    stored = Operation.objects.get(pk=operation.pk)
    assert check_password("green olive", stored.duress_code_hash)
    assert check_password(CODE, stored.check_in_code_hash)
    if second_change == "interval":
        assert isinstance(results["second"], Operation), results
        assert stored.check_in_interval_minutes == 30
    else:
        assert isinstance(results["second"], ValidationError), results
        assert results["second"].message_dict == {
            "duress_code": ["The duress code must differ from the check-in code."]
        }


def test_a_start_at_the_moment_its_rescue_request_is_closed_is_refused(
    users: dict[str, User], second_coordinator: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A coordinator closes the rescue request (a trap) while another starts the operation: the
    start sees the request closed and is refused; the team is never sent out on it."""
    coordinator = users["coordinator"]
    operation, request, *_ = plan_operation(coordinator, None, codename="Olive")
    clear(request, [coordinator, second_coordinator])
    services.operation_approve(actor=coordinator, operation=operation)
    # Held once the request is closed, before its commit.
    second_goes = _hold_first(monkeypatch, "audit_record", before=True, module=verification)

    def start() -> Operation:
        second_goes()
        return services.operation_start(
            actor=coordinator, operation=Operation.objects.get(pk=operation.pk)
        )

    results = _run(
        (
            "first",
            lambda: verification.request_close(
                actor=second_coordinator, request=request, reason="The call was forced: a trap."
            ),
        ),
        ("second", start),
    )
    assert not isinstance(results["first"], Exception), results
    assert isinstance(results["second"], ValidationError), results
    assert "was closed, so the operation cannot start" in " ".join(results["second"].messages)
    assert Operation.objects.get(pk=operation.pk).status == OperationStatus.APPROVED


@pytest.mark.parametrize("action", ["approve", "start"])
def test_a_plan_approved_or_started_at_the_moment_its_member_is_marked_is_refused(
    users: dict[str, User], second_coordinator: User, monkeypatch: pytest.MonkeyPatch, action: str
) -> None:
    """A coordinator marks a team member compromised while another approves or starts the plan:
    the approval or start sees the member marked and is refused naming him."""
    coordinator = users["coordinator"]
    operation, request, member, *_ = plan_operation(coordinator, None, codename="Olive")
    clear(request, [coordinator, second_coordinator])
    if action == "start":
        services.operation_approve(actor=coordinator, operation=operation)
    act = getattr(services, f"operation_{action}")
    # Held once the member is marked, before its commit.
    second_goes = _hold_first(monkeypatch, "audit_record", before=True, module=network)

    def plan_moves() -> Operation:
        second_goes()
        moved: Operation = act(actor=coordinator, operation=Operation.objects.get(pk=operation.pk))
        return moved

    results = _run(
        (
            "first",
            lambda: member_set_status(
                actor=second_coordinator, member=member, status="compromised", reason="Phone lost."
            ),
        ),
        ("second", plan_moves),
    )
    assert not isinstance(results["first"], Exception), results
    assert isinstance(results["second"], ValidationError), results
    assert "olive-guide is compromised, not active." in results["second"].messages
    expected = OperationStatus.DRAFT if action == "approve" else OperationStatus.APPROVED
    assert Operation.objects.get(pk=operation.pk).status == expected
