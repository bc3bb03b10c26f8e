"""A new password may never equal the duress password, whoever sets it."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from safepassage.accounts.models import Role, User
from safepassage.accounts.services import user_set_duress_password, user_set_password
from safepassage.audit.models import AuditEvent
from safepassage.conftest import PASSWORD, make_user, sign_in

pytestmark = pytest.mark.django_db

DURESS = "blue-river-duress-77"


def _with_duress(username: str, role: str = Role.CASEWORKER) -> User:
    user = make_user(username, role)
    user_set_duress_password(actor=user, duress_password=DURESS)
    return User.objects.get(pk=user.pk)


def test_own_new_password_equal_to_duress_is_refused_and_nothing_changes() -> None:
    user = _with_duress("nadia")
    before = User.objects.get(pk=user.pk).password
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as caught:
        user_set_password(actor=user, user=user, password=DURESS)
    assert caught.value.message_dict == {
        "password": ["The new password must differ from your duress password."]
    }
    assert User.objects.get(pk=user.pk).password == before
    assert AuditEvent.objects.count() == events


def test_settings_page_refuses_the_duress_password_as_new_password() -> None:
    user = _with_duress("nadia")
    client = Client()
    sign_in(client, user)
    response = client.post(
        "/accounts/settings/",
        {"action": "password", "pw-current": PASSWORD, "pw-new": DURESS},
    )
    assert response.status_code == 200
    assert b"The new password must differ from your duress password." in response.content
    assert b"Saved." not in response.content
    fresh = User.objects.get(pk=user.pk)
    assert fresh.check_password(PASSWORD) and not fresh.check_password(DURESS)
    # The real password still signs in to the real account, unlocked.
    sign_in(Client(), fresh)
    assert not User.objects.get(pk=user.pk).is_locked


def test_administrator_reset_to_the_duress_password_is_refused_without_saying_why() -> None:
    user = _with_duress("nadia")
    admin = make_user("keeper", Role.ADMINISTRATOR)
    with pytest.raises(ValidationError) as caught:
        user_set_password(actor=admin, user=user, password=DURESS)
    message = caught.value.message_dict["password"][0]
    assert "duress" not in message.lower()
    assert User.objects.get(pk=user.pk).check_password(PASSWORD)


def test_a_different_new_password_is_still_accepted() -> None:
    user = _with_duress("nadia")
    user_set_password(actor=user, user=user, password="green-valley-real-42")
    assert User.objects.get(pk=user.pk).check_password("green-valley-real-42")


@pytest.mark.parametrize(
    "role", [r for r in Role.values if r != Role.ADMINISTRATOR], ids=lambda r: str(r)
)
def test_only_administrators_reset_other_passwords(role: str) -> None:
    from safepassage.accounts.permissions import ActionRefused

    user = _with_duress("nadia")
    other = make_user(f"{role}-x", role)
    with pytest.raises(ActionRefused):
        user_set_password(actor=other, user=user, password="green-valley-real-42")
    assert User.objects.get(pk=user.pk).check_password(PASSWORD)


@pytest.mark.parametrize("action", ["password", "duress"])
def test_guessing_the_current_password_in_settings_is_throttled_like_sign_in(action: str) -> None:
    # Whoever holds an open session (a phone taken unlocked) could try passwords on the
    # settings page without end, and learn the real one. Wrong guesses there count as failed
    # sign-ins of the account: after five, even the right password is refused for a while.
    user = make_user("nadia", Role.CASEWORKER)
    client = Client()
    sign_in(client, user)
    prefix = "pw" if action == "password" else "du"
    new = "another-long-secret-42"

    def post(current: str) -> bytes:
        field = "new" if action == "password" else "duress"
        response = client.post(
            "/accounts/settings/",
            {"action": action, f"{prefix}-current": current, f"{prefix}-{field}": new},
        )
        assert response.status_code in (200, 302)
        return response.content

    for n in range(5):
        assert b"That is not your current password." in post(f"wrong-guess-{n}-xyz")
    refused = post(PASSWORD)
    assert b"Too many wrong passwords. Try again later." in refused
    fresh = User.objects.get(pk=user.pk)
    assert fresh.check_password(PASSWORD) and fresh.duress_password == ""
    assert (
        AuditEvent.objects.filter(
            action="login.failed", object_id=str(user.pk), detail__contains="current_password"
        ).count()
        == 5
    )
    # The sign-in page counts the same failures.
    response = Client().post("/accounts/login/", {"username": "nadia", "password": PASSWORD})
    assert b"Sign-in failed" in response.content
