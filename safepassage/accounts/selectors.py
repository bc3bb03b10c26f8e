"""Account reads for administrators (no case content here)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from safepassage.accounts.models import Role, User
from safepassage.accounts.permissions import Capability, has_capability


def users_for_admin(*, user: User) -> QuerySet[User]:
    if user.is_decoy or not has_capability(user, Capability.ACCOUNTS_MANAGE):
        return User.objects.none()
    return User.objects.filter(is_decoy=False).order_by("username")


def user_ids_lockable(*, user: User, users: Iterable[User]) -> set[Any]:
    """Which of ``users`` the administrator may lock (``user_set_locked``'s rule): not
    their own account, and not the last active administrator."""
    administrators = list(
        User.objects.filter(
            role=Role.ADMINISTRATOR, is_active=True, is_locked=False, is_decoy=False
        ).values_list("pk", flat=True)[:2]
    )
    last = administrators[0] if len(administrators) == 1 else None
    return {u.pk for u in users if not u.is_locked and u.pk not in (user.pk, last)}


def user_get_for_admin(*, user: User, user_id: str) -> User:
    try:
        return users_for_admin(user=user).get(pk=user_id)
    except (User.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    except Exception as exc:
        from django.core.exceptions import ValidationError

        if isinstance(exc, ValidationError):
            raise Http404 from exc
        raise
