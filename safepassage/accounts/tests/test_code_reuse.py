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


def test_a_code_sent_twice_at_the_same_moment_opens_one_sign_in() -> None:
    # Two sign-ins (the member's and one over her shoulder) read the authenticator before
    # either has recorded its code as used: the second must still find it used.
    from safepassage.accounts.models import TOTPDevice

    user = make_user("nadia", Role.CASEWORKER)
    code = current_code(user)
    mine = TOTPDevice.objects.get(user=user)
    theirs = TOTPDevice.objects.get(user=user)
    assert mine.verify_token(code)
    assert not theirs.verify_token(code)
