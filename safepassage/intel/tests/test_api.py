"""Intel API: a coordinator creates a member linked to the account they sign in with."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable

import pytest
from django.test import Client

from safepassage.accounts.models import Role, User
from safepassage.intel.models import Member

pytestmark = pytest.mark.django_db


def _post(client: Client, body: dict[str, object]) -> tuple[int, dict[str, object]]:
    response = client.post("/api/intel/members/", body, content_type="application/json")
    return response.status_code, response.json()


def test_member_created_with_an_account(
    users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    field = users[Role.FIELD]
    code, body = _post(
        client_for(Role.COORDINATOR),
        {"codename": "swift", "role": "guide", "account": str(field.pk)},
    )
    assert code == 201, body
    assert Member.objects.get(codename="swift").user == field


def test_member_without_an_account_stays_unlinked(
    users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    code, body = _post(client_for(Role.COORDINATOR), {"codename": "swift", "role": "guide"})
    assert code == 201, body
    assert Member.objects.get(codename="swift").user is None


@pytest.mark.parametrize("which", ["unknown", "locked", "taken"])
def test_an_account_that_cannot_be_linked_is_refused_and_nothing_is_written(
    which: str, users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    field = users[Role.FIELD]
    client = client_for(Role.COORDINATOR)
    if which == "unknown":
        account = uuid.uuid4()
    elif which == "locked":
        User.objects.filter(pk=field.pk).update(is_locked=True)
        account = field.pk
    else:
        assert (
            _post(client, {"codename": "first", "role": "guide", "account": str(field.pk)})[0]
            == 201
        )
        account = field.pk
    before = Member.objects.count()
    code, body = _post(client, {"codename": "swift", "role": "guide", "account": str(account)})
    assert code == 400 and body["account"] == ["Unknown account."], body
    assert Member.objects.count() == before


@pytest.mark.parametrize("days", [2, 365 * 900])
def test_an_incident_dated_in_the_future_is_refused_and_nothing_is_written(
    days: int, client_for: Callable[[str], Client]
) -> None:
    """A trap "in 2999" would weigh on every trap check near its place for ever."""
    from safepassage.audit.models import AuditEvent
    from safepassage.intel.models import Incident
    from safepassage.operations import clock

    client = client_for(Role.COORDINATOR)
    day = (clock.now().date() + datetime.timedelta(days=days)).isoformat()
    events = AuditEvent.objects.count()
    response = client.post(
        "/api/intel/incidents/",
        {"kind": "trap", "occurred_on": day, "latitude": 36.8, "longitude": 43.0},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="ar",
    )
    assert response.status_code == 400, response.content
    assert list(response.json()) == ["occurred_on"]
    assert not response.json()["occurred_on"][0].isascii()
    assert not Incident.objects.exists() and AuditEvent.objects.count() == events
    today = clock.now().date().isoformat()
    response = client.post(
        "/api/intel/incidents/",
        {"kind": "trap", "occurred_on": today},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
