"""The API sends an approved plan back to draft as the operation page does
(``POST /api/operations/{id}/reopen/``): coordinators only, the same service, the same
refusals (a plan not approved, or started meanwhile), and the persons it planned back to
located."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from safepassage.accounts.models import Role, User
from safepassage.operations import services
from safepassage.operations.models import Operation
from safepassage.operations.tests.test_start_checks_locked import _approved as approved
from safepassage.tracing.models import PersonStatus

pytestmark = pytest.mark.django_db


def _approved(users: dict[str, User], second: User) -> Operation:
    operation, _request = approved(users, second)
    return operation


@pytest.mark.parametrize(
    "role",
    [Role.CASEWORKER, Role.LIAISON, Role.FIELD, Role.ANALYST, Role.AUDITOR, Role.ADMINISTRATOR],
)
def test_only_a_coordinator_sends_a_plan_back_to_draft(
    users: dict[str, User],
    second_coordinator: User,
    client_for: Callable[[str], Client],
    role: str,
) -> None:
    operation = _approved(users, second_coordinator)
    answer = client_for(role).post(
        f"/api/operations/{operation.pk}/reopen/", {}, content_type="application/json"
    )
    assert answer.status_code == 404
    operation.refresh_from_db()
    assert operation.status == "approved"


def test_a_coordinator_sends_an_approved_plan_back_to_draft(
    users: dict[str, User], second_coordinator: User, client_for: Callable[[str], Client]
) -> None:
    operation = _approved(users, second_coordinator)
    api = client_for(Role.COORDINATOR)
    url = f"/api/operations/{operation.pk}/reopen/"
    answer = api.post(url, {}, content_type="application/json")
    assert answer.status_code == 200
    assert answer.json()["operation"]["status"] == "draft"
    operation.refresh_from_db()
    assert operation.status == "draft" and operation.approved_by_id is None
    person = operation.persons.select_related("person").get().person
    assert person.status == PersonStatus.LOCATED

    again = api.post(url, {}, content_type="application/json")
    assert again.status_code == 400
    assert "has not started can be reopened" in str(again.json())


def test_a_started_plan_is_not_sent_back_to_draft(
    users: dict[str, User], second_coordinator: User, client_for: Callable[[str], Client]
) -> None:
    operation = _approved(users, second_coordinator)
    services.operation_start(actor=users["coordinator"], operation=operation)
    answer = client_for(Role.COORDINATOR).post(
        f"/api/operations/{operation.pk}/reopen/", {}, content_type="application/json"
    )
    assert answer.status_code == 400
    operation.refresh_from_db()
    assert operation.status == "underway"
