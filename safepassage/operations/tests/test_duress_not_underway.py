"""A duress code is never ignored: typed on an operation that is not underway (approved and not
yet started, ended while the team is still on its way back, reopened as a draft) from a page
left open or through the API, it raises the duress alert at once. The sender's answer stays
exactly what any code gets there ("not underway", or not found once the field page no longer
shows the operation), no check-in is recorded, and every answer costs the same two code
checks, so its time does not tell the codes apart either."""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Callable
from typing import Any
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import Client

from safepassage.accounts.models import User
from safepassage.conftest import sign_in
from safepassage.intel.models import Member
from safepassage.operations import clock, services
from safepassage.operations.models import Alert, AlertKind, CheckIn, Operation
from safepassage.operations.selectors import alerts_open_for_user
from safepassage.operations.services.running import _dummy_hash
from safepassage.operations.tests.factories import (
    CODE,
    DURESS,
    START,
    World,
    clear,
    plan_operation,
    underway,
)

pytestmark = pytest.mark.django_db
CSRF = re.compile(rb'name="csrf(middlewaretoken|-token)" (value|content)="[^"]+"')
LATER = START + datetime.timedelta(minutes=5)


def _approved(
    users: dict[str, User], second: User, codename: str = "Olive", member: Member | None = None
) -> Operation:
    operation, request, *_ = plan_operation(
        users["coordinator"], users["field"], codename=codename, member=member
    )
    clear(request, [users["coordinator"], second])
    services.operation_approve(actor=users["coordinator"], operation=operation)
    operation.refresh_from_db()
    return operation


def _ended(users: dict[str, User], second: User) -> World:
    with clock.frozen_at(START):
        world = underway(users["coordinator"], second, users["field"])
        services.operation_end(
            actor=world.coordinator, operation=world.operation, status="aborted", notes="Off."
        )
    world.operation.refresh_from_db()
    return world


def _duress_alerts(operation: Operation) -> list[Alert]:
    return list(Alert.objects.filter(kind=AlertKind.DURESS, operation=operation))


def _field(users: dict[str, User]) -> Client:
    client = Client()
    sign_in(client, users["field"])
    return client


def _answers(post: Callable[[str], Any], operation: Operation) -> list[tuple[Any, ...]]:
    """What the sender gets for the check-in code, a wrong one and the duress code, each from
    the same starting state, with the alerts each left behind."""
    seen = []
    for code in (CODE, "nope", DURESS):
        with transaction.atomic(), clock.frozen_at(LATER):
            response = post(code)
            seen.append(
                (
                    response.status_code,
                    CSRF.sub(b"", response.content),
                    [a.kind for a in _duress_alerts(operation)],
                )
            )
            transaction.set_rollback(True)
    return seen


def test_approved_not_started_the_page_and_the_api_answer_alike_and_duress_alerts(
    users: dict[str, User], second_coordinator: User
) -> None:
    operation = _approved(users, second_coordinator)
    field = _field(users)
    page = _answers(
        lambda code: field.post(f"/field/{operation.pk}/", {"pressed": "ok", "code": code}),
        operation,
    )
    api = _answers(
        lambda code: field.post(
            f"/api/field/operations/{operation.pk}/check-in/",
            {"pressed": "ok", "code": code},
            content_type="application/json",
        ),
        operation,
    )
    for seen in (page, api):
        assert seen[0][:2] == seen[1][:2] == seen[2][:2]
        assert [alerts for *_, alerts in seen] == [[], [], ["duress"]]
    assert page[0][0] == 422
    assert api[0][0] == 400

    with clock.frozen_at(LATER), pytest.raises(ValidationError, match="not underway"):
        services.check_in_record(
            actor=users["field"],
            operation=operation,
            pressed="ok",
            code=DURESS,
            position="the old mill",
        )
    [alert] = _duress_alerts(operation)
    assert alert.message_key == "check_in_duress_not_underway"
    assert "olive-guide" in alert.message and "Olive" in alert.message
    assert "the old mill" in alert.message and "(Approved: not underway)" in alert.message
    assert alert.message_params["operation_status"] == "approved"
    assert str(alert.pk) in {str(a.pk) for a in alerts_open_for_user(user=users["coordinator"])}
    # Nothing else moved: no check-in, no deadline.
    operation.refresh_from_db()
    assert CheckIn.objects.count() == 0 and operation.check_in_due_at is None


def test_ended_the_answer_is_not_found_whatever_the_code_and_duress_alerts(
    users: dict[str, User], second_coordinator: User
) -> None:
    world = _ended(users, second_coordinator)
    operation = world.operation
    field = _field(users)
    waypoint = operation.waypoints.order_by("position").last()
    assert waypoint is not None
    page = _answers(
        lambda code: field.post(
            f"/field/{operation.pk}/",
            {"pressed": "ok", "code": code, "waypoint": str(waypoint.pk), "position": "road"},
        ),
        operation,
    )
    api = _answers(
        lambda code: field.post(
            f"/api/field/operations/{operation.pk}/check-in/",
            {"pressed": "ok", "code": code},
            content_type="application/json",
        ),
        operation,
    )
    for seen in (page, api):
        assert seen[0][:2] == seen[1][:2] == seen[2][:2] and seen[0][0] == 404
        assert [alerts for *_, alerts in seen] == [[], [], ["duress"]]

    with clock.frozen_at(LATER):
        field.post(
            f"/field/{operation.pk}/",
            {"pressed": "ok", "code": DURESS, "waypoint": str(waypoint.pk), "position": "road"},
        )
    [alert] = _duress_alerts(operation)
    assert alert.message_params["operation_status"] == "aborted"
    assert alert.message_params["where"] == {"waypoint": waypoint.position, "position": "road"}
    assert CheckIn.objects.filter(operation=operation, at__gte=LATER).count() == 0


def test_a_relayed_duress_code_on_an_ended_operation_alerts_too(
    users: dict[str, User], second_coordinator: User
) -> None:
    world = _ended(users, second_coordinator)
    with pytest.raises(ValidationError, match="not underway"):
        services.check_in_record(
            actor=world.coordinator,
            operation=world.operation,
            pressed="ok",
            code=DURESS,
            team_member=world.lead,
        )
    assert len(_duress_alerts(world.operation)) == 1


def test_a_post_to_an_operation_the_sender_is_not_on_raises_nothing(
    users: dict[str, User], second_coordinator: User
) -> None:
    world = _ended(users, second_coordinator)
    other, *_ = plan_operation(users["coordinator"], None, codename="Basil")
    field = _field(users)
    for target in (other.pk, "not-an-id"):
        answer = field.post(f"/field/{target}/", {"pressed": "ok", "code": DURESS})
        assert answer.status_code == 404
    assert not Alert.objects.filter(kind=AlertKind.DURESS).exists()
    assert world.operation.pk


def _verifications(post: Callable[[], Any]) -> int:
    """How many code hashes an answer checked (its time, in effect)."""
    from safepassage.test_settings import FastArgon2PasswordHasher

    _dummy_hash()  # made once per process, not per answer
    verify = FastArgon2PasswordHasher.verify
    with mock.patch.object(
        FastArgon2PasswordHasher, "verify", autospec=True, side_effect=verify
    ) as verified:
        post()
    return verified.call_count


def test_every_answer_checks_both_codes(users: dict[str, User], second_coordinator: User) -> None:
    world = _ended(users, second_coordinator)
    ended = world.operation
    approved = _approved(users, second_coordinator, codename="Basil", member=world.member)
    field = _field(users)
    spent = {
        f"{name} {code}": _verifications(
            functools.partial(field.post, url, {"pressed": "ok", "code": code})
        )
        for name, url in (
            ("approved", f"/field/{approved.pk}/"),
            ("ended", f"/field/{ended.pk}/"),
            ("unknown", "/field/3f1c1c8e-0000-4000-8000-000000000000/"),
        )
        for code in (CODE, "nope", DURESS)
    }
    assert set(spent.values()) == {2}, spent
