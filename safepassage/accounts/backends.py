"""Authentication backend used to attach users to sessions.

Sign-in itself (throttling, duress, uniform failures) is in ``services.login_password_step``;
this backend only restores the user of an existing session and refuses locked accounts.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import BaseBackend
from django.http import HttpRequest

from safepassage.accounts.models import User
from safepassage.accounts.signedin import row_by_pk


class ThrottledModelBackend(BaseBackend):
    def authenticate(self, request: HttpRequest | None, **credentials: Any) -> None:
        # Credentials are checked only through the sign-in service.
        return None

    def get_user(self, user_id: Any) -> User | None:
        # Every signed-in request runs this: one prepared statement (see signedin.py). A
        # decoy's owner, whose codename the decoy's pages show, is read when first used.
        try:
            user = row_by_pk(User, user_id)
        except ValueError:
            return None
        if user is None or not user.is_active:
            return None
        if user.is_locked and not user.is_decoy:
            return None  # a locked account's sessions end at once
        return user
