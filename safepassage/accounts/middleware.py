"""Deny by default, and send headers that keep pages from loading anything from elsewhere."""

from __future__ import annotations

import logging
import urllib.parse
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.views import redirect_to_login
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django_otp.middleware import OTPMiddleware as DjangoOTPMiddleware

from safepassage.accounts.endnotice import mark_signed_in
from safepassage.accounts.permissions import rule_allows, rule_of
from safepassage.accounts.signedin import row_by_pk
from safepassage.searches import address_without_search

logger = logging.getLogger(__name__)

# Pages load scripts, styles and images from this server only; nothing inline, no framing.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; object-src 'none'"
)


class AccessPolicyMiddleware:
    """Refuse every view that has not declared who may open it (see accounts/permissions.py)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        rule = rule_of(view_func)
        if rule is None:
            logger.error("view without an access rule refused: %s", view_func.__module__)
            raise Http404
        if getattr(view_func, "cls", None) is not None:
            return None  # API views: DRF authenticates tokens, then DenyByDefault applies it.
        if rule_allows(request.user, rule):
            return None
        is_verified = getattr(request.user, "is_verified", None)
        if not request.user.is_authenticated or (callable(is_verified) and not is_verified()):
            return _to_sign_in(request)
        raise Http404


RENEWED_KEY = "_renewed"
# Sent by sp.js with the requests a page makes by itself on a timer.
POLL_HEADER = "SP-Poll"


def _to_sign_in(request: HttpRequest) -> HttpResponse:
    """The sign-in page, then back. A part of a page asked by its script (its session ended
    while the page stayed open) sends the whole page there instead of showing the sign-in
    form inside it, and the page's case details leave the screen."""
    if request.headers.get("HX-Request") != "true":
        # Back to this page, but never to a name searched for in an old address (searches).
        return redirect_to_login(address_without_search(request), settings.LOGIN_URL)
    shown = urllib.parse.urlsplit(request.headers.get("HX-Current-URL", ""))
    back = shown.path if shown.path.startswith("/") and not shown.path.startswith("//") else "/"
    response = HttpResponse(status=204)
    # When the page was open on a session that has ended, the sign-in page says so
    # (accounts/endnotice.py): the browser's mark tells it, nothing in the address.
    response["HX-Redirect"] = redirect_to_login(back, settings.LOGIN_URL)["Location"]
    return response


class SessionRenewalMiddleware(SessionMiddleware):
    """Django's session middleware, renewing an idle session at most every minute or so.

    Saving the session on every request (``SESSION_SAVE_EVERY_REQUEST``) was a database write
    per page view. Here a session is saved when it changed, or when its last renewal is
    ``SESSION_RENEW_SECONDS`` old: it then ends between ``SESSION_COOKIE_AGE`` minus that and
    ``SESSION_COOKIE_AGE`` seconds after the last request, never later.

    A request the page sends by itself on a timer (the alerts panel's refresh, marked with the
    ``SP-Poll`` header by ``sp.js``) is not the person's activity and renews nothing: a
    dashboard left open on a phone still signs out after the idle time.
    """

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        session = getattr(request, "session", None)
        if request.headers.get(POLL_HEADER) == "1":
            return super().process_response(request, response)
        if session is not None and not session.is_empty():
            now = int(timezone.now().timestamp())
            renewed = session.get(RENEWED_KEY)  # loads it: an unknown key leaves it empty
            if not session.is_empty() and (
                not isinstance(renewed, int)
                or not 0 <= now - renewed < settings.SESSION_RENEW_SECONDS
            ):
                session[RENEWED_KEY] = now
                if SESSION_KEY in session:
                    mark_signed_in(response)  # the end notice counts from the last renewal
        return super().process_response(request, response)


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            # Sensitive pages must not linger in a shared phone's cache.
            response["Cache-Control"] = "no-store"
        return response


class OTPMiddleware(DjangoOTPMiddleware):  # type: ignore[misc]  # django-otp has no types
    """django-otp's middleware, reading the session's code device in one prepared statement.

    django-otp still decides what the device is worth (``_finalize_device``): it must be the
    user's and confirmed, or the session forgets it.
    """

    def _device_from_persistent_id(self, persistent_id: str) -> Any:
        from safepassage.accounts.models import TOTPDevice

        label, _, device_id = self._normalize_persistent_id(persistent_id).rpartition("/")
        if label != TOTPDevice.model_label():
            return super()._device_from_persistent_id(persistent_id)
        try:
            return row_by_pk(TOTPDevice, int(device_id))
        except ValueError:
            return None
