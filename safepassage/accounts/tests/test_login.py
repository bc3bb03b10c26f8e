"""Sign-in: two steps, uniform failures, throttling, duress, idle expiry."""

from __future__ import annotations

import datetime
import re
from unittest import mock

import pytest
from django.test import Client
from django.utils import timezone

from safepassage.accounts.models import Role, User
from safepassage.accounts.services import user_set_duress_password
from safepassage.audit.models import AuditEvent
from safepassage.conftest import PASSWORD, current_code, make_user, sign_in
from safepassage.operations.models import Alert
from safepassage.operations.services import alert_raise

pytestmark = pytest.mark.django_db


def _normalised(html: bytes) -> str:
    text = html.decode()
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)
    text = re.sub(r'name="csrf-token" content="[^"]+"', "", text)
    return re.sub(r'value="[^"]*" autocomplete="username"', "", text)


def test_password_and_code_sign_in() -> None:
    user = make_user("nadia", Role.CASEWORKER)
    client = Client()
    response = client.get("/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    sign_in(client, user)
    response = client.get("/")
    assert response.status_code == 200 and b"nadia" in response.content
    assert AuditEvent.objects.filter(action="login", object_id=str(user.pk)).exists()


def test_password_alone_does_not_sign_in() -> None:
    user = make_user("nadia", Role.CASEWORKER)
    client = Client()
    client.post("/accounts/login/", {"username": "nadia", "password": PASSWORD})
    assert client.get("/").status_code == 302
    response = client.post("/accounts/login/code/", {"token": "000000"})
    assert b"Sign-in failed" in response.content
    assert client.get("/").status_code == 302
    assert user.pk


def test_unknown_user_and_wrong_password_look_identical() -> None:
    make_user("nadia", Role.CASEWORKER)
    unknown = Client().post("/accounts/login/", {"username": "nobody", "password": "whatever-123"})
    wrong = Client().post("/accounts/login/", {"username": "nadia", "password": "whatever-123"})
    assert unknown.status_code == wrong.status_code == 200
    assert _normalised(unknown.content) == _normalised(wrong.content)
    assert sorted(unknown.headers.keys()) == sorted(wrong.headers.keys())
    assert AuditEvent.objects.filter(action="login.failed").count() == 2


def test_throttling_blocks_even_the_right_password() -> None:
    user = make_user("nadia", Role.CASEWORKER)
    client = Client()
    for _ in range(5):
        client.post("/accounts/login/", {"username": "nadia", "password": "wrong-password-1"})
    response = client.post("/accounts/login/", {"username": "nadia", "password": PASSWORD})
    assert response.status_code == 200 and b"Sign-in failed" in response.content
    # Once the window has passed, the right password works again.
    later = timezone.now() + datetime.timedelta(minutes=16)
    with mock.patch("django.utils.timezone.now", return_value=later):
        response = client.post("/accounts/login/", {"username": "nadia", "password": PASSWORD})
    assert response.status_code == 302
    assert user.pk


def test_a_codename_spelt_another_way_counts_against_the_same_account() -> None:
    """Failed sign-ins count against the account the codename found, however it was spelt:
    a guesser cannot get five more tries from each spelling the database matches to it
    (PostgreSQL's case-insensitive match takes "nadıa", with a dotless ı, for "nadia";
    SQLite's does not, and then it finds no account at all)."""
    make_user("nadia", Role.CASEWORKER)
    client = Client()
    spellings = ["nadia", "NADIA", " Nadia ", "nadıa", "NADıA"]
    reaching = [s for s in spellings if User.objects.filter(username__iexact=s.strip()).exists()]
    for spelling in spellings:
        client.post("/accounts/login/", {"username": spelling, "password": "wrong-password-1"})
    response = client.post("/accounts/login/", {"username": "nadia", "password": PASSWORD})
    blocked = b"Sign-in failed" in response.content
    assert blocked == (len(reaching) >= 5), reaching


def test_locked_account_cannot_sign_in_and_looks_like_a_wrong_password() -> None:
    user = make_user("nadia", Role.CASEWORKER)
    user.is_locked = True
    user.save()
    locked = Client().post("/accounts/login/", {"username": "nadia", "password": PASSWORD})
    wrong = Client().post("/accounts/login/", {"username": "nadia", "password": "nope-nope-nope"})
    assert _normalised(locked.content) == _normalised(wrong.content)


def test_idle_session_expires_after_fifteen_minutes() -> None:
    user = make_user("nadia", Role.CASEWORKER)
    client = Client()
    sign_in(client, user)
    soon = timezone.now() + datetime.timedelta(minutes=14)
    with mock.patch("django.utils.timezone.now", return_value=soon):
        assert client.get("/").status_code == 200  # activity renews the session
    later = soon + datetime.timedelta(minutes=14)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert client.get("/").status_code == 200
    idle = later + datetime.timedelta(minutes=16)
    with mock.patch("django.utils.timezone.now", return_value=idle):
        response = client.get("/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_activity_renews_the_session_at_most_once_a_minute() -> None:
    from django.contrib.sessions.models import Session

    user = make_user("nadia", Role.CASEWORKER)
    client = Client()
    sign_in(client, user)
    key = client.cookies["sessionid"].value

    def expiry() -> datetime.datetime:
        return Session.objects.get(session_key=key).expire_date

    start = timezone.now()
    signed_in = expiry()  # sign-in saved the session
    soon = start + datetime.timedelta(seconds=30)
    with mock.patch("django.utils.timezone.now", return_value=soon):
        assert client.get("/").status_code == 200
    assert expiry() == signed_in  # no write for a request within the minute
    later = start + datetime.timedelta(seconds=61)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert client.get("/").status_code == 200
    assert expiry() == later + datetime.timedelta(minutes=15)


def test_the_alerts_panels_refresh_does_not_keep_an_open_page_signed_in() -> None:
    """The dashboard refreshes its alerts every 30 s by itself: that is not the person's
    activity. Left open, the page still signs out after the idle time, and the next refresh
    sends the whole page to the sign-in page (and back to it afterwards), its details off
    the screen, instead of the sign-in form inside the panel."""
    user = make_user("nadia", Role.COORDINATOR)
    client = Client()
    sign_in(client, user)
    poll = {"HX-Request": "true", "SP-Poll": "1", "HX-Current-URL": "/"}
    start = timezone.now()
    for minutes in range(1, 15):
        at = start + datetime.timedelta(minutes=minutes)
        with mock.patch("django.utils.timezone.now", return_value=at):
            assert client.get("/alerts/panel/", headers=poll).status_code == 200
    idle = start + datetime.timedelta(minutes=16)
    with mock.patch("django.utils.timezone.now", return_value=idle):
        response = client.get("/alerts/panel/", headers=poll)
    assert response.status_code == 204 and response.content == b""
    assert response["HX-Redirect"] == "/accounts/login/?next=/"
    # The sign-in page says why she is there (once: the browser's mark, not the address).
    told = client.get(response["HX-Redirect"]).content.decode()
    assert 'id="ended"' in told and "Your session ended. Sign in again." in told
    assert 'id="ended"' not in client.get("/accounts/login/?next=/").content.decode()
    # A page's own script asking without a session, for another page: back to that page.
    shown = {**poll, "HX-Current-URL": "http://testserver/operations/?x=1"}
    answer = Client().get("/alerts/panel/", headers=shown)
    assert answer["HX-Redirect"] == "/accounts/login/?next=/operations/"
    # Somewhere else entirely is not a page of this site: back to the dashboard.
    elsewhere = {**poll, "HX-Current-URL": "https://evil.example//evil.example/x"}
    assert (
        Client().get("/alerts/panel/", headers=elsewhere)["HX-Redirect"]
        == "/accounts/login/?next=/"
    )
    # A page opened in the browser is sent to sign in as before.
    assert Client().get("/alerts/panel/")["Location"] == "/accounts/login/?next=/alerts/panel/"


def test_the_persons_own_requests_through_the_script_renew_the_session() -> None:
    user = make_user("nadia", Role.COORDINATOR)
    client = Client()
    sign_in(client, user)
    start = timezone.now()
    for minutes in (10, 20, 30):  # search as she types, without the poll's mark
        at = start + datetime.timedelta(minutes=minutes)
        with mock.patch("django.utils.timezone.now", return_value=at):
            assert client.get("/alerts/panel/", headers={"HX-Request": "true"}).status_code == 200


def test_still_here_while_typing_keeps_the_session_and_changes_nothing() -> None:
    """The page's script says "still here" while she types a long form without changing page:
    her session lives on; the answer is empty and nothing is written but the session."""
    user = make_user("nadia", Role.CASEWORKER)
    client = Client()
    sign_in(client, user)
    events = AuditEvent.objects.count()
    start = timezone.now()
    for minutes in (10, 20, 30):
        at = start + datetime.timedelta(minutes=minutes)
        with mock.patch("django.utils.timezone.now", return_value=at):
            answer = client.post("/accounts/active/")
        assert answer.status_code == 204 and answer.content == b""
    with mock.patch(
        "django.utils.timezone.now", return_value=start + datetime.timedelta(minutes=40)
    ):
        assert client.get("/").status_code == 200
    assert AuditEvent.objects.count() == events
    assert client.get("/accounts/active/").status_code == 405
    # Without a session it keeps nothing alive: sign in first.
    assert Client().post("/accounts/active/")["Location"].startswith("/accounts/login/")


def test_an_unknown_session_cookie_creates_no_session() -> None:
    from django.contrib.sessions.models import Session

    client = Client()
    client.cookies["sessionid"] = "x" * 32
    assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 302
    assert not Session.objects.exists()


def test_logout_ends_the_session() -> None:
    user = make_user("nadia", Role.CASEWORKER)
    client = Client()
    sign_in(client, user)
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/").status_code == 302


def test_duress_password_opens_an_empty_account_locks_and_alerts() -> None:
    coordinator = make_user("falcon", Role.COORDINATOR)
    other = make_user("heron", Role.COORDINATOR)
    user_set_duress_password(actor=coordinator, duress_password="blue-river-duress-77")
    alert_raise(kind="danger", message="Team Alpha reports danger at the crossing")

    client = Client()
    response = client.post(
        "/accounts/login/", {"username": "falcon", "password": "blue-river-duress-77"}
    )
    assert response.status_code == 302  # exactly like a real password
    response = client.post("/accounts/login/code/", {"token": current_code(coordinator)})
    assert response.status_code == 302
    page = client.get("/")
    assert page.status_code == 200
    assert b"falcon" in page.content  # the screen shows the usual codename
    assert b"Team Alpha" not in page.content and b"Duress" not in page.content
    assert b"No open alerts" in page.content

    coordinator.refresh_from_db()
    assert coordinator.is_locked
    assert Alert.objects.filter(kind="duress_login", subject_id=str(coordinator.pk)).exists()
    assert AuditEvent.objects.filter(action="login.duress", object_id=str(coordinator.pk)).exists()
    assert AuditEvent.objects.filter(action="account.lock", object_id=str(coordinator.pk)).exists()

    # The real password no longer opens the real account.
    response = Client().post("/accounts/login/", {"username": "falcon", "password": PASSWORD})
    assert b"Sign-in failed" in response.content

    # Another coordinator sees the duress alert.
    watcher = Client()
    sign_in(watcher, other)
    assert b"Duress password used by falcon" in watcher.get("/alerts/panel/").content


def test_duress_password_must_differ_from_the_real_one() -> None:
    from django.core.exceptions import ValidationError

    user = make_user("nadia", Role.CASEWORKER)
    with pytest.raises(ValidationError):
        user_set_duress_password(actor=user, duress_password=PASSWORD)
    assert User.objects.get(pk=user.pk).duress_password == ""


def test_next_parameter_cannot_redirect_off_site() -> None:
    user = make_user("nadia", Role.CASEWORKER)
    client = Client()
    client.post(
        "/accounts/login/?next=https://evil.example/", {"username": "nadia", "password": PASSWORD}
    )
    response = client.post(
        "/accounts/login/code/", {"token": current_code(user), "next": "https://evil.example/"}
    )
    assert response.status_code == 302 and response["Location"] == "/"


def _hashes_spent(username: str, password: str) -> int:
    """How many Argon2 computations a failed password step costs (its time, in effect)."""
    from safepassage.accounts.services import login_password_step
    from safepassage.test_settings import FastArgon2PasswordHasher

    encode = FastArgon2PasswordHasher.encode
    verify = FastArgon2PasswordHasher.verify
    with (
        mock.patch.object(
            FastArgon2PasswordHasher, "encode", autospec=True, side_effect=encode
        ) as encoded,
        mock.patch.object(
            FastArgon2PasswordHasher, "verify", autospec=True, side_effect=verify
        ) as verified,
    ):
        assert login_password_step(username=username, password=password) is None
    return encoded.call_count + verified.call_count


def test_every_failure_spends_the_same_time_whether_or_not_a_duress_password_is_set() -> None:
    # An account with a duress password checked two hashes and an unknown codename one: the
    # answer's time told that the codename exists, and that it has a duress password.
    make_user("nadia", Role.CASEWORKER)
    guarded = make_user("falcon", Role.CASEWORKER)
    user_set_duress_password(actor=guarded, duress_password="blue-river-duress-77")
    locked = make_user("heron", Role.CASEWORKER)
    locked.is_locked = True
    locked.save()
    throttled = make_user("kite", Role.CASEWORKER)
    for _ in range(5):
        Client().post("/accounts/login/", {"username": "kite", "password": "wrong-password-1"})
    assert throttled.pk

    spent = {
        "unknown": _hashes_spent("nobody", "wrong-password-1"),
        "wrong password": _hashes_spent("nadia", "wrong-password-1"),
        "wrong password, duress set": _hashes_spent("falcon", "wrong-password-1"),
        "locked": _hashes_spent("heron", PASSWORD),
        "throttled": _hashes_spent("kite", PASSWORD),
    }
    assert len(set(spent.values())) == 1, spent
