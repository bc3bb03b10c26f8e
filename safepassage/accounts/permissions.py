"""The access model of Safe Passage, in one place.

Three layers decide whether a user sees or changes something:

1. **Every view declares its access rule** (``@access(...)`` on a function, ``access_rule`` on a
   class). ``AccessPolicyMiddleware`` refuses, with a 404, any view that declares none: new
   code is closed until someone decides who may use it. API views are checked by
   ``api.permissions.DenyByDefault`` with the same :func:`rule_allows`.
2. **Roles grant capabilities** (:data:`ROLE_CAPABILITIES`). An analyst has statistics and
   nothing personal; an auditor has the audit log only; an administrator manages accounts and
   never sees case content.
3. **Need-to-know on records.** Beyond the role, a user sees a sensitive record only when it
   is assigned or shared with them (a :class:`~safepassage.accounts.models.Grant`).
   Coordinators run the network and see every case (``cases.all``). Every selector filters
   with :func:`filter_visible` or checks :func:`can_access_record`; a record outside a user's
   reach is "not found" (404), never "forbidden", so its existence does not leak.

A **decoy** session (opened with a duress password) keeps the role's read capabilities so the
screens look normal, sees no record at all, and cannot write anything. Where a refusal would
give it away (a new person and what is entered on her pages, a new place, holder or member,
a new account, the testimony export), the service's checks run as usual and the page answers
as if it had saved, writing nothing (what it "saved" is kept sealed in the decoy's session:
``accounts/decoy.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from rest_framework.request import Request

from safepassage.accounts.models import Grant, Role, User


class Capability(StrEnum):
    CASES_READ = "cases.read"
    CASES_WRITE = "cases.write"
    CASES_ALL = "cases.all"
    OPERATIONS_FIELD = "operations.field"
    OPERATIONS_MANAGE = "operations.manage"
    APPROVE = "verification.approve"
    ALERTS = "alerts"
    STATISTICS = "statistics"
    AUDIT_READ = "audit.read"
    ACCOUNTS_MANAGE = "accounts.manage"


C = Capability
ROLE_CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.COORDINATOR: frozenset(
        {
            C.CASES_READ,
            C.CASES_WRITE,
            C.CASES_ALL,
            C.OPERATIONS_FIELD,
            C.OPERATIONS_MANAGE,
            C.APPROVE,
            C.ALERTS,
            C.STATISTICS,
        }
    ),
    Role.CASEWORKER: frozenset({C.CASES_READ, C.CASES_WRITE, C.STATISTICS}),
    Role.LIAISON: frozenset({C.CASES_READ, C.CASES_WRITE}),
    Role.FIELD: frozenset({C.OPERATIONS_FIELD}),
    Role.ANALYST: frozenset({C.STATISTICS}),
    Role.AUDITOR: frozenset({C.AUDIT_READ}),
    Role.ADMINISTRATOR: frozenset({C.ACCOUNTS_MANAGE}),
}
WRITE_CAPABILITIES = frozenset({C.CASES_WRITE, C.OPERATIONS_MANAGE, C.APPROVE, C.ACCOUNTS_MANAGE})


class ActionRefused(Exception):
    """A service refused an action for lack of rights (shown to the user as a plain message)."""


def _active(user: Any) -> bool:
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and user.is_active
        and (user.is_decoy or not user.is_locked)
    )


def capabilities(user: Any) -> frozenset[Capability]:
    if not _active(user):
        return frozenset()
    return ROLE_CAPABILITIES.get(user.role, frozenset())


def has_capability(user: Any, capability: Capability) -> bool:
    return capability in capabilities(user)


def require_capability(actor: User, capability: Capability) -> None:
    """For services: refuse an action the actor's role does not allow (decoys write nothing)."""
    if capability not in capabilities(actor) or (
        actor.is_decoy and capability in WRITE_CAPABILITIES
    ):
        raise ActionRefused("You cannot do this.")


# --- need-to-know on records ---------------------------------------------------------------

M = TypeVar("M", bound=Model)


def _grants_for(user: User, model: type[Model]) -> QuerySet[Grant]:
    now = timezone.now()
    return Grant.objects.filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=now),
        user=user,
        content_type=ContentType.objects.get_for_model(model),
    )


def _reads_records(user: User) -> bool:
    return bool(
        _active(user)
        and not user.is_decoy
        and capabilities(user) & {C.CASES_READ, C.OPERATIONS_FIELD, C.ALERTS}
    )


def sees_every_record(user: User) -> bool:
    """Whether need-to-know lets the user see every sensitive record, without a grant."""
    return _reads_records(user) and has_capability(user, C.CASES_ALL)


def filter_visible(queryset: QuerySet[M], user: User) -> QuerySet[M]:
    """Narrow a queryset of sensitive records to those the user may see."""
    if not _reads_records(user):
        return queryset.none()
    if has_capability(user, C.CASES_ALL):
        return queryset
    ids = _grants_for(user, queryset.model).values("object_id")
    return queryset.filter(pk__in=ids)


def can_access_record(user: User, obj: Model) -> bool:
    return filter_visible(type(obj)._default_manager.filter(pk=obj.pk), user).exists()


def get_visible_or_404(queryset: QuerySet[M], user: User, pk: Any) -> M:
    """Return the record if the user may see it; otherwise 404 as if it did not exist."""
    try:
        return filter_visible(queryset, user).get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
    except Exception as exc:  # an invalid UUID string raises ValidationError
        from django.core.exceptions import ValidationError

        if isinstance(exc, ValidationError):
            raise Http404 from exc
        raise


# --- view access rules -----------------------------------------------------------------------


@dataclass(frozen=True)
class AccessRule:
    """Who may open a view: anyone (``public``), or a verified user with a capability."""

    public: bool = False
    capability: Capability | None = None
    # Pages every signed-in, verified user has (dashboard, own settings, logout).
    any_verified_user: bool = False


def rule_allows(user: Any, rule: AccessRule) -> bool:
    if rule.public:
        return True
    if not _active(user):
        return False
    is_verified = getattr(user, "is_verified", None)
    if callable(is_verified) and not is_verified():
        return False
    if rule.any_verified_user:
        return True
    return rule.capability is not None and has_capability(user, rule.capability)


F = TypeVar("F", bound=Callable[..., Any])


def access(
    *,
    public: bool = False,
    capability: Capability | None = None,
    any_verified_user: bool = False,
) -> Callable[[F], F]:
    """Declare a function view's access rule (the middleware refuses views without one)."""
    rule = AccessRule(public=public, capability=capability, any_verified_user=any_verified_user)

    def decorate(view: F) -> F:
        view.access_rule = rule  # type: ignore[attr-defined]
        return view

    return decorate


def request_user(request: HttpRequest | Request) -> User:
    """The signed-in user of a request that passed its access rule (pages and API alike)."""
    return request.user  # type: ignore[return-value]


def rule_of(view: Any) -> AccessRule | None:
    """Find the declared rule of a function view, a class-based view or a DRF view."""
    for candidate in (view, getattr(view, "view_class", None), getattr(view, "cls", None)):
        rule = getattr(candidate, "access_rule", None)
        if isinstance(rule, AccessRule):
            return rule
    return None
