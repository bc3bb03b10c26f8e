"""Who may make a pretend save: a decoy whose role holds the capability, and nobody else."""

from __future__ import annotations

import re

import pytest

from safepassage.accounts.decoy import require_decoy_writer
from safepassage.accounts.models import Role, User
from safepassage.accounts.permissions import ActionRefused, Capability
from safepassage.conftest import decoy_client
from safepassage.tests.decoy import DURESS

pytestmark = pytest.mark.django_db

REFUSED = rf"^{re.escape('You cannot do this.')}$"  # the same words every refusal gives


def _decoy_of(owner: User) -> User:
    """The decoy account a sign-in with ``owner``'s duress password opens."""
    decoy_client(owner, DURESS)
    return User.objects.get(decoy_of=owner)


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.CASEWORKER, Role.LIAISON])
def test_a_decoy_that_writes_cases_may_pretend(users: dict[str, User], role: str) -> None:
    require_decoy_writer(_decoy_of(users[role]))


@pytest.mark.parametrize("role", [Role.FIELD, Role.ANALYST, Role.AUDITOR, Role.ADMINISTRATOR])
def test_a_decoy_that_writes_no_cases_is_refused(users: dict[str, User], role: str) -> None:
    with pytest.raises(ActionRefused, match=REFUSED):
        require_decoy_writer(_decoy_of(users[role]))


@pytest.mark.parametrize("role", Role.values)
def test_a_real_account_is_refused(users: dict[str, User], role: str) -> None:
    with pytest.raises(ActionRefused, match=REFUSED):
        require_decoy_writer(users[role])
    with pytest.raises(ActionRefused, match=REFUSED):
        require_decoy_writer(users[role], Capability.APPROVE)


def test_the_capability_asked_for_is_the_one_checked(users: dict[str, User]) -> None:
    require_decoy_writer(_decoy_of(users[Role.COORDINATOR]), Capability.APPROVE)
    with pytest.raises(ActionRefused, match=REFUSED):
        require_decoy_writer(_decoy_of(users[Role.CASEWORKER]), Capability.APPROVE)
