"""Personal API tokens: shown once, stored hashed, expiring, revocable."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from safepassage.accounts.models import ApiToken, Role
from safepassage.accounts.services import api_token_create, api_token_revoke
from safepassage.conftest import make_user

pytestmark = pytest.mark.django_db


def test_token_is_stored_only_as_a_hash() -> None:
    user = make_user("nadia", Role.COORDINATOR)
    token, plain = api_token_create(actor=None, user=user)
    row = ApiToken.objects.get(pk=token.pk)
    # The secret is everything after "sp_<prefix>_" (it may hold "_" itself: a split on
    # the last one could leave a character or two, found in any hash by chance).
    secret = plain.split("_", 2)[2]
    assert len(secret) >= 40
    assert secret not in row.token_hash and plain != row.token_hash
    assert len(row.token_hash) == 64


def test_token_authenticates_until_revoked() -> None:
    user = make_user("nadia", Role.COORDINATOR)
    token, plain = api_token_create(actor=None, user=user)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {plain}")
    assert client.get("/api/me/").json()["username"] == "nadia"
    api_token_revoke(actor=None, token=token)
    assert client.get("/api/me/").status_code == 401


def test_expired_and_forged_tokens_fail() -> None:
    user = make_user("nadia", Role.COORDINATOR)
    token, plain = api_token_create(actor=None, user=user, days=1)
    ApiToken.objects.filter(pk=token.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert Client(HTTP_AUTHORIZATION=f"Bearer {plain}").get("/api/me/").status_code == 401
    forged = plain[:-4] + "AAAA"
    assert Client(HTTP_AUTHORIZATION=f"Bearer {forged}").get("/api/me/").status_code == 401
    assert Client(HTTP_AUTHORIZATION="Bearer nonsense").get("/api/me/").status_code == 401
    assert Client(HTTP_AUTHORIZATION="Basic abc").get("/api/me/").status_code == 401


def test_token_lifetime_is_validated() -> None:
    user = make_user("nadia", Role.COORDINATOR)
    for days in (0, 366, -3):
        with pytest.raises(ValidationError):
            api_token_create(actor=None, user=user, days=days)
    assert ApiToken.objects.count() == 0


def test_locked_user_token_stops_working() -> None:
    user = make_user("nadia", Role.COORDINATOR)
    _, plain = api_token_create(actor=None, user=user)
    user.is_locked = True
    user.save()
    assert Client(HTTP_AUTHORIZATION=f"Bearer {plain}").get("/api/me/").status_code == 401


def test_schema_is_openapi_3() -> None:
    user = make_user("nadia", Role.COORDINATOR)
    _, plain = api_token_create(actor=None, user=user)
    response = Client(HTTP_AUTHORIZATION=f"Bearer {plain}").get("/api/schema/?format=json")
    assert response.status_code == 200
    body = (
        response.json()
        if response["Content-Type"].startswith("application/")
        and "json" in response["Content-Type"]
        else None
    )
    text = response.content.decode()
    assert "openapi: 3" in text or (body is not None and body["openapi"].startswith("3"))
    assert "/api/alerts/" in text
