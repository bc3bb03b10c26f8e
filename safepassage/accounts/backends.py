"""Authentication backend used to attach users to sessions.

Sign-in itself (throttling, duress, uniform failures) is in ``services.login_password_step``;
this backend only restores the user of an existing session and refuses locked accounts.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import BaseBackend
from django.http import HttpRequest

from safepassage.accounts.models import User


class ThrottledModelBackend(BaseBackend):
    def authenticate(self, request: HttpRequest | None, **credentials: Any) -> None:
        # Credentials are checked only through the sign-in service.
        return None

    def get_user(self, user_id: Any) -> User | None:
        # Every signed-in request runs this: a slice, not first(), which would add ORDER BY.
        found = list(User.objects.select_related("decoy_of").filter(pk=user_id)[:1])
        user = found[0] if found else None
        if user is None or not user.is_active:
            return None
        if user.is_locked and not user.is_decoy:
            return None  # a locked account's sessions end at once
        return user
