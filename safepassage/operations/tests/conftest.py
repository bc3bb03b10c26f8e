from __future__ import annotations

import pytest

from safepassage.accounts.models import Role, User
from safepassage.conftest import make_user


@pytest.fixture
def second_coordinator(db: None) -> User:
    return make_user("heron-two", Role.COORDINATOR)
