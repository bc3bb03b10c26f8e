"""Closing a rescue request that an approved or underway operation carries alerts every
coordinator, naming the operation, and the close form warns before; the operation itself is
left for a coordinator to decide on."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation

from safepassage.accounts.models import Role, User
from safepassage.accounts.permissions import ActionRefused
from safepassage.conftest import make_user
from safepassage.operations.alert_messages import alert_text
from safepassage.operations.models import Alert, OperationStatus
from safepassage.operations.services import operation_approve
from safepassage.operations.tests.factories import clear, plan_operation, underway
from safepassage.verification.models import RequestStatus, RescueRequest
from safepassage.verification.services import request_close

pytestmark = pytest.mark.django_db


@pytest.fixture
def second(db: None) -> User:
    return make_user("coordinator-two", Role.COORDINATOR)


def _alerts() -> list[Alert]:
    return [a for a in Alert.objects.all() if a.message_key == "request_closed_on_operation"]


def test_closing_a_request_on_an_underway_operation_alerts_naming_it(
    users: dict[str, User], second: User
) -> None:
    world = underway(users[Role.COORDINATOR], second, users[Role.FIELD])
    request_close(actor=second, request=world.request, reason="A trap: her holder dictated it.")
    alerts = _alerts()
    assert len(alerts) == 1
    alert = alerts[0]
    assert alert.kind == "danger" and alert.operation_id == world.operation.pk
    assert alert.subject_id == str(world.request.pk)
    assert alert.message_params == {"operation": "Olive", "operation_status": "underway"}
    assert "Olive" in alert.message and "A trap" not in alert.message  # the reason stays out
    with translation.override("ar"):
        shown = str(alert_text(alert))
    assert "<bdi>Olive</bdi>" in shown and "rescue request" not in shown
    # Nothing is aborted on its own: a coordinator decides.
    world.operation.refresh_from_db()
    assert world.operation.status == OperationStatus.UNDERWAY


def test_closing_a_request_on_an_approved_operation_alerts(
    users: dict[str, User], second: User
) -> None:
    coordinator = users[Role.COORDINATOR]
    operation, rescue, *_rest = plan_operation(coordinator, users[Role.FIELD], codename="Fig")
    clear(rescue, [coordinator, second])
    operation_approve(actor=coordinator, operation=operation)
    request_close(actor=coordinator, request=rescue, reason="Withdrawn by the family.")
    assert [a.message_params["operation"] for a in _alerts()] == ["Fig"]


def test_closing_a_request_on_a_draft_or_none_raises_no_alert(users: dict[str, User]) -> None:
    coordinator = users[Role.COORDINATOR]
    _operation, rescue, *_rest = plan_operation(coordinator, users[Role.FIELD], codename="Ash")
    request_close(actor=coordinator, request=rescue, reason="Withdrawn.")
    assert _alerts() == []
    assert RescueRequest.objects.get(pk=rescue.pk).status == RequestStatus.CLOSED


def test_closing_twice_is_refused_and_raises_nothing_more(
    users: dict[str, User], second: User
) -> None:
    world = underway(users[Role.COORDINATOR], second, users[Role.FIELD])
    request_close(actor=second, request=world.request, reason="A trap.")
    with pytest.raises(ValidationError, match="closed"):
        request_close(actor=second, request=world.request, reason="Again.")
    assert len(_alerts()) == 1


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.LIAISON, Role.FIELD, Role.ANALYST])
def test_only_coordinators_may_close(users: dict[str, User], second: User, role: str) -> None:
    world = underway(users[Role.COORDINATOR], second, users[Role.FIELD])
    with pytest.raises(ActionRefused):
        request_close(actor=users[role], request=world.request, reason="A trap.")
    assert RescueRequest.objects.get(pk=world.request.pk).status == RequestStatus.OPEN
    assert _alerts() == []


def test_close_form_warns_which_operations_carry_the_request(
    users: dict[str, User], second: User, client_for: Callable[[str], Client]
) -> None:
    world = underway(users[Role.COORDINATOR], second, users[Role.FIELD])
    client = client_for(Role.COORDINATOR)
    url = f"/verification/requests/{world.request.pk}/"
    page = client.get(url).content.decode()
    assert 'id="close-warning"' in page
    assert f'href="/operations/{world.operation.pk}/"><bdi>Olive</bdi></a>' in page
    response = client.post(f"{url}close/", {"reason": "A trap: her holder dictated the call."})
    assert response.status_code == 302
    assert len(_alerts()) == 1
    page = client.get(url).content.decode()
    assert 'id="close-warning"' not in page  # closed: no form, no warning


def test_no_warning_when_no_operation_carries_it(
    users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    coordinator = users[Role.COORDINATOR]
    _operation, rescue, *_rest = plan_operation(coordinator, users[Role.FIELD], codename="Elm")
    page = client_for(Role.COORDINATOR).get(f"/verification/requests/{rescue.pk}/")
    assert page.status_code == 200 and 'id="close-warning"' not in page.content.decode()


def test_empty_reason_is_refused_on_the_page_and_nothing_changes(
    users: dict[str, User], second: User, client_for: Callable[[str], Client]
) -> None:
    world = underway(users[Role.COORDINATOR], second, users[Role.FIELD])
    client = client_for(Role.COORDINATOR)
    response = client.post(f"/verification/requests/{world.request.pk}/close/", {"reason": " "})
    assert response.status_code == 400
    assert RescueRequest.objects.get(pk=world.request.pk).status == RequestStatus.OPEN
    assert _alerts() == []
