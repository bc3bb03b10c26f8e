"""Approving an operation sets its persons to "rescue planned" (a status no one sets by hand);
an operation that ends without her sends her back to "located"."""

from __future__ import annotations

import pytest

from safepassage.accounts.models import User
from safepassage.operations import clock, services
from safepassage.operations.models import Operation
from safepassage.operations.tests.factories import START, clear, make_person, plan_operation
from safepassage.tracing.models import Person, StatusChange
from safepassage.tracing.services import person_status_change

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


def test_approval_never_moves_her_back(users: dict[str, User], second_coordinator: User) -> None:
    coordinator = users["coordinator"]
    person = make_person(coordinator)
    person_status_change(actor=coordinator, person=person, status="deceased", reason="Witness.")
    with clock.frozen_at(START):
        operation, request, *_ = plan_operation(coordinator, users["field"], person=person)
        clear(request, [coordinator, second_coordinator])
        services.operation_approve(actor=coordinator, operation=operation)
    person.refresh_from_db()
    assert person.status == "deceased"
    last = _timeline(person)[-1]
    assert last[:2] == ("deceased", "deceased") and "stays Deceased" in last[2]


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
