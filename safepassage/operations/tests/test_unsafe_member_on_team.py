"""A member marked compromised, captured, missing or killed after being put on the team
keeps a plan from being approved or started: the other side may know the route through
them. The refusal names the member; take them off (reopen the plan) or mark them active."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from safepassage.accounts.models import User
from safepassage.intel.services import member_set_status
from safepassage.operations import clock, services
from safepassage.operations.models import Operation
from safepassage.operations.tests.factories import START, clear, plan_operation

pytestmark = pytest.mark.django_db


def test_a_plan_with_a_member_no_longer_active_is_not_approved_nor_started(
    users: dict[str, User], second_coordinator: User
) -> None:
    coordinator = users["coordinator"]
    with clock.frozen_at(START):
        operation, request, member, *_ = plan_operation(coordinator, users["field"])
        clear(request, [coordinator, second_coordinator])
    member_set_status(actor=coordinator, member=member, status="compromised", reason="Seen.")
    with pytest.raises(ValidationError, match="olive-guide is compromised, not active"):
        services.operation_approve(actor=coordinator, operation=operation)
    assert Operation.objects.get(pk=operation.pk).status == "draft"

    member_set_status(actor=coordinator, member=member, status="active", reason="Cleared.")
    services.operation_approve(actor=coordinator, operation=operation)
    member_set_status(actor=coordinator, member=member, status="captured", reason="Taken.")
    with pytest.raises(ValidationError, match="olive-guide is captured, not active"):
        services.operation_start(actor=coordinator, operation=operation)
    assert Operation.objects.get(pk=operation.pk).status == "approved"
