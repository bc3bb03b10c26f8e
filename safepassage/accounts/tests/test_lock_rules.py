"""Locking accounts: never oneself, never the last active administrator; unlock from the CLI."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from safepassage.accounts.models import LoginThrottle, Role, User
from safepassage.accounts.permissions import ActionRefused
from safepassage.accounts.services import user_set_locked
from safepassage.audit.models import AuditEvent
from safepassage.conftest import PASSWORD, make_user, sign_in

pytestmark = pytest.mark.django_db


def _locked(user: User) -> bool:
    return User.objects.get(pk=user.pk).is_locked


def _admin_client(admin: User) -> Client:
    client = Client()
    sign_in(client, admin)
    return client


def test_the_only_administrator_cannot_lock_themself_on_the_page() -> None:
    admin = make_user("keeper", Role.ADMINISTRATOR)
    client = _admin_client(admin)
    events = AuditEvent.objects.filter(action="account.lock").count()
    answer = client.post(f"/accounts/users/{admin.pk}/lock/", {"locked": "1"})
    assert answer.status_code == 302 and answer["Location"] == "/accounts/users/"
    texts = [str(m) for m in get_messages(answer.wsgi_request)]
    assert texts == ["You cannot lock your own account."]
    assert not _locked(admin)
    assert AuditEvent.objects.filter(action="account.lock").count() == events
    assert client.get("/accounts/users/").status_code == 200  # still signed in


def test_no_one_locks_themself_even_with_another_administrator() -> None:
    admin = make_user("keeper", Role.ADMINISTRATOR)
    make_user("keeper-two", Role.ADMINISTRATOR)
    with pytest.raises(ValidationError, match="your own account"):
        user_set_locked(actor=admin, user=admin, locked=True)
    assert not _locked(admin)


def test_the_last_active_administrator_stays_unlocked() -> None:
    admin = make_user("keeper", Role.ADMINISTRATOR)
    other = make_user("keeper-two", Role.ADMINISTRATOR)
    user_set_locked(actor=admin, user=other, locked=True)  # another one is left: allowed
    assert _locked(other)
    # From the command line too, the last unlocked administrator cannot be locked.
    with pytest.raises(ValidationError, match="last active administrator"):
        user_set_locked(actor=None, user=admin, locked=True)
    assert not _locked(admin)


def test_administrator_locks_and_unlocks_others_with_a_clear_message() -> None:
    admin = make_user("keeper", Role.ADMINISTRATOR)
    member = make_user("nadia", Role.CASEWORKER)
    client = _admin_client(admin)
    answer = client.post(f"/accounts/users/{member.pk}/lock/", {"locked": "1"})
    assert [str(m) for m in get_messages(answer.wsgi_request)] == ["Account nadia locked."]
    assert _locked(member)
    client.get("/accounts/users/")  # shows (and so uses up) the message
    answer = client.post(f"/accounts/users/{member.pk}/lock/", {"locked": "0"})
    assert [str(m) for m in get_messages(answer.wsgi_request)] == ["Account nadia unlocked."]
    assert not _locked(member)


@pytest.mark.parametrize(
    "role", [r for r in Role.values if r != Role.ADMINISTRATOR], ids=lambda r: str(r)
)
def test_only_administrators_lock_accounts(role: str) -> None:
    actor = make_user(f"{role}-x", role)
    member = make_user("nadia", Role.CASEWORKER)
    with pytest.raises(ActionRefused):
        user_set_locked(actor=actor, user=member, locked=True)
    client = Client()
    sign_in(client, actor)
    assert client.post(f"/accounts/users/{member.pk}/lock/", {"locked": "1"}).status_code == 404
    assert not _locked(member)


def test_unlockuser_command_unlocks_and_clears_failed_sign_ins(capsys) -> None:
    admin = make_user("keeper", Role.ADMINISTRATOR)
    User.objects.filter(pk=admin.pk).update(is_locked=True)
    for _ in range(5):
        Client().post("/accounts/login/", {"username": "keeper", "password": "wrong-one-1"})
    assert LoginThrottle.objects.exists()
    call_command("unlockuser", "KEEPER")
    assert "Unlocked keeper" in capsys.readouterr().out
    assert not _locked(admin) and not LoginThrottle.objects.exists()
    assert AuditEvent.objects.filter(
        action="account.unlock", object_id=str(admin.pk), actor_id=""
    ).exists()
    sign_in(Client(), admin, PASSWORD)


def test_unlockuser_command_names_a_missing_account() -> None:
    with pytest.raises(CommandError, match="No account 'ghost'"):
        call_command("unlockuser", "ghost")


@pytest.mark.parametrize("how", ["administrator", "member captured"])
def test_a_session_open_when_the_account_was_locked_stays_ended_after_unlocking(
    how: str,
) -> None:
    """The lock is for a phone in other hands: unlocking the account (he is back, the
    administrator vouches) must not bring back the session left open on that phone."""
    from safepassage.accounts.services import account_lock_lost

    admin = make_user("keeper", Role.ADMINISTRATOR)
    make_user("spare", Role.ADMINISTRATOR)
    held = make_user("rivas", Role.CASEWORKER)
    phone = Client()
    sign_in(phone, held)
    assert phone.get("/persons/").status_code == 200
    if how == "administrator":
        user_set_locked(actor=admin, user=held, locked=True)
    else:
        account_lock_lost(actor=None, user=held, reason="member captured")
    assert phone.get("/persons/").status_code == 302  # ended while locked
    user_set_locked(actor=admin, user=User.objects.get(pk=held.pk), locked=False)
    answer = phone.get("/persons/")
    assert answer.status_code == 302 and answer["Location"].startswith("/accounts/login/")
    again = Client()  # a new sign-in works
    sign_in(again, User.objects.get(pk=held.pk))
    assert again.get("/persons/").status_code == 200


def test_a_duress_sign_in_ends_the_accounts_other_sessions_for_good() -> None:
    """Forced to sign in with his duress password, his real account is locked: the session
    left open on his laptop stays ended once an administrator unlocks him, and the decoy
    session the other side watches goes on as if nothing happened."""
    from safepassage.conftest import decoy_client

    admin = make_user("keeper", Role.ADMINISTRATOR)
    held = make_user("rivas", Role.CASEWORKER)
    laptop = Client()
    sign_in(laptop, held)
    forced = decoy_client(User.objects.get(pk=held.pk), "blue-river-duress-77")
    assert _locked(held)
    user_set_locked(actor=admin, user=User.objects.get(pk=held.pk), locked=False)
    answer = laptop.get("/persons/")
    assert answer.status_code == 302 and answer["Location"].startswith("/accounts/login/")
    assert forced.get("/persons/").status_code == 200


@pytest.mark.parametrize("sent", [{}, {"locked": ""}, {"locked": "yes"}, {"locked": "0 "}])
def test_a_lock_form_that_says_neither_lock_nor_unlock_changes_nothing(
    sent: dict[str, str],
) -> None:
    admin = make_user("keeper", Role.ADMINISTRATOR)
    captured = make_user("sparrow", Role.FIELD)
    client = _admin_client(admin)
    client.post(f"/accounts/users/{captured.pk}/lock/", {"locked": "1"})
    assert _locked(captured)
    events = AuditEvent.objects.count()
    answer = client.post(f"/accounts/users/{captured.pk}/lock/", sent)
    assert answer.status_code == 302 and answer["Location"] == "/accounts/users/"
    texts = [str(m) for m in get_messages(answer.wsgi_request)]
    assert texts[-1] == "Choose Lock or Unlock. Nothing was changed."
    assert "Account sparrow unlocked." not in texts
    assert _locked(captured)  # still locked: only an explicit unlock opens it again
    assert AuditEvent.objects.count() == events
    unlocked = client.post(f"/accounts/users/{captured.pk}/lock/", {"locked": "0"})
    assert unlocked.status_code == 302 and not _locked(captured)
