"""An alert the system retired because what it asked no longer holds is listed as closed, no
longer needed, in the reader's language; one a coordinator acknowledged names who did."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from safepassage.accounts.models import Role, User
from safepassage.operations import services
from safepassage.operations.models import Alert, AlertKind, Operation
from safepassage.operations.templatetags.alerts import CLOSURES
from safepassage.operations.tests.factories import plan_operation
from safepassage.verification.tests.factories import make_person, make_request

pytestmark = pytest.mark.django_db


def _blocked_then_retired(users: dict[str, User]) -> tuple[Operation, Alert, Alert]:
    """An approved operation that cannot start (a rescue request waits for approvals): its
    alert is retired when the plan goes back to draft; a danger alert about the same operation
    is acknowledged by a coordinator."""
    falcon = users[Role.COORDINATOR]
    operation, *_ = plan_operation(falcon, users[Role.FIELD], person=make_person())
    services.plan_item_remove(
        actor=falcon,
        operation=operation,
        item_type="person",
        item_id=str(operation.persons.get().pk),
    )
    risky = make_request(
        falcon,
        make_person(),
        urgency_claimed=True,
        holder_away_claimed=True,
        pickup_at_captive_location=True,
    )
    services.operation_add_request(actor=falcon, operation=operation, rescue_request=risky)
    services.operation_approve(actor=falcon, operation=operation)
    services.operation_return_to_draft(actor=falcon, operation=operation)
    retired = Alert.objects.get(kind=AlertKind.APPROVAL, operation=operation)
    assert retired.acknowledged_at is not None and retired.acknowledged_by is None
    seen = services.alert_raise(
        kind=AlertKind.DANGER, message="Road closed near the crossing.", operation=operation
    )
    services.alert_acknowledge(actor=falcon, alert=seen, note="Rerouted.")
    return operation, retired, seen


def _alert_lines(client: Client, operation: Operation, language: str) -> list[str]:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get(f"/operations/{operation.pk}/").content.decode()
    with translation.override(language):
        title = escape(gettext("Alerts of this operation"))
    section = re.search(rf"<h2>{re.escape(title)}</h2>\s*<ul>(.*?)</ul>", page, re.S)
    assert section
    return re.findall(r"<li>(.*?)</li>", section.group(1), re.S)


def _line(lines: list[str], text: str) -> str:
    [found] = [line for line in lines if text in line]
    return found


def test_a_retired_alert_is_not_said_to_be_acknowledged(
    users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    operation, retired, seen = _blocked_then_retired(users)
    assert retired.closed_by_system and not seen.closed_by_system
    lines = _alert_lines(client_for(Role.COORDINATOR), operation, "en")
    blocked = _line(lines, "cannot start")
    assert blocked.endswith(" · closed: no longer needed")
    assert "acknowledged" not in blocked
    danger = _line(lines, "Road closed")
    assert danger.endswith(" · acknowledged by coordinator-one")


def test_both_are_said_in_arabic_with_the_name_isolated(
    users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    operation, _, _ = _blocked_then_retired(users)
    lines = _alert_lines(client_for(Role.COORDINATOR), operation, "ar")
    with translation.override("ar"):
        closed = str(CLOSURES["retired"])
        acknowledged = str(CLOSURES["acknowledged"]) % {"name": "<bdi>coordinator-one</bdi>"}
    assert closed != "closed: no longer needed" and "%(name)s" not in acknowledged
    assert _line(lines, "Road closed").endswith(f" · {acknowledged}")
    assert sum(line.endswith(f" · {closed}") for line in lines) == 1
    assert not any("acknowledged" in line or "closed: no longer" in line for line in lines)


def test_the_plan_api_tells_a_retired_alert_from_an_acknowledged_one(
    users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    operation, retired, seen = _blocked_then_retired(users)
    plan = client_for(Role.COORDINATOR).get(f"/api/operations/{operation.pk}/").json()
    closed = {a["id"]: a["closed_by_system"] for a in plan["alerts"]}
    assert closed == {str(retired.pk): True, str(seen.pk): False}
