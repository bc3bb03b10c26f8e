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
