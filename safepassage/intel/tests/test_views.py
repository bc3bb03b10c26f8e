"""Intel pages: a coordinator links a new member to the account they sign in with."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from safepassage.accounts.models import Role, User
from safepassage.audit.models import AuditEvent
from safepassage.conftest import make_user
from safepassage.intel.models import Member
from safepassage.intel.selectors import account_choices
from safepassage.intel.tests.factories import make_member

pytestmark = pytest.mark.django_db


def _form(account: User | None, codename: str = "sparrow-m") -> dict[str, str]:
    return {
        "codename": codename,
        "role": "guide",
        "region": "",
        "phones": "",
        "notes": "",
        "account": str(account.pk) if account else "",
    }


def test_a_coordinator_links_a_new_member_to_a_field_account(
    users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    field = users[Role.FIELD]
    client = client_for(Role.COORDINATOR)
    page = client.get("/intel/members/")
    assert page.status_code == 200
    assert f'<option value="{field.pk}">{field.username} (Field member)</option>' in (
        page.content.decode()
    )

    response = client.post("/intel/members/", _form(field))
    member = Member.objects.get(codename="sparrow-m")
    assert response.status_code == 302
    assert response["Location"] == f"/intel/members/{member.pk}/"
    assert member.user == field
    assert AuditEvent.objects.filter(action="create", object_id=str(member.pk)).exists()
    detail = client.get(f"/intel/members/{member.pk}/").content.decode()
    assert f"<dd>{field.username}</dd>" in detail
    # The field member now finds the operations they are put on (and nothing else yet).
    assert client_for(Role.FIELD).get("/field/").status_code == 200


def test_a_member_without_an_account_is_still_fine(
    client_for: Callable[[str], Client],
) -> None:
    response = client_for(Role.COORDINATOR).post("/intel/members/", _form(None, "owl"))
    assert response.status_code == 302
    assert Member.objects.get(codename="owl").user is None


def test_only_free_accounts_in_use_are_offered(users: dict[str, User]) -> None:
    coordinator = users[Role.COORDINATOR]
    linked = make_user("linked", Role.FIELD)
    make_member(coordinator, "kite", user=linked)
    locked = make_user("locked", Role.FIELD)
    User.objects.filter(pk=locked.pk).update(is_locked=True)
    User.objects.create(
        username="decoy", role=Role.FIELD, is_decoy=True, decoy_of=users[Role.FIELD]
    )
    offered = {label.split(" ")[0] for _pk, label in account_choices(user=coordinator)}
    assert users[Role.FIELD].username in offered
    assert offered.isdisjoint({"linked", "locked", "decoy"})
    # Only those who manage the network are offered accounts at all.
    for role in (Role.CASEWORKER, Role.LIAISON, Role.FIELD, Role.ANALYST):
        assert account_choices(user=users[role]) == []


def test_an_account_already_linked_is_refused_and_nothing_is_written(
    users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    coordinator, field = users[Role.COORDINATOR], users[Role.FIELD]
    make_member(coordinator, "kite", user=field)
    client = client_for(Role.COORDINATOR)
    for account in (str(field.pk), "not-an-id", str(coordinator.pk) + "0"):
        response = client.post("/intel/members/", {**_form(None), "account": account})
        assert response.status_code == 400
        assert "Select a valid choice" in response.content.decode()
    assert not Member.objects.filter(codename="sparrow-m").exists()


def test_a_caseworker_cannot_create_members_or_link_accounts(
    users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    client = client_for(Role.CASEWORKER)
    page = client.get("/intel/members/").content.decode()
    assert 'name="account"' not in page
    response = client.post("/intel/members/", _form(users[Role.FIELD]))
    assert response.status_code == 400
    assert not Member.objects.exists()
