"""Intel API: a coordinator creates a member linked to the account they sign in with."""

from __future__ import annotations

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
