"""A coordinator who is on the team too (at reception, say) relays a check-in for another
member of the team: it is that member's check-in (their name in its alerts, their log), not
the coordinator's own."""

from __future__ import annotations

import pytest

from safepassage.accounts.models import User
from safepassage.operations import clock, services
from safepassage.operations.models import Alert, AlertKind
from safepassage.operations.tests.factories import (
    CODE,
    DURESS,
    START,
    clear,
    make_member,
    plan_operation,
)

pytestmark = pytest.mark.django_db


def test_a_relayed_check_in_is_the_named_members_even_from_a_team_member(
    users: dict[str, User], second_coordinator: User
) -> None:
    coordinator = users["coordinator"]
    with clock.frozen_at(START):
        operation, request, _member, lead, _places = plan_operation(coordinator, users["field"])
        base = make_member(coordinator, "base-one", user=coordinator, role="coordinator")
        services.team_member_add(
            actor=coordinator, operation=operation, member=base, role="reception"
        )
        clear(request, [coordinator, second_coordinator])
        services.operation_approve(actor=coordinator, operation=operation)
        services.operation_start(actor=coordinator, operation=operation)
    operation.refresh_from_db()
    relayed = services.check_in_record(
        actor=coordinator, operation=operation, pressed="ok", code=DURESS, team_member=lead
    )
    assert relayed.team_member == lead and relayed.recorded_by == coordinator
    alert = Alert.objects.get(kind=AlertKind.DURESS, operation=operation)
    assert alert.message_params["member"] == lead.member.codename
    own = services.check_in_record(actor=coordinator, operation=operation, pressed="ok", code=CODE)
    assert own.team_member.member == base
