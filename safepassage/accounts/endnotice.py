"""The sign-in page's "Your session ended" notice, and the mark in the browser it is read from.

A member whose session ended without her signing out (idle too long, or ended from elsewhere:
her account locked, a duress sign-in on another phone) is sent to the sign-in page and
should be told why. An ended session is gone from the database, and a session key the
server no longer knows tells nothing a stranger's browser could not send. So while she is
signed in, her browser holds a mark: a cookie signed with the Django secret, saying only
"signed in here" and when (renewed with the session), no account, no session key. It has no
expiry date, so the browser keeps it in memory for as long as it is open, like the session
cookie, and it is refused a day after the session could last have been renewed. Her own
sign-out removes it; the sign-in page tells her once, when it finds the mark and no session
signed in, and removes it. A first visit, or a link asking for the notice, finds no mark.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse

NOTICE_COOKIE = "sp_mark"
_SALT = "safepassage.accounts.endnotice"
_MARK = "signed-in"
# How long after the session's end the notice is still given.
NOTICE_SECONDS = 24 * 60 * 60


def mark_signed_in(response: HttpResponse) -> None:
    """Give the browser a fresh mark: a session is signed in there."""
    response.set_signed_cookie(
        NOTICE_COOKIE,
        _MARK,
        salt=_SALT,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Strict",
    )


def forget_mark(response: HttpResponse) -> None:
    response.delete_cookie(NOTICE_COOKIE, samesite="Strict")


def session_ended(request: HttpRequest) -> bool:
    """Whether a session signed in in this browser ended without its member signing out."""
    if request.user.is_authenticated:
        return False
    # The session was renewed at most ``SESSION_COOKIE_AGE`` before it ended.
    mark = request.get_signed_cookie(
        NOTICE_COOKIE,
        default=None,
        salt=_SALT,
        max_age=settings.SESSION_COOKIE_AGE + NOTICE_SECONDS,
    )
    return mark == _MARK
