"""API authentication: personal tokens (``Authorization: Bearer sp_…``) or a verified session."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from safepassage.accounts.models import User
from safepassage.accounts.services import api_token_authenticate


class ApiTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[User, None] | None:
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header:
            return None
        parts = header.split()
        if len(parts) != 2 or parts[0] != self.keyword:
            raise exceptions.AuthenticationFailed(
                _("Use the header: Authorization: Bearer <token>.")
            )
        user = api_token_authenticate(parts[1])
        if user is None:
            raise exceptions.AuthenticationFailed(_("The token is invalid, expired or revoked."))
        user.is_verified = lambda: True  # type: ignore[attr-defined]  # a token is a second factor's output
        return user, None

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


class VerifiedSessionAuthentication(authentication.SessionAuthentication):
    """Session sign-in counts only after the TOTP step (django-otp marks it verified)."""

    def authenticate(self, request: Request) -> tuple[Any, None] | None:
        result = super().authenticate(request)
        if result is None:
            return None
        user = result[0]
        is_verified = getattr(user, "is_verified", None)
        if not callable(is_verified) or not is_verified():
            return None
        return result
