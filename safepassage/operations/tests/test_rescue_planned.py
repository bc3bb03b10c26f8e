"""Approving an operation sets its persons to "rescue planned" (a status no one sets by hand);
an operation that ends without her sends her back to "located"."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from safepassage.accounts.models import User
from safepassage.operations import clock, services
from safepassage.operations.models import Operation
from safepassage.operations.tests.factories import START, clear, make_person, plan_operation
from safepassage.tracing.models import Person, StatusChange
from safepassage.tracing.services import person_set_status, person_status_change

pytestmark = pytest.mark.django_db


def _timeline(person: Person) -> list[tuple[str, str, str]]:
    return [
        (c.from_status, c.to_status, c.reason)
        for c in StatusChange.objects.filter(person=person).order_by("changed_at")
    ]


def test_approval_plans_her_rescue_and_an_abort_sends_her_back(
    users: dict[str, User], second_coordinator: User
) -> None:
    coordinator = users["coordinator"]
    person = make_person(coordinator)
    person_status_change(actor=coordinator, person=person, status="located", reason="Insider.")
    with clock.frozen_at(START):
        operation, request, *_ = plan_operation(coordinator, users["field"], person=person)
        clear(request, [coordinator, second_coordinator])
        services.operation_approve(actor=coordinator, operation=operation)
    person.refresh_from_db()
    assert person.status == "rescue_planned"
    assert _timeline(person)[-1] == ("located", "rescue_planned", "Operation Olive approved.")
    services.operation_end(
        actor=coordinator, operation=operation, status="aborted", notes="The road was closed."
    )
    person.refresh_from_db()
    assert person.status == "located"
    assert _timeline(person)[-1][:2] == ("rescue_planned", "located")


@pytest.mark.parametrize("status", ["arrived", "reunited", "deceased", "closed"])
def test_a_plan_for_a_woman_no_longer_held_is_not_approved(
    users: dict[str, User], second_coordinator: User, status: str
) -> None:
    """She came out by another way (or died) after she was put on the plan: no team crosses
    for her. The approval is refused, naming her, and nothing changes."""
    coordinator = users["coordinator"]
    person = make_person(coordinator)
    with clock.frozen_at(START):
        operation, request, *_ = plan_operation(coordinator, users["field"], person=person)
        clear(request, [coordinator, second_coordinator])
    # However it was recorded (arrival at reception, reunion on her care page, by hand).
    person_set_status(actor=coordinator, person=person, status=status, reason="Witness.")
    timeline = _timeline(person)
    with pytest.raises(ValidationError) as refused:
        services.operation_approve(actor=coordinator, operation=operation)
    person.refresh_from_db()
    label = person.get_status_display()
    assert f"{person.given_names[0]} is no longer held ({label})" in str(refused.value)
    assert "take her off the plan" in str(refused.value)
    assert f"{person.given_names[0]} is no longer held" in " ".join(
        services.plan_problems(operation)
    )
    operation.refresh_from_db()
    assert operation.status == "draft" and operation.approved_at is None
    assert person.status == status and _timeline(person) == timeline


def test_an_approved_plan_does_not_start_for_a_woman_no_longer_held(
    users: dict[str, User], second_coordinator: User
) -> None:
    coordinator = users["coordinator"]
    person = make_person(coordinator)
    operation = _approved_with(users, second_coordinator, person)
    person_set_status(actor=coordinator, person=person, status="arrived", reason="Desk.")
    with pytest.raises(ValidationError) as refused:
        services.operation_start(actor=coordinator, operation=operation)
    assert f"{person.given_names[0]} is no longer held (Arrived)" in str(refused.value)
    operation.refresh_from_db()
    person.refresh_from_db()
    assert operation.status == "approved" and operation.started_at is None
    assert person.status == "arrived"


def _approved_with(users: dict[str, User], second: User, person: Person) -> Operation:
    """Operation Olive, with her on it, cleared by the trap check and approved."""
    coordinator = users["coordinator"]
    with clock.frozen_at(START):
        operation, request, *_ = plan_operation(coordinator, users["field"], person=person)
        clear(request, [coordinator, second])
        services.operation_approve(actor=coordinator, operation=operation)
    return operation


def test_sending_the_plan_back_to_draft_sends_her_back_to_located(
    users: dict[str, User], second_coordinator: User
) -> None:
    """A plan sent back to draft is no longer approved: her rescue is not planned any more
    (approving it again plans it again)."""
    coordinator = users["coordinator"]
    person = make_person(coordinator)
    person_status_change(actor=coordinator, person=person, status="located", reason="Insider.")
    operation = _approved_with(users, second_coordinator, person)
    services.operation_return_to_draft(actor=coordinator, operation=operation)
    person.refresh_from_db()
    assert person.status == "located"
    assert _timeline(person)[-1] == (
        "rescue_planned",
        "located",
        "Operation Olive sent back to draft: her rescue is no longer planned.",
    )
    services.operation_approve(actor=coordinator, operation=operation)
    person.refresh_from_db()
    assert person.status == "rescue_planned"


def test_sending_the_plan_back_to_draft_keeps_a_status_the_approval_did_not_set(
    users: dict[str, User], second_coordinator: User
) -> None:
    coordinator = users["coordinator"]
    person = make_person(coordinator)
    operation = _approved_with(users, second_coordinator, person)
    person_status_change(actor=coordinator, person=person, status="deceased", reason="Witness.")
    services.operation_return_to_draft(actor=coordinator, operation=operation)
    person.refresh_from_db()
    assert person.status == "deceased"
    last = _timeline(person)[-1]
    assert last[:2] == ("deceased", "deceased") and "stays Deceased" in last[2]
