"""A member marked compromised, captured, missing or killed no longer sees the operation on
the field page or through the API (whoever holds the phone may be reading it). Missing or
compromised, a duress code sent from that account still raises the alert; captured or killed,
the account is locked and signed out, so nothing more comes from it."""

from __future__ import annotations

import pytest
from django.test import Client

from safepassage.accounts.models import User
from safepassage.conftest import sign_in
from safepassage.intel.services import member_set_status
from safepassage.operations import clock
from safepassage.operations.models import Alert, AlertKind
from safepassage.operations.tests.factories import CODE, DURESS, START, underway

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("status", ["compromised", "captured", "missing", "killed"])
def test_a_member_no_longer_safe_no_longer_sees_the_operation(
    users: dict[str, User], second_coordinator: User, status: str
) -> None:
    with clock.frozen_at(START):
        world = underway(users["coordinator"], second_coordinator, users["field"])
    client = Client()
    sign_in(client, users["field"])
    page = f"/field/{world.operation.pk}/"
    api = f"/api/field/operations/{world.operation.pk}/"
    assert client.get(page).status_code == client.get(api).status_code == 200
    member_set_status(
        actor=world.coordinator, member=world.member, status=status, reason="No word since dawn."
    )
    if status in ("captured", "killed"):
        assert client.get(page)["Location"].startswith("/accounts/login/")
        assert client.get(api).status_code == 401
        assert client.get("/api/field/operations/").status_code == 401
        answer = client.post(page, {"pressed": "ok", "code": CODE})
        assert answer["Location"].startswith("/accounts/login/")
        assert world.operation.check_ins.count() == 0
        return
    assert client.get(page).status_code == client.get(api).status_code == 404
    assert client.get("/api/field/operations/").json() == []
    answer = client.post(page, {"pressed": "ok", "code": CODE})
    assert answer.status_code == 404
    assert world.operation.check_ins.count() == 0
    client.post(page, {"pressed": "ok", "code": DURESS})
    assert Alert.objects.filter(kind=AlertKind.DURESS, operation=world.operation).count() == 1
