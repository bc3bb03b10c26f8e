"""The sign-in page says "Your session ended" to a member whose session ended without her
signing out (idle, or ended from elsewhere), and to no one else: not on a first visit, not
after her own sign-out, not from a link that asks for it."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.test import Client
from django.utils import timezone

from safepassage.accounts.endnotice import NOTICE_COOKIE
from safepassage.accounts.models import Role, User
from safepassage.accounts.services import sessions_end
from safepassage.conftest import decoy_client, make_user, sign_in

pytestmark = pytest.mark.django_db

NOTICE = "Your session ended. Sign in again."


def _told(page: str) -> bool:
    return NOTICE in page and 'id="ended"' in page


def _silent(page: str) -> bool:
    """No notice, nor the old one a link could ask for (``?ended=1``)."""
    return NOTICE not in page and 'id="ended"' not in page


def _signed_in(name: str = "nadia") -> tuple[Client, User]:
    user = make_user(name, Role.CASEWORKER)
    client = Client()
    sign_in(client, user)
    assert client.get("/persons/").status_code == 200
    return client, user


def _sign_in_page_after(client: Client, path: str = "/persons/") -> str:
    """The page a request for ``path`` is sent to, as the browser shows it next."""
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={path}"
    return client.get(response["Location"]).content.decode()


def test_an_idle_session_that_ended_is_told_on_the_sign_in_page() -> None:
    client, _ = _signed_in()
    idle = timezone.now() + datetime.timedelta(minutes=16)
    with mock.patch("django.utils.timezone.now", return_value=idle):
        page = _sign_in_page_after(client)
    assert _told(page)
    # Said once: the page opened again (or after a failed try) is the plain sign-in page.
    assert _silent(client.get("/accounts/login/").content.decode())


def test_a_session_ended_from_elsewhere_is_told_on_the_sign_in_page() -> None:
    client, user = _signed_in()
    assert sessions_end(user) == 1
    assert _told(_sign_in_page_after(client))


def test_a_session_ended_by_a_lock_is_told_as_any_other_end() -> None:
    """A duress sign-in on another phone locks the real account and ends its sessions: the
    laptop left open says only that its session ended, as it would after a time idle."""
    laptop, user = _signed_in()
    decoy_client(User.objects.get(pk=user.pk), "blue-river-duress-77")
    assert _told(_sign_in_page_after(laptop))


def test_her_own_sign_out_is_not_told_as_an_ended_session() -> None:
    client, _ = _signed_in()
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert _silent(client.get(response["Location"]).content.decode())
    assert _silent(_sign_in_page_after(client))
    # Not later either, once the time her session would have lasted has passed.
    idle = timezone.now() + datetime.timedelta(minutes=16)
    with mock.patch("django.utils.timezone.now", return_value=idle):
        assert _silent(_sign_in_page_after(client))


def test_a_first_visit_is_not_told_anything() -> None:
    client = Client()
    assert _silent(_sign_in_page_after(client))
    assert _silent(client.get("/accounts/login/").content.decode())
    # A link cannot make the page say it to someone who never signed in.
    for asked in ("/accounts/login/?ended=1", "/accounts/login/?next=/&ended=1"):
        assert _silent(client.get(asked).content.decode())


def test_a_forged_or_stale_mark_is_not_told() -> None:
    client, _ = _signed_in()
    mark = client.cookies[NOTICE_COOKIE].value
    client.post("/accounts/logout/")
    stranger = Client()
    stranger.cookies[NOTICE_COOKIE] = "1"
    assert _silent(_sign_in_page_after(stranger))
    stranger.cookies[NOTICE_COOKIE] = mark[:-1] + ("B" if mark.endswith("A") else "A")
    assert _silent(_sign_in_page_after(stranger))
    # A genuine mark only within a day of the time the session would have ended idle.
    days_later = timezone.now() + datetime.timedelta(days=2)
    stranger.cookies[NOTICE_COOKIE] = mark
    with mock.patch("time.time", return_value=days_later.timestamp()):
        assert _silent(_sign_in_page_after(stranger))
    stranger.cookies[NOTICE_COOKIE] = mark
    assert _told(_sign_in_page_after(stranger))


def test_the_mark_says_nothing_about_the_account_and_lives_in_memory_only() -> None:
    client, user = _signed_in("falcon-7")
    mark = client.cookies[NOTICE_COOKIE]
    assert "falcon" not in mark.value.lower() and str(user.pk) not in mark.value
    assert mark["httponly"] and mark["samesite"] == "Strict"
    assert not mark["expires"] and not mark["max-age"]  # a browser-session cookie, no file


def test_a_page_left_open_is_sent_whole_to_the_sign_in_page_which_tells_her() -> None:
    """A request the page's script makes (htmx) after the session ended: the whole page goes
    to the sign-in page, back to that page afterwards, and the sign-in page says why."""
    client, _ = _signed_in()
    idle = timezone.now() + datetime.timedelta(minutes=16)
    asked = {"HX-Request": "true", "SP-Poll": "1", "HX-Current-URL": "http://testserver/persons/"}
    with mock.patch("django.utils.timezone.now", return_value=idle):
        response = client.get("/alerts/panel/", headers=asked)
    assert response.status_code == 204
    assert response["HX-Redirect"] == "/accounts/login/?next=/persons/"
    assert _told(client.get(response["HX-Redirect"]).content.decode())
    # The same request from a browser that never signed in: the same page, no notice.
    first = Client().get("/alerts/panel/", headers=asked)
    assert first["HX-Redirect"] == "/accounts/login/?next=/persons/"
    assert _silent(Client().get(first["HX-Redirect"]).content.decode())


def test_signing_in_again_after_the_notice_marks_the_new_session() -> None:
    client, user = _signed_in()
    sessions_end(user)
    assert _told(_sign_in_page_after(client))
    sign_in(client, user)
    assert client.get("/persons/").status_code == 200
    sessions_end(user)
    assert _told(_sign_in_page_after(client))
