"""A code opens one sign-in only: the same code again in its 30 seconds is refused."""

from __future__ import annotations

import pytest
from django.test import Client

from safepassage.accounts.models import Role
from safepassage.conftest import PASSWORD, current_code, make_user

pytestmark = pytest.mark.django_db


def test_a_code_seen_over_a_shoulder_does_not_sign_in_again() -> None:
    user = make_user("nadia", Role.CASEWORKER)
    code = current_code(user)
    first = Client()
    first.post("/accounts/login/", {"username": "nadia", "password": PASSWORD})
    assert first.post("/accounts/login/code/", {"token": code}).status_code == 302
    second = Client()
    second.post("/accounts/login/", {"username": "nadia", "password": PASSWORD})
    response = second.post("/accounts/login/code/", {"token": code})
    assert response.status_code == 200 and b"Sign-in failed" in response.content
    assert second.get("/").status_code == 302
