"""What a signed-in request reads first (accounts/signedin.py): session, user, code device."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_otp import DEVICE_ID_SESSION_KEY

from safepassage.accounts.backends import ThrottledModelBackend
from safepassage.accounts.models import Role, TOTPDevice, User
from safepassage.accounts.signedin import SessionStore, row_by_pk
from safepassage.conftest import make_user, sign_in

pytestmark = pytest.mark.django_db


def _signed_in(username: str = "nadia") -> tuple[Client, User]:
    user = make_user(username, Role.CASEWORKER)
    client = Client()
    sign_in(client, user)
    return client, user


def _put_in_session(client: Client, key: str, value: str) -> None:
    session = client.session
    session[key] = value
    session.save()


def test_a_signed_in_request_reads_session_user_and_device_in_three_statements() -> None:
    client, _ = _signed_in()
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/accounts/settings/").status_code == 200
    reads = [q["sql"] for q in queries.captured_queries[:3]]
    assert "django_session" in reads[0]
    assert "accounts_user" in reads[1] and "accounts_totpdevice" in reads[2]
    assert not any("ORDER BY" in sql for sql in reads)


def test_row_by_pk_reads_the_row_as_the_orm_does() -> None:
    user = make_user("nadia", Role.CASEWORKER)
    user.full_name = "نادية مراد"
    user.save()
    loaded = row_by_pk(User, str(user.pk))
    expected = User.objects.get(pk=user.pk)
    assert loaded is not None
    for field in User._meta.concrete_fields:
        assert getattr(loaded, field.attname) == getattr(expected, field.attname), field.name
    assert loaded.full_name == "نادية مراد"  # its sealed record opens
    assert loaded.is_active is True and isinstance(loaded.pk, uuid.UUID)
    assert row_by_pk(User, uuid.uuid4()) is None
    with pytest.raises(ValueError):
        row_by_pk(User, "not-a-key")


def test_the_backend_restores_only_a_stored_active_unlocked_user() -> None:
    backend = ThrottledModelBackend()
    user = make_user("nadia", Role.CASEWORKER)
    assert backend.get_user(str(user.pk)) == user
    assert backend.get_user("not-a-key") is None
    assert backend.get_user(str(uuid.uuid4())) is None
    User.objects.filter(pk=user.pk).update(is_locked=True)
    assert backend.get_user(str(user.pk)) is None


@pytest.mark.parametrize("whose", ["someone else's", "unconfirmed", "malformed", "missing"])
def test_a_code_device_that_does_not_verify_her_signs_her_out(whose: str) -> None:
    client, user = _signed_in()
    if whose == "someone else's":
        other = make_user("samira", Role.CASEWORKER)
        device_id = TOTPDevice.objects.get(user=other).persistent_id
    elif whose == "unconfirmed":
        device = TOTPDevice.objects.get(user=user)
        device.confirmed = False
        device.save()
        device_id = device.persistent_id
    elif whose == "malformed":
        device_id = "accounts.totpdevice/seven"
    else:
        device_id = "accounts.totpdevice/999999"
    _put_in_session(client, DEVICE_ID_SESSION_KEY, device_id)
    response = client.get("/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert DEVICE_ID_SESSION_KEY not in client.session  # django-otp's rule: forget it


def test_the_session_store_reads_a_live_session_and_not_an_expired_one() -> None:
    store = SessionStore()
    store["note"] = "kept"
    store.set_expiry(60)
    store.save()
    assert SessionStore(store.session_key)["note"] == "kept"
    store.set_expiry(-1)
    store.save()
    expired = SessionStore(store.session_key)
    assert expired.get("note") is None and expired.session_key is None
    assert SessionStore("x" * 32).load() == {}
