"""Personal API tokens: shown once, stored hashed, expiring, revocable."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from safepassage.accounts.models import ApiToken, Role, User
from safepassage.accounts.services import (
    api_token_create,
    api_token_revoke,
    user_set_locked,
    user_set_password,
)
from safepassage.audit.models import AuditEvent
from safepassage.conftest import decoy_client, make_user

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


# --- tokens end with the password and the account's lock -----------------------------------
# A token is a standing sign-in: whoever changed the password (it may have leaked) or locked
# the account (a phone in other hands, a duress sign-in) means every earlier one to stop, and
# unlocking later must not bring any of them back.

NEW_PASSWORD = "quiet-orchard-lantern-58"
DURESS = "blue-river-duress-77"


def _token_client(user: User) -> Client:
    _, plain = api_token_create(actor=None, user=user)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {plain}")
    assert client.get("/api/me/").status_code == 200
    return client


def _all_revoked(user: User) -> bool:
    tokens = ApiToken.objects.filter(user=user)
    return tokens.exists() and not tokens.filter(revoked_at__isnull=True).exists()


@pytest.mark.parametrize("role", Role.values)
def test_own_password_change_revokes_every_token(role: str) -> None:
    user = make_user("nadia", role)
    clients = [_token_client(user), _token_client(user)]
    user_set_password(actor=user, user=user, password=NEW_PASSWORD)
    assert [c.get("/api/me/").status_code for c in clients] == [401, 401]
    assert _all_revoked(user)
    event = AuditEvent.objects.filter(action="token.revoke", object_id=str(user.pk)).get()
    assert json.loads(event.detail) == {"reason": "password", "tokens": 2}


@pytest.mark.parametrize("role", Role.values)
def test_password_reset_by_an_administrator_revokes_every_token(role: str) -> None:
    user = make_user("nadia", role)
    admin = make_user("keeper", Role.ADMINISTRATOR)
    client, admins = _token_client(user), _token_client(admin)
    user_set_password(actor=admin, user=user, password=NEW_PASSWORD)
    assert client.get("/api/me/").status_code == 401
    assert _all_revoked(user)
    assert admins.get("/api/me/").status_code == 200  # only hers


def test_a_refused_password_keeps_the_tokens() -> None:
    user = make_user("nadia", Role.CASEWORKER)
    client = _token_client(user)
    with pytest.raises(ValidationError):
        user_set_password(actor=user, user=user, password="short")
    assert client.get("/api/me/").status_code == 200
    assert not ApiToken.objects.filter(revoked_at__isnull=False).exists()


@pytest.mark.parametrize("role", Role.values)
def test_locking_revokes_every_token_and_unlocking_brings_none_back(role: str) -> None:
    user = make_user("nadia", role)
    admin = make_user("keeper", Role.ADMINISTRATOR)
    client = _token_client(user)
    user_set_locked(actor=admin, user=user, locked=True)
    assert client.get("/api/me/").status_code == 401
    user_set_locked(actor=admin, user=user, locked=False)
    assert client.get("/api/me/").status_code == 401
    assert _all_revoked(user)
    event = AuditEvent.objects.filter(action="token.revoke", object_id=str(user.pk)).get()
    assert json.loads(event.detail) == {"reason": "lock", "tokens": 1}


@pytest.mark.parametrize("role", Role.values)
def test_a_duress_sign_in_revokes_every_token_for_good(role: str) -> None:
    user = make_user("nadia", role)
    client = _token_client(user)
    decoy_client(user, DURESS)
    assert client.get("/api/me/").status_code == 401
    user_set_locked(actor=None, user=User.objects.get(pk=user.pk), locked=False)
    assert client.get("/api/me/").status_code == 401
    assert _all_revoked(user)
    event = AuditEvent.objects.filter(action="token.revoke", object_id=str(user.pk)).get()
    assert json.loads(event.detail) == {"reason": "duress", "tokens": 1}


def test_a_decoys_password_change_leaves_the_real_tokens() -> None:
    """A duress session seems to change the password and changes nothing, tokens included."""
    user = make_user("nadia", Role.CASEWORKER)
    decoy_client(user, DURESS)
    user_set_locked(actor=None, user=User.objects.get(pk=user.pk), locked=False)
    client = _token_client(user)  # a new token after the unlock
    decoy = User.objects.get(decoy_of=user)
    user_set_password(actor=decoy, user=decoy, password=NEW_PASSWORD)
    assert client.get("/api/me/").status_code == 200


def test_tokens_without_any_left_write_no_event() -> None:
    user = make_user("nadia", Role.CASEWORKER)
    user_set_password(actor=user, user=user, password=NEW_PASSWORD)
    assert not AuditEvent.objects.filter(action="token.revoke").exists()


def test_no_token_is_made_for_a_locked_account() -> None:
    """Made while locked, it would outlive the lock that revoked every other one."""
    user = make_user("nadia", Role.CASEWORKER)
    user_set_locked(actor=make_user("keeper", Role.ADMINISTRATOR), user=user, locked=True)
    with pytest.raises(ValidationError):
        api_token_create(actor=None, user=User.objects.get(pk=user.pk))
    assert not ApiToken.objects.exists()
