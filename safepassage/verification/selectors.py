"""Verification reads: rules in force, requests the user may see, and whether one is cleared."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from safepassage.accounts.models import User
from safepassage.accounts.permissions import Capability, filter_visible, has_capability
from safepassage.audit.services import audit_view, audit_views
from safepassage.intel.access import persons_visible, places_visible, reads_cases
from safepassage.intel.models import UNSAFE_MEMBER_STATUSES
from safepassage.tracing.models import (
    AuthOutcome,
    AuthSecret,
    Contact,
    Person,
    PersonStatus,
    SecretKind,
)
from safepassage.verification.assessment import Rules
from safepassage.verification.models import (
    Approval,
    Assessment,
    RequestStatus,
    RescueRequest,
    RuleConfig,
)
from safepassage.verification.rules import DEFAULT_PARAMS, DEFAULT_THRESHOLD, DEFAULT_WEIGHTS

if TYPE_CHECKING:
    from safepassage.operations.models import Operation

REQUIRED_APPROVALS = 2

# She has arrived, is back with her family, has died or her case is closed: nobody is to be
# brought out.
NOT_HELD = frozenset(
    {PersonStatus.ARRIVED, PersonStatus.REUNITED, PersonStatus.DECEASED, PersonStatus.CLOSED}
)


def rules_current() -> tuple[RuleConfig | None, Rules]:
    """The rules in force: the newest saved version over the defaults."""
    config = RuleConfig.objects.order_by("-changed_at").first()
    if config is None:
        return None, Rules(dict(DEFAULT_WEIGHTS), dict(DEFAULT_PARAMS), DEFAULT_THRESHOLD)
    return config, Rules(
        {**DEFAULT_WEIGHTS, **{k: int(v) for k, v in config.weights.items()}},
        {**DEFAULT_PARAMS, **{k: float(v) for k, v in config.params.items()}},
        config.threshold,
    )


def rules_history(*, user: User, limit: int = 50) -> list[RuleConfig]:
    if not has_capability(user, Capability.APPROVE) or user.is_decoy:
        return []
    return list(RuleConfig.objects.select_related("changed_by")[:limit])


def assessment_current(request: RescueRequest) -> Assessment | None:
    return request.assessments.order_by("-created_at").first()


def approval_is_valid(approval: Approval, current: Assessment) -> bool:
    """An approval covers the current assessment unless new evidence added to the risk."""
    approved = approval.assessment
    return approved.total >= current.total and set(current.factor_codes) <= set(
        approved.factor_codes
    )


def approver_trusted(user: User) -> bool:
    """Does an approval by this account count? Not once the account is locked (a duress
    sign-in, a captured member, an administrator's lock), deactivated or a decoy, nor while its
    member is marked compromised, captured, missing or killed: the other side may hold the
    account, and may have approved with it. (``user.member`` is best loaded with it.)"""
    if not user.is_active or user.is_locked or user.is_decoy:
        return False
    member = getattr(user, "member", None)
    return member is None or member.status not in UNSAFE_MEMBER_STATUSES


def approval_counts(request: RescueRequest, current: Assessment) -> tuple[set[Any], list[Approval]]:
    """The distinct trusted approvers whose approval still covers ``current``, and all
    approvals."""
    approvals = list(request.approvals.select_related("assessment", "approver", "approver__member"))
    valid = {
        a.approver_id
        for a in approvals
        if approval_is_valid(a, current) and approver_trusted(a.approver)
    }
    return valid, approvals


def request_is_cleared(request: RescueRequest) -> bool:
    """May an operation start on this request? (Called by the operations app.)

    Yes when the current assessment is at or below the threshold, or two different
    coordinators approved it (and no new factor has appeared since).
    """
    if request.status != RequestStatus.OPEN:
        return False
    current = assessment_current(request)
    if current is None:
        return False
    if not current.needs_approval:
        return True
    approvers, _ = approval_counts(request, current)
    return len(approvers) >= REQUIRED_APPROVALS


def requests_cleared(requests: Sequence[RescueRequest]) -> dict[Any, bool]:
    """:func:`request_is_cleared` for many requests at once (by id), in three queries
    whatever their number: for a list that shows each one's state."""
    ids = [r.pk for r in requests]
    newest = Assessment.objects.filter(request=OuterRef("pk")).order_by("-created_at")
    current_ids = dict(
        RescueRequest.objects.filter(pk__in=ids)
        .annotate(current=Subquery(newest.values("pk")[:1]))
        .values_list("pk", "current")
    )
    current = Assessment.objects.in_bulk([c for c in current_ids.values() if c is not None])
    approvals: dict[Any, list[Approval]] = {}
    for approval in Approval.objects.filter(request_id__in=ids).select_related(
        "assessment", "approver", "approver__member"
    ):
        approvals.setdefault(approval.request_id, []).append(approval)
    cleared: dict[Any, bool] = {}
    for request in requests:
        assessment = current.get(current_ids.get(request.pk))
        if request.status != RequestStatus.OPEN or assessment is None:
            cleared[request.pk] = False
            continue
        approvers = {
            a.approver_id
            for a in approvals.get(request.pk, [])
            if approval_is_valid(a, assessment) and approver_trusted(a.approver)
        }
        cleared[request.pk] = not assessment.needs_approval or len(approvers) >= REQUIRED_APPROVALS
    return cleared


def approval_awaited(request: RescueRequest, current: Assessment | None) -> bool:
    """Does the request wait for coordinators' approvals, ``current`` being its current
    assessment? Yes while it is open, above the threshold and not yet approved by two
    (what an "approval needed" alert about it says)."""
    if request.status != RequestStatus.OPEN or current is None or not current.needs_approval:
        return False
    approvers, _ = approval_counts(request, current)
    return len(approvers) < REQUIRED_APPROVALS


def operations_carrying(request: RescueRequest) -> list[Operation]:
    """The approved or underway operations that carry this request (for coordinators: closing
    the request leaves them unable to start or to reach her, so they must be told)."""
    from safepassage.operations.models import FIELD_VISIBLE_STATUSES, Operation

    return list(
        Operation.objects.filter(
            persons__rescue_request=request,
            status__in=[s.value for s in FIELD_VISIBLE_STATUSES],
        )
        .distinct()
        .order_by("codename")
    )


def requests_visible(user: User) -> QuerySet[RescueRequest]:
    if not reads_cases(user):
        return RescueRequest.objects.none()
    if has_capability(user, Capability.CASES_ALL):
        return RescueRequest.objects.all()
    granted = filter_visible(RescueRequest.objects.all(), user).values("pk")
    return RescueRequest.objects.filter(
        Q(pk__in=granted) | Q(person__in=persons_visible(user).values("pk"))
    )


@dataclass(frozen=True)
class ApprovalView:
    approval: Approval
    valid: bool
    # It would count but for its approver (account locked, member compromised...).
    untrusted: bool = False


@dataclass(frozen=True)
class RequestView:
    """Everything the request page shows: the assessment, its history and the approvals."""

    request: RescueRequest
    current: Assessment | None
    history: list[Assessment]
    approvals: list[ApprovalView]
    approvers: int
    cleared: bool
    # Her record, when the user may see it (need-to-know); None otherwise.
    person: Person | None = None

    @property
    def approvals_needed(self) -> int:
        if self.current is None or not self.current.needs_approval:
            return 0
        return max(0, REQUIRED_APPROVALS - self.approvers)


EVIDENCE_WITHHELD = _("Details are shown to coordinators only.")


def _persons_shown(user: User, requests: list[RescueRequest]) -> set[Any]:
    """Ids of the persons of these requests that the user may see (a request can be granted
    to someone who is not, or no longer, granted her record)."""
    ids = {r.person_id for r in requests}
    if not ids or not reads_cases(user):
        return set()
    if has_capability(user, Capability.CASES_ALL):
        return ids
    return set(persons_visible(user).filter(pk__in=ids).values_list("pk", flat=True))


def request_view(
    request: RescueRequest, *, user: User, person_shown: bool | None = None
) -> RequestView:
    """The request page's content. Evidence can name incidents, members and places beyond a
    caseworker's grants, so only coordinators (who see every case) get the evidence lines.
    Her record is attached only when the user may see it (``person_shown``; worked out here
    when not given)."""
    if person_shown is None:
        person_shown = request.person_id in _persons_shown(user, [request])
        if person_shown:
            audit_view(actor=user, objects=[request.person])
    history = list(request.assessments.order_by("-created_at"))
    if not has_capability(user, Capability.CASES_ALL):
        for assessment in history:
            assessment.factors = [
                {**factor, "evidence": [str(EVIDENCE_WITHHELD)]} for factor in assessment.factors
            ]
    current = history[0] if history else None
    approvals: list[ApprovalView] = []
    approvers: set[Any] = set()
    if current is not None:
        approvers, all_approvals = approval_counts(request, current)
        approvals = [
            ApprovalView(
                a,
                approval_is_valid(a, current) and approver_trusted(a.approver),
                untrusted=not approver_trusted(a.approver),
            )
            for a in all_approvals
        ]
    return RequestView(
        request=request,
        current=current,
        history=history,
        approvals=approvals,
        approvers=len(approvers),
        cleared=request_is_cleared(request),
        person=request.person if person_shown else None,
    )


def request_places_shown(*, user: User, request: RescueRequest) -> frozenset[Any]:
    """The ids of the request's pick-up place and of where she says she is that the user may
    see: a secret place (a safe house) follows its own grants, which a user who may see the
    request, or her, does not have for that."""
    ids = {request.pickup_place_id, request.stated_place_id} - {None}
    if not ids or not reads_cases(user):
        return frozenset()
    return frozenset(places_visible(user).filter(pk__in=ids).values_list("pk", flat=True))


def request_get_for_user(*, user: User, request_id: Any) -> RescueRequest:
    try:
        request = (
            requests_visible(user)
            .select_related("person", "pickup_place", "stated_place", "stated_holder")
            .get(pk=uuid.UUID(str(request_id)))
        )
    except (ValueError, TypeError, RescueRequest.DoesNotExist) as exc:
        raise Http404 from exc
    audit_view(actor=user, objects=[request])
    return request


def requests_for_person(*, user: User, person: Person) -> list[RequestView]:
    found = sorted(
        requests_visible(user).filter(person=person).order_by(),
        key=lambda r: r.created_at,
        reverse=True,
    )
    shown = _persons_shown(user, found)
    audit_view(actor=user, objects=found)
    return [request_view(r, user=user, person_shown=r.person_id in shown) for r in found]


def requests_for_user(*, user: User, waiting_only: bool = False) -> list[RequestView]:
    """Open requests the user may see; ``waiting_only``: those not cleared (the queue)."""
    found = list(
        requests_visible(user)
        .filter(status=RequestStatus.OPEN)
        .select_related("person", "pickup_place")[:200]
    )
    shown = _persons_shown(user, found)
    views = [request_view(r, user=user, person_shown=r.person_id in shown) for r in found]
    if waiting_only:
        views = [v for v in views if not v.cleared]
    # Showing her names is a view of her record: audited with the requests.
    audit_views(
        actor=user,
        groups=[found, list({v.person.pk: v.person for v in views if v.person}.values())],
    )
    return views


def requests_waiting_count(*, user: User) -> int:
    """How many open requests wait for approval (a count only: nothing is shown)."""
    if not has_capability(user, Capability.APPROVE) or user.is_decoy:
        return 0
    requests = RescueRequest.objects.filter(status=RequestStatus.OPEN).prefetch_related(
        "assessments"
    )
    return sum(1 for r in requests if not request_is_cleared(r))


def _contact_choice_label(contact: Contact, *, all_clear_agreed: bool) -> SafeString:
    outcome = format_html("{}: {}", gettext("Authentication"), contact.get_auth_outcome_display())
    if contact.auth_outcome == AuthOutcome.FAILED:
        outcome = format_html('<strong class="error">{}</strong>', outcome)
    flags = [outcome]
    if contact.duress_word_used:
        flags.append(format_html('<strong class="error">{}</strong>', gettext("DURESS WORD USED")))
    if all_clear_agreed and contact.all_clear_given is not True:
        flags.append(format_html('<strong class="error">{}</strong>', gettext("all-clear missing")))
    return format_html(
        "<bdi>{}</bdi> — {} · {}",
        timezone.localtime(contact.occurred_at).strftime("%Y-%m-%d %H:%M"),
        contact.get_channel_display(),
        format_html_join(" · ", "{}", ((f,) for f in flags)),
    )


def request_contact_choices(*, person: Person) -> list[tuple[str, str]]:
    """Her contacts, newest first, for the request form: each with its authentication
    outcome and warnings, so nobody ticks the one good contact among coerced calls blindly.
    (The caller has already resolved ``person`` for the user.)"""
    agreed = list(
        AuthSecret.objects.filter(person=person, kind=SecretKind.ALL_CLEAR_WORD).values_list(
            "created_at", "retired_at"
        )
    )
    return contact_choices(list(person.contacts.order_by("-occurred_at")), agreed=agreed)


def contact_choices(
    contacts: list[Contact], *, agreed: list[tuple[datetime.datetime, datetime.datetime | None]]
) -> list[tuple[str, str]]:
    """:func:`request_contact_choices` of these contacts (newest first), given when each of
    her all-clear words was in force."""
    return [
        (
            str(c.pk),
            _contact_choice_label(
                c,
                all_clear_agreed=any(
                    created <= c.occurred_at and (retired is None or retired > c.occurred_at)
                    for created, retired in agreed
                ),
            ),
        )
        for c in contacts
    ]
