"""API permissions: the same access rules as the pages (accounts/permissions.py)."""

from __future__ import annotations

from typing import Any

from rest_framework.exceptions import NotFound
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from safepassage.accounts.permissions import rule_allows, rule_of


class DenyByDefault(BasePermission):
    """Allow a view only when it declares an access rule and the user meets it."""

    def has_permission(self, request: Request, view: Any) -> bool:
        rule = rule_of(type(view))
        if rule is not None and rule_allows(request.user, rule):
            return True
        if request.user is not None and request.user.is_authenticated:
            raise NotFound  # as on the pages: what you may not use does not exist for you
        return False


class IsVerifiedUser(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        is_verified = getattr(user, "is_verified", None)
        return bool(
            user is not None and user.is_authenticated and callable(is_verified) and is_verified()
        )
