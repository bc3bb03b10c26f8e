"""A decoy session's pretend rescue requests: recorded for its pretend persons, never saved.

A decoy's pretend person's page offers a rescue request as a real one does; refusing it
would give the decoy away. The service checks it as a real one (``services.request_pretend``)
and what was entered is kept sealed in the decoy's session only, with its trap check worked
out on what that session holds (``assessment.evaluate_pretend``: her pretend contacts, words,
links and location reports; nothing of the network's records). Its page then opens as a real
request's does, and her person page lists it. A decoy coordinator approves or closes it as a
real one would (``services.request_approve_pretend``, ``services.request_close_pretend``):
kept here too, and shown on its page. :func:`request_record` and :func:`approve` are the
saves the pages and the API share. One that waits for approvals raises its "Approval needed"
alert, retired once it no longer waits, as a real one's (:mod:`safepassage.operations.decoy`).
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Sequence
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone

from safepassage.accounts import decoy as sealed
from safepassage.accounts.models import User
from safepassage.accounts.permissions import Capability, has_capability
from safepassage.intel import decoy as intel_decoy
from safepassage.tracing import decoy as tracing_decoy
from safepassage.tracing.models import Contact, Person, PersonLinkKind
from safepassage.verification import services
from safepassage.verification.assessment import codes, evaluate_pretend
from safepassage.verification.models import Approval, Assessment, RequestStatus, RescueRequest
from safepassage.verification.selectors import (
    EVIDENCE_WITHHELD,
    REQUIRED_APPROVALS,
    ApprovalView,
    RequestView,
    approval_is_valid,
    rules_current,
)

SLOT = "verification.request"
_FIELDS = (
    "pickup_coordinates",
    "pickup_text",
    "children_count",
    "urgency_claimed",
    "holder_away_claimed",
    "pickup_at_captive_location",
    "network_chosen_meeting_point",
    "notes",
    "status",
)
# What a request links to by id: its own pretend places and holder.
_PLACES = ("pickup_place", "stated_place")
_HOLDER = "stated_holder"


def remember(request: HttpRequest, rescue: RescueRequest, contacts: list[Contact]) -> None:
    """Keep a decoy's pretend request (checked by ``request_pretend``) and assess it."""
    summary: dict[str, Any] = {
        **{name: getattr(rescue, name) for name in _FIELDS},
        "person": str(rescue.person_id),
        **{
            name: str(getattr(rescue, f"{name}_id")) if getattr(rescue, f"{name}_id") else None
            for name in (*_PLACES, _HOLDER)
        },
        "contacts": [str(c.pk) for c in contacts],
        "created_at": rescue.created_at.isoformat(),
        "assessments": [],
    }
    _assess(request, str(rescue.pk), summary, trigger="created")


def _rescue(
    request: HttpRequest, request_id: str, summary: dict[str, Any], person: Person, by: User
) -> RescueRequest:
    # Its linked pretend records still in the session (a pretend row is not looked up).
    rescue = RescueRequest(
        id=uuid.UUID(request_id),
        person=person,
        requested_by=by,
        **{name: intel_decoy.place(request, summary.get(name)) for name in _PLACES},
        stated_holder=intel_decoy.holder(request, summary.get(_HOLDER)),
        **{name: summary[name] for name in _FIELDS},
    )
    rescue.created_at = datetime.datetime.fromisoformat(summary["created_at"])
    return rescue


def _awaited(request: HttpRequest, request_id: str) -> bool:
    """Whether its pretend request waits for approvals now (as ``approval_awaited`` reads a
    real one): open, its current assessment above the threshold, not approved by enough."""
    found = page(request, request_id)
    if found is None:
        return False
    rescue, view = found
    return (
        rescue.status == RequestStatus.OPEN
        and view.current is not None
        and view.current.needs_approval
        and view.approvers < REQUIRED_APPROVALS
    )


def _alert_follow(request: HttpRequest, request_id: str, *, awaited_before: bool) -> None:
    """Keep its "Approval needed" alert about a pretend request true after what just happened
    to it, as ``services._approval_alert_follow`` keeps a real one's: raised when it newly
    waits (unless one about it is open still: one acknowledged while it waits is not raised
    again by the next assessment), retired once it no longer waits."""
    from safepassage.operations import decoy as operations_decoy
    from safepassage.operations.models import AlertKind

    found = page(request, request_id)
    if found is None:
        return
    rescue, view = found
    if _awaited(request, request_id):
        current = view.current
        if (
            current is not None
            and not awaited_before
            and not operations_decoy.open_exists(request, kind=AlertKind.APPROVAL, subject=rescue)
        ):
            operations_decoy.raise_alert(
                request,
                kind=AlertKind.APPROVAL,
                key="request_needs_approval",
                params={"total": current.total, "threshold": current.threshold},
                subject=rescue,
            )
        return
    why = (
        "the rescue request was closed"
        if rescue.status != RequestStatus.OPEN
        else "a new assessment put the rescue request at or below the threshold"
    )
    operations_decoy.resolve(
        request,
        kind=AlertKind.APPROVAL,
        subject=rescue,
        note=f"Resolved by the system: {why}.",
    )
    if awaited_before:  # the "cannot start" alert of its operations that waited for it too
        operations_decoy.blocked_follow(request, rescue)


def _assess(request: HttpRequest, request_id: str, summary: dict[str, Any], trigger: str) -> None:
    person = tracing_decoy.person(request, summary["person"])
    if person is None:
        return
    awaited_before = _awaited(request, request_id)
    user: User = request.user  # type: ignore[assignment]
    rescue = _rescue(request, request_id, summary, person, user)
    everyone = tracing_decoy.contacts(request, person.pk)
    config, rules = rules_current()
    total, factors = evaluate_pretend(
        rescue,
        rules,
        contacts=[c for c in everyone if str(c.pk) in summary["contacts"]],
        everyone=everyone,
        agreed=tracing_decoy.all_clear_periods(request, person.pk),
        children_linked=sum(
            1
            for link in tracing_decoy.links(request, person.pk)
            if link.kind == PersonLinkKind.CHILD
        ),
        reports=intel_decoy.reports_for_person(request, person),
        incidents=intel_decoy.incidents_all(request),
        every_report=intel_decoy.reports_all(request),
    )
    summary["assessments"].append(
        {
            "rules": str(config.pk) if config is not None else None,
            "total": total,
            "threshold": rules.threshold,
            "factors": factors,
            "trigger": trigger[:40],
            "at": timezone.now().isoformat(),
        }
    )
    sealed.keep(request, SLOT, request_id, summary)
    _alert_follow(request, request_id, awaited_before=awaited_before)


def assess_again(request: HttpRequest, *, person: Person | None, trigger: str) -> None:
    """New pretend evidence about her (None: about no one, as an incident): her (every) open
    pretend requests are assessed again."""
    for request_id in sealed.kept_ids(request, SLOT):
        summary = sealed.find(request, SLOT, request_id)
        if (
            summary is not None
            and (person is None or summary["person"] == str(person.pk))
            and summary["status"] == RequestStatus.OPEN
        ):
            _assess(request, request_id, summary, trigger)


def recompute(request: HttpRequest, request_id: Any) -> bool:
    """ "Assess again" on a pretend request; False when this session has no such request."""
    summary = sealed.find(request, SLOT, request_id)
    if summary is None:
        return False
    _assess(request, str(uuid.UUID(str(request_id))), summary, trigger="manual")
    return True


def _view(
    request: HttpRequest, request_id: str, summary: dict[str, Any]
) -> tuple[RescueRequest, RequestView] | None:
    person = tracing_decoy.person(request, summary["person"])
    if person is None:
        return None
    user: User = request.user  # type: ignore[assignment]
    rescue = _rescue(request, request_id, summary, person, tracing_decoy.shown_as(user))
    withheld = not has_capability(user, Capability.CASES_ALL)
    made: list[Assessment] = []  # oldest first, as kept
    for number, data in enumerate(summary["assessments"]):
        factors = data["factors"]
        if withheld:
            factors = [{**f, "evidence": [str(EVIDENCE_WITHHELD)]} for f in factors]
        assessment = Assessment(
            id=sealed.derived_id(request_id, "assessment", number),  # the same each reading
            request=rescue,
            rules_id=uuid.UUID(data["rules"]) if data["rules"] else None,
            total=data["total"],
            threshold=data["threshold"],
            factor_codes=codes(factors),
            factors=factors,
            trigger=data["trigger"],
        )
        assessment.created_at = datetime.datetime.fromisoformat(data["at"])
        made.append(assessment)
    history = list(reversed(made))
    current = history[0] if history else None
    approvals: list[ApprovalView] = []
    for data in summary.get("approvals", []):
        approval = Approval(
            id=uuid.UUID(data["id"]),
            request=rescue,
            assessment=made[data["assessment"]],
            approver=rescue.requested_by,  # her codename, as on everything it "saved"
            reason=data["reason"],
        )
        approval.created_at = datetime.datetime.fromisoformat(data["at"])
        approvals.append(
            ApprovalView(approval, current is not None and approval_is_valid(approval, current))
        )
    # Every pretend approval is the decoy's own: one approver at most, as one coordinator.
    approvers = 1 if any(a.valid for a in approvals) else 0
    view = RequestView(
        request=rescue,
        current=current,
        history=history,
        approvals=approvals,
        approvers=approvers,
        cleared=rescue.status == RequestStatus.OPEN
        and current is not None
        and (not current.needs_approval or approvers >= REQUIRED_APPROVALS),
        person=person,
    )
    return rescue, view


def page(request: HttpRequest, request_id: Any) -> tuple[RescueRequest, RequestView] | None:
    """A pretend request of this decoy session and its page's content, or None."""
    summary = sealed.find(request, SLOT, request_id)
    if summary is None:
        return None
    return _view(request, str(uuid.UUID(str(request_id))), summary)


def approval_keep(request: HttpRequest, approval: Approval) -> None:
    """Keep a decoy's approval (checked by ``request_approve_pretend``) of its pretend
    request's current assessment (the newest kept)."""
    summary = sealed.find(request, SLOT, approval.request_id)
    if summary is None or not summary["assessments"]:
        return
    summary.setdefault("approvals", []).append(
        {
            "id": str(approval.pk),
            "assessment": len(summary["assessments"]) - 1,
            "reason": approval.reason,
            "at": approval.created_at.isoformat(),
        }
    )
    sealed.keep(request, SLOT, approval.request_id, summary)


def status_keep(request: HttpRequest, rescue: RescueRequest) -> None:
    """Keep a pretend request's new status (closed by ``request_close_pretend``): it is no
    longer assessed again, as a real closed request is not."""
    summary = sealed.find(request, SLOT, rescue.pk)
    if summary is None:
        return
    summary["status"] = rescue.status
    sealed.keep(request, SLOT, rescue.pk, summary)
    _alert_follow(request, str(rescue.pk), awaited_before=True)  # its alert retired


def places_shown(rescue: RescueRequest) -> frozenset[Any]:
    """The ids of its pretend request's pick-up place and of where she says she is: its own
    pretend places, every one shown (as ``selectors.request_places_shown`` those a real user
    may see)."""
    return frozenset({rescue.pickup_place_id, rescue.stated_place_id} - {None})


def contacts_count(request: HttpRequest, request_id: Any) -> int:
    """How many of her contacts a pretend request rests on."""
    summary = sealed.find(request, SLOT, request_id)
    return len(summary["contacts"]) if summary is not None else 0


def requests_for_person(request: HttpRequest, *, person: Person) -> list[RequestView]:
    """Her pretend requests in this decoy session, newest first (as her page lists them)."""
    views: list[RequestView] = []
    for request_id in sealed.kept_ids(request, SLOT):
        summary = sealed.find(request, SLOT, request_id)
        if summary is not None and summary["person"] == str(person.pk):
            found = _view(request, request_id, summary)
            if found is not None:
                views.append(found[1])
    return sorted(views, key=lambda v: v.request.created_at, reverse=True)


def waiting(request: HttpRequest) -> list[RequestView]:
    """This decoy session's open pretend requests that wait for approvals, newest first (as
    the approval queue and the dashboard count a real coordinator's)."""
    return open_requests(request, waiting_only=True)


def page_or_404(request: HttpRequest, request_id: Any) -> tuple[RescueRequest, RequestView]:
    """:func:`page`; 404 for any other id, as for a request a real user may not see."""
    found = page(request, request_id)
    if found is None:
        raise Http404
    return found


def open_requests(request: HttpRequest, *, waiting_only: bool = False) -> list[RequestView]:
    """This decoy session's open pretend requests, newest first, as a real list has them
    (``waiting_only``: those not cleared, the queue)."""
    views: list[RequestView] = []
    for request_id in sealed.kept_ids(request, SLOT):
        summary = sealed.find(request, SLOT, request_id)
        if summary is not None and summary["status"] == RequestStatus.OPEN:
            found = _view(request, request_id, summary)
            if found is not None and not (waiting_only and found[1].cleared):
                views.append(found[1])
    return sorted(views, key=lambda v: v.request.created_at, reverse=True)


def request_record(
    request: HttpRequest,
    *,
    actor: User,
    person: Person,
    contacts: Sequence[Any] = (),
    pickup_place: Any = None,
    stated_place: Any = None,
    stated_holder: Any = None,
    **values: Any,
) -> RescueRequest:
    """A decoy's rescue request for its pretend person, as the page and the API record a
    real one: the ids named resolved in the same order (her pretend contacts, its own pretend
    places and holder; any other is unknown, as one a real user may not see), the real checks
    (``request_pretend``), then kept and assessed on what this session holds."""
    everyone = tracing_decoy.contacts(request, person.pk)
    ticked = [
        found
        for found in (intel_decoy.pick(everyone, c, "contacts", "contact") for c in contacts)
        if found is not None
    ]
    pickup = (
        intel_decoy.place_resolve(request, pickup_place, "pickup_place") if pickup_place else None
    )
    where = (
        intel_decoy.place_resolve(request, stated_place, "stated_place") if stated_place else None
    )
    held_by = (
        intel_decoy.holder_resolve(request, stated_holder, "stated_holder")
        if stated_holder
        else None
    )
    rescue = services.request_pretend(
        actor=actor,
        person=person,
        contacts=ticked,
        pickup_place=pickup,
        stated_place=where,
        stated_holder=held_by,
        reports=intel_decoy.reports_for_person(request, person),
        **values,
    )
    remember(request, rescue, ticked)
    return rescue


def approve(
    request: HttpRequest, *, actor: User, rescue: RescueRequest, view: RequestView, reason: str
) -> Approval:
    """A decoy coordinator's approval of its pretend request (``view``: its page), checked
    as a real approval (``request_approve_pretend``: one approval each), then kept."""
    approval = services.request_approve_pretend(
        actor=actor,
        request=rescue,
        current=view.current,
        approved_already=any(a.valid for a in view.approvals),
        reason=reason,
    )
    approval_keep(request, approval)
    return approval
