"""A member an operation's outcome marks captured or killed has his account locked and his API
tokens revoked: whoever holds his phone may be signed in, through a page or a token, and an
administrator unlocking the account later brings back no token."""

from __future__ import annotations

import pytest

from safepassage.accounts.models import Role, User
from safepassage.accounts.services import api_token_authenticate, api_token_create, user_set_locked
from safepassage.audit.models import AuditEvent
from safepassage.conftest import make_user
from safepassage.operations import clock
from safepassage.operations import services as operations
from safepassage.operations.tests.factories import START, underway

pytestmark = pytest.mark.django_db


def test_an_outcome_revokes_the_tokens_of_those_captured_or_killed(
    users: dict[str, User],
) -> None:
    coordinator = users[Role.COORDINATOR]
    with clock.frozen_at(START):
        world = underway(coordinator, make_user("heron-two", Role.COORDINATOR), users[Role.FIELD])
    _token, plain = api_token_create(actor=None, user=world.field_user)
    operations.operation_end(
        actor=coordinator,
        operation=world.operation,
        status="failed",
        notes="Ambushed at the crossing.",
        member_outcomes={str(world.lead.pk): "captured"},
    )
    world.field_user.refresh_from_db()
    assert world.field_user.is_locked
    user_set_locked(actor=users[Role.ADMINISTRATOR], user=world.field_user, locked=False)
    assert api_token_authenticate(plain) is None
    assert (
        AuditEvent.objects.filter(action="account.lock", object_id=str(world.field_user.pk)).count()
        == 1
    )


@pytest.mark.parametrize("status", ["captured", "killed"])
def test_a_member_marked_captured_or_killed_by_hand_loses_his_account_as_on_an_outcome(
    users: dict[str, User], status: str
) -> None:
    """Word comes outside an operation: a coordinator marks him on the members page. His
    phone may be in other hands just the same."""
    from django.test import Client

    from safepassage.conftest import sign_in
    from safepassage.intel.services import member_set_status

    coordinator = users[Role.COORDINATOR]
    with clock.frozen_at(START):
        world = underway(coordinator, make_user("heron-two", Role.COORDINATOR), users[Role.FIELD])
    _token, plain = api_token_create(actor=None, user=world.field_user)
    phone = Client()
    sign_in(phone, world.field_user)
    assert phone.get("/field/")["Location"].startswith("/field/")  # his operation
    member_set_status(
        actor=coordinator, member=world.member, status=status, reason="Word from his village."
    )
    world.field_user.refresh_from_db()
    assert world.field_user.is_locked
    assert api_token_authenticate(plain) is None
    assert not phone.get("/field/")["Location"].startswith("/field/")  # signed out
    lock = AuditEvent.objects.get(action="account.lock", object_id=str(world.field_user.pk))
    assert status in lock.detail
    # Unlocked by an administrator, nothing comes back.
    user_set_locked(actor=users[Role.ADMINISTRATOR], user=world.field_user, locked=False)
    assert api_token_authenticate(plain) is None
    assert not phone.get("/field/")["Location"].startswith("/field/")


@pytest.mark.parametrize("status", ["missing", "compromised"])
def test_a_member_marked_missing_or_compromised_keeps_his_account(
    users: dict[str, User], status: str
) -> None:
    """Missing or suspected, he may come back: his field pages close and his approvals stop
    counting, but his account is not locked (an administrator can lock it)."""
    from safepassage.intel.services import member_set_status

    coordinator = users[Role.COORDINATOR]
    with clock.frozen_at(START):
        world = underway(coordinator, make_user("heron-two", Role.COORDINATOR), users[Role.FIELD])
    member_set_status(actor=coordinator, member=world.member, status=status, reason="No word.")
    world.field_user.refresh_from_db()
    assert not world.field_user.is_locked
