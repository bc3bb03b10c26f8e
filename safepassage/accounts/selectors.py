"""Account reads for administrators (no case content here)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from safepassage.accounts.models import User
from safepassage.accounts.permissions import Capability, has_capability


def users_for_admin(*, user: User) -> QuerySet[User]:
    if user.is_decoy or not has_capability(user, Capability.ACCOUNTS_MANAGE):
        return User.objects.none()
    return User.objects.filter(is_decoy=False).order_by("username")


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
