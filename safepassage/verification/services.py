"""Verification services: rescue requests, their assessments, approvals and the rules.

``request_approve`` and the selector ``request_is_cleared`` are what the operations app
calls before an operation may start.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from safepassage.accounts.decoy import pretend_clean, require_decoy_writer
from safepassage.accounts.models import User
from safepassage.accounts.permissions import (
    Capability,
    has_capability,
    require_capability,
)
from safepassage.audit.services import audit_record
from safepassage.intel.fields import normalise_digits
from safepassage.intel.geo import parse_coordinates
from safepassage.intel.models import Holder, LocationReport, Place
from safepassage.tracing.models import Contact, Person
from safepassage.verification.assessment import codes, evaluate
from safepassage.verification.models import (
    Approval,
    Assessment,
    RequestStatus,
    RescueRequest,
    RuleConfig,
)
from safepassage.verification.rules import FACTOR_BY_CODE, MAX_THRESHOLD, MAX_WEIGHT, PARAMS
from safepassage.verification.selectors import (
    NOT_HELD,
    REQUIRED_APPROVALS,
    approval_awaited,
    approval_counts,
    approver_trusted,
    assessment_current,
    operations_carrying,
    requests_cleared,
    rules_current,
)

REASON_MAX = 2000


def _assess(
    request: RescueRequest,
    *,
    trigger: str,
    evaluated: tuple[int, list[dict[str, Any]]] | None = None,
) -> Assessment:
    """Store the request's assessment (``evaluated``: its total and factors under the rules
    in force, when the caller has just computed them)."""
    config, rules = rules_current()
    total, factors = evaluated if evaluated is not None else evaluate(request, rules)
    assessment = Assessment(
        request=request,
        rules=config,
        total=total,
        threshold=rules.threshold,
        factor_codes=codes(factors),
        factors=factors,
        trigger=trigger[:40],
    )
    assessment.full_clean()
    assessment.save()
    return assessment


def _approval_alert_follow(
    request: RescueRequest,
    *,
    current: Assessment | None,
    awaited_before: bool,
    actor: User | None,
    why: str = "",
) -> None:
    """Keep the "approval needed" alert about ``request`` true after what just happened to it
    (a new assessment, an approval, its closing, its approver's trust changing);
    ``awaited_before``: whether it waited for approvals just before; ``why``: what cleared it,
    for the record, when the caller knows better than the assessment.

    Newly waiting (created above the threshold, new evidence pushing it over, or voiding the
    approvals it had): coordinators are alerted, unless an alert about it is still open. No
    longer waiting (cleared by two approvals, assessed at or below the threshold, closed): its
    open alert is retired, and so is the "cannot start" alert of an approved operation that
    waited only for it. An alert a coordinator acknowledged while it still waits is not raised
    again by the next assessment.
    """
    from safepassage.operations.models import AlertKind
    from safepassage.operations.services import (
        alert_open_exists,
        alert_raise,
        alerts_resolve,
        blocked_alerts_follow,
    )

    if current is not None and approval_awaited(request, current):
        if not awaited_before and not alert_open_exists(kind=AlertKind.APPROVAL, subject=request):
            alert_raise(
                kind=AlertKind.APPROVAL,
                key="request_needs_approval",
                params={"total": current.total, "threshold": current.threshold},
                subject=request,
            )
        return
    if request.status != RequestStatus.OPEN:
        why = "the rescue request was closed"
    elif not why and current is not None and current.needs_approval:
        why = f"{REQUIRED_APPROVALS} coordinators approved the rescue request"
    elif not why:
        why = "a new assessment put the rescue request at or below the threshold"
    alerts_resolve(
        kind=AlertKind.APPROVAL,
        subject=request,
        note=f"Resolved by the system: {why}.",
        actor=actor,
    )
    if awaited_before:
        for operation in operations_carrying(request):
            blocked_alerts_follow(operation, actor=actor)


def _assess_and_record(
    request: RescueRequest,
    *,
    trigger: str,
    actor: User | None,
    detail: dict[str, Any],
    evaluated: tuple[int, list[dict[str, Any]]] | None = None,
) -> Assessment:
    """Assess the request anew, audit it, and bring its "approval needed" alert up to date."""
    awaited_before = approval_awaited(request, assessment_current(request))
    assessment = _assess(request, trigger=trigger, evaluated=evaluated)
    audit_record(
        actor=actor,
        action="assessment.create",
        obj=assessment,
        detail={"request": str(request.pk), "total": assessment.total, **detail},
    )
    _approval_alert_follow(request, current=assessment, awaited_before=awaited_before, actor=actor)
    return assessment


@contextmanager
def approver_trust_change(*, approver: User | None, actor: User | None) -> Iterator[None]:
    """Wrap a change that may make ``approver``'s approvals stop or start counting (his
    account locked or unlocked, his member's status changed; see ``approver_trusted``).

    Each open request he approved that the trap check cleared before the change and no
    longer clears after it raises the "approval needed" alert, as when new evidence voids
    approvals; one cleared again retires it. A locked account (a duress sign-in's lock must
    not tell the captor anything) sees no alert: its decoy session sees none, and the e-mail
    goes to unlocked coordinators only."""
    if approver is None or approver.is_decoy:
        yield
        return
    approved = RescueRequest.objects.filter(
        status=RequestStatus.OPEN, approvals__approver=approver
    ).distinct()
    before = requests_cleared(list(approved))
    yield
    if not before:
        return
    requests = list(RescueRequest.objects.filter(pk__in=list(before)))
    after = requests_cleared(requests)
    for request in requests:
        if before[request.pk] == after[request.pk]:
            continue
        _approval_alert_follow(
            request,
            current=assessment_current(request),
            awaited_before=not before[request.pk],
            actor=actor,
            why="an approver of the rescue request is trusted again",
        )


def _rests_on_something(
    *,
    person: Person,
    contacts: Sequence[Contact],
    places: Iterable[Place | None],
    coordinates: tuple[float, float] | None,
    pickup_text: str,
    pickup_chosen: bool,
    reports: Sequence[LocationReport] | None = None,
) -> bool:
    """The minimum of a request: a contact of hers it rests on, a location report of her on
    record, where she is said to be, or a pick-up (a place, coordinates, a description, where
    she is held, or a meeting point the network chooses). A request with none of these gives
    the trap check nothing to look at and nobody anything to act on. ``reports``: a decoy's
    pretend location reports of her, read instead of the network's."""
    if contacts or any(p is not None for p in places) or coordinates is not None:
        return True
    if pickup_text.strip() or pickup_chosen:
        return True
    if reports is not None:
        return bool(reports)
    return LocationReport.objects.filter(person_id=person.pk).exists()


def request_create(
    *,
    actor: User,
    person: Person,
    contacts: Sequence[Contact] = (),
    pickup_place: Place | None = None,
    pickup_latitude: Any = None,
    pickup_longitude: Any = None,
    pickup_text: str = "",
    stated_place: Place | None = None,
    stated_holder: Holder | None = None,
    children_count: int | None = None,
    urgency_claimed: bool = False,
    holder_away_claimed: bool = False,
    pickup_at_captive_location: bool = False,
    network_chosen_meeting_point: bool = False,
    notes: str = "",
) -> RescueRequest:
    """Record what is asked of the network and assess it at once."""
    require_capability(actor, Capability.CASES_WRITE)
    coordinates = request_check(
        person=person,
        contacts=contacts,
        pickup_place=pickup_place,
        pickup_latitude=pickup_latitude,
        pickup_longitude=pickup_longitude,
        pickup_text=pickup_text,
        stated_place=stated_place,
        children_count=children_count,
        pickup_at_captive_location=pickup_at_captive_location,
        network_chosen_meeting_point=network_chosen_meeting_point,
    )
    with transaction.atomic():
        request = _request_row(
            actor=actor,
            person=person,
            pickup_place=pickup_place,
            coordinates=coordinates,
            pickup_text=pickup_text,
            stated_place=stated_place,
            stated_holder=stated_holder,
            children_count=children_count,
            urgency_claimed=urgency_claimed,
            holder_away_claimed=holder_away_claimed,
            pickup_at_captive_location=pickup_at_captive_location,
            network_chosen_meeting_point=network_chosen_meeting_point,
            notes=notes,
        )
        request.full_clean()
        request.save()
        request.contacts.set(contacts)
        if not has_capability(actor, Capability.CASES_ALL):
            from safepassage.accounts.services import grant_create

            grant_create(actor=None, user=actor, obj=request, reason="requested by this user")
        audit_record(actor=actor, action="create", obj=request, detail={"contacts": len(contacts)})
        _assess_and_record(request, trigger="created", actor=actor, detail={})
    return request


def request_check(
    *,
    person: Person,
    contacts: Sequence[Contact] = (),
    pickup_place: Place | None = None,
    pickup_latitude: Any = None,
    pickup_longitude: Any = None,
    pickup_text: str = "",
    stated_place: Place | None = None,
    children_count: int | None = None,
    pickup_at_captive_location: bool = False,
    network_chosen_meeting_point: bool = False,
    reports: Sequence[LocationReport] | None = None,
) -> tuple[float, float] | None:
    """Check a request as :func:`request_create` does (writes nothing); its pick-up
    coordinates, if given. ``reports``: a decoy's pretend location reports of her (the
    network's are read otherwise)."""
    if person.status in NOT_HELD:
        raise ValidationError(
            _("She is no longer held (%(status)s): no rescue request is recorded for her.")
            % {"status": person.get_status_display()}
        )
    errors: dict[str, str] = {}
    if any(c.person_id != person.pk for c in contacts):
        errors["contacts"] = _("Every contact must be about this person.")
    coordinates = None
    try:
        coordinates = parse_coordinates(
            pickup_latitude,
            pickup_longitude,
            lat_field="pickup_latitude",
            lon_field="pickup_longitude",
        )
    except ValidationError as exc:
        errors.update({k: v[0] for k, v in exc.message_dict.items()})
    if pickup_at_captive_location and network_chosen_meeting_point:
        errors["network_chosen_meeting_point"] = _(
            "The pick-up is either where she is held or a meeting point the network chose."
        )
    if children_count is not None and not 0 <= children_count <= 30:
        errors["children_count"] = _("Children with her: a number from 0 to 30.")
    if not errors and not _rests_on_something(
        person=person,
        contacts=contacts,
        places=(pickup_place, stated_place),
        coordinates=coordinates,
        pickup_text=pickup_text,
        pickup_chosen=pickup_at_captive_location or network_chosen_meeting_point,
        reports=reports,
    ):
        errors["contacts"] = _(
            "A request must give something to check: tick a contact of hers it rests on, "
            "record a location report first, or say where she is or where to pick her up."
        )
    if errors:
        raise ValidationError(errors)
    return coordinates


def _request_row(
    *,
    actor: User,
    person: Person,
    pickup_place: Place | None,
    coordinates: tuple[float, float] | None,
    pickup_text: str,
    stated_place: Place | None,
    stated_holder: Holder | None,
    children_count: int | None,
    urgency_claimed: bool,
    holder_away_claimed: bool,
    pickup_at_captive_location: bool,
    network_chosen_meeting_point: bool,
    notes: str,
) -> RescueRequest:
    return RescueRequest(
        person=person,
        pickup_place=pickup_place,
        pickup_coordinates=list(coordinates) if coordinates else None,
        pickup_text=pickup_text.strip(),
        stated_place=stated_place,
        stated_holder=stated_holder,
        children_count=children_count,
        urgency_claimed=urgency_claimed,
        holder_away_claimed=holder_away_claimed,
        pickup_at_captive_location=pickup_at_captive_location,
        network_chosen_meeting_point=network_chosen_meeting_point,
        notes=notes.strip(),
        requested_by=actor,
    )


def request_pretend(
    *,
    actor: User,
    person: Person,
    contacts: Sequence[Contact] = (),
    pickup_place: Place | None = None,
    pickup_latitude: Any = None,
    pickup_longitude: Any = None,
    pickup_text: str = "",
    stated_place: Place | None = None,
    stated_holder: Holder | None = None,
    children_count: int | None = None,
    urgency_claimed: bool = False,
    holder_away_claimed: bool = False,
    pickup_at_captive_location: bool = False,
    network_chosen_meeting_point: bool = False,
    notes: str = "",
    reports: Sequence[LocationReport] = (),
) -> RescueRequest:
    """What a decoy's rescue request for its pretend person gets back instead of
    :func:`request_create`'s save: the same checks, the unsaved request (with an id and its
    time), and nothing written: no row, no grant, no assessment, no audit event, no alert.
    (A decoy sees no record of the network: the contacts, places and holder it names are its
    pretend ones, and ``reports`` are her pretend location reports.) The caller keeps it in
    the decoy's session and assesses it there (:mod:`safepassage.verification.decoy`)."""
    require_decoy_writer(actor)
    coordinates = request_check(
        person=person,
        contacts=contacts,
        pickup_place=pickup_place,
        pickup_latitude=pickup_latitude,
        pickup_longitude=pickup_longitude,
        pickup_text=pickup_text,
        stated_place=stated_place,
        children_count=children_count,
        pickup_at_captive_location=pickup_at_captive_location,
        network_chosen_meeting_point=network_chosen_meeting_point,
        reports=reports,
    )
    request = _request_row(
        actor=actor,
        person=person,
        pickup_place=pickup_place,
        coordinates=coordinates,
        pickup_text=pickup_text,
        stated_place=stated_place,
        stated_holder=stated_holder,
        children_count=children_count,
        urgency_claimed=urgency_claimed,
        holder_away_claimed=holder_away_claimed,
        pickup_at_captive_location=pickup_at_captive_location,
        network_chosen_meeting_point=network_chosen_meeting_point,
        notes=notes,
    )
    pretend_clean(
        request,
        "person",
        "requested_by",
        "pickup_place",
        "stated_place",
        "stated_holder",
        new_id=True,
    )
    request.created_at = timezone.now()
    return request


def assessments_recompute(
    *,
    persons: Iterable[Person] | None = None,
    trigger: str,
    actor: User | None = None,
    numbers: Iterable[str] = (),
) -> list[Assessment]:
    """Re-assess open requests (of these persons, or all) after new evidence arrived.

    ``numbers``: blind indexes of phone numbers just seen in a new contact: the requests
    resting on a contact from one of them are re-assessed too, whoever they are for, as
    "number in another person's records" may fire now."""
    requests = RescueRequest.objects.filter(status=RequestStatus.OPEN)
    if persons is not None:
        scope = Q(person__in=[p.pk for p in persons])
        indexes = sorted({n for n in numbers if n})
        if indexes:
            by_number = RescueRequest.contacts.through.objects.filter(
                contact__number_index__in=indexes
            ).values("rescuerequest_id")
            scope |= Q(pk__in=by_number)
        requests = requests.filter(scope)
    made: list[Assessment] = []
    # In the caller's transaction when there is one (no savepoint: a failure here fails it).
    with transaction.atomic(savepoint=False):
        for request in requests.select_related("pickup_place", "stated_place", "stated_holder"):
            made.append(
                _assess_and_record(
                    request, trigger=trigger, actor=actor, detail={"trigger": trigger}
                )
            )
    return made


def requests_refresh(
    *, requests: Iterable[RescueRequest], trigger: str, actor: User | None = None
) -> list[Assessment]:
    """Assess again each open request whose evidence now gives another total or other
    factors than its current assessment (called before an operation starts on them).

    New evidence re-assesses the requests it bears on as it arrives; this is the net under
    that: whatever path brought a duress call, a trap's number or a compromised source
    without its trigger, the start sees the assessment the evidence gives now, and the
    approvals that new factors void no longer clear it. Requests whose evidence gives the
    same assessment get no new one."""
    _config, rules = rules_current()
    made: list[Assessment] = []
    with transaction.atomic():
        for request in requests:
            if request.status != RequestStatus.OPEN:
                continue
            current = assessment_current(request)
            total, factors = evaluate(request, rules)
            if (
                current is not None
                and current.total == total
                and sorted(current.factor_codes) == sorted(codes(factors))
            ):
                continue
            made.append(
                _assess_and_record(
                    request,
                    trigger=trigger,
                    actor=actor,
                    detail={"trigger": trigger},
                    evaluated=(total, factors),
                )
            )
    return made


def request_recompute(*, actor: User, request: RescueRequest) -> Assessment:
    """A person asks for a fresh assessment (e.g. after editing the rules)."""
    require_capability(actor, Capability.CASES_WRITE)
    with transaction.atomic():
        assessment = _assess_and_record(
            request, trigger="manual", actor=actor, detail={"trigger": "manual"}
        )
    return assessment


def _approval_reason_check(reason: str) -> str:
    """An approval's written reason, stripped, or a clear error."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Write why you approve despite the factors shown.")})
    if len(reason) > REASON_MAX:
        raise ValidationError(
            {"reason": _("At most %(count)s characters.") % {"count": REASON_MAX}}
        )
    return reason


def _open_check(status: str) -> None:
    if status != RequestStatus.OPEN:
        raise ValidationError(_("This request is closed."))


def _approval_needed_check(current: Assessment | None) -> Assessment:
    if current is None or not current.needs_approval:
        raise ValidationError(_("This request is below the threshold: no approval is needed."))
    return current


def _already_approved() -> ValidationError:
    return ValidationError(_("You have already approved this request."))


def request_approve(*, actor: User, request: RescueRequest, reason: str) -> Approval:
    """A coordinator approves the current assessment with a written reason.

    Two different coordinators must approve a request above the threshold. An approval
    covers the assessment it was given on; new evidence that adds a factor or raises the
    total voids it, and the request must be approved again.
    """
    require_capability(actor, Capability.APPROVE)
    if not approver_trusted(actor):
        raise ValidationError(
            _(
                "Your member is marked compromised, captured, missing or killed, so your approval "
                "cannot count. Ask another coordinator."
            )
        )
    reason = _approval_reason_check(reason)
    with transaction.atomic():
        locked = RescueRequest.objects.select_for_update().get(pk=request.pk)
        _open_check(locked.status)
        current = _approval_needed_check(assessment_current(locked))
        approvers, _all = approval_counts(locked, current)
        if actor.pk in approvers:
            raise _already_approved()
        approval = Approval(request=locked, assessment=current, approver=actor, reason=reason)
        approval.full_clean()
        approval.save()
        audit_record(
            actor=actor,
            action="request.approve",
            obj=locked,
            detail={"assessment": str(current.pk), "total": current.total},
        )
        if len(approvers) + 1 >= REQUIRED_APPROVALS:
            audit_record(actor=actor, action="request.cleared", obj=locked)
            _approval_alert_follow(locked, current=current, awaited_before=True, actor=actor)
    return approval


def request_approve_pretend(
    *,
    actor: User,
    request: RescueRequest,
    current: Assessment | None,
    approved_already: bool,
    reason: str,
) -> Approval:
    """What a decoy's approval of its pretend request gets back instead of
    :func:`request_approve`'s save: the same checks (``current``: the request's current
    pretend assessment; ``approved_already``: the decoy's approval still covers it), the
    unsaved approval (with an id and its time), and nothing written: no row, no audit event,
    no alert. The caller keeps it in the decoy's session
    (:mod:`safepassage.verification.decoy`)."""
    require_decoy_writer(actor, Capability.APPROVE)
    reason = _approval_reason_check(reason)
    _open_check(request.status)
    current = _approval_needed_check(current)
    if approved_already:
        raise _already_approved()
    approval = Approval(request=request, assessment=current, approver=actor, reason=reason)
    pretend_clean(approval, "request", "assessment", "approver", new_id=True)
    approval.created_at = timezone.now()
    return approval


def _close_reason_check(reason: str) -> None:
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the request is closed.")})


def request_close(*, actor: User, request: RescueRequest, reason: str) -> RescueRequest:
    """Close a request (acted on, withdrawn or refused); it is no longer re-assessed.

    An approved or underway operation that carries it can no longer start with it, and its
    team no longer sees her pick-up: every coordinator is alerted, naming the operation. The
    operation itself is left as it is; a coordinator decides whether to abort it.
    """
    require_capability(actor, Capability.APPROVE)
    _close_reason_check(reason)
    with transaction.atomic():
        locked = RescueRequest.objects.select_for_update().get(pk=request.pk)
        _open_check(locked.status)
        awaited_before = approval_awaited(locked, assessment_current(locked))
        locked.status = RequestStatus.CLOSED
        locked.save(update_fields=["status"])
        _approval_alert_follow(locked, current=None, awaited_before=awaited_before, actor=actor)
        carrying = operations_carrying(locked)
        audit_record(
            actor=actor,
            action="request.close",
            obj=locked,
            detail={"operations": [str(o.pk) for o in carrying]},
        )
        if carrying:
            from safepassage.operations.services import alert_raise

            for operation in carrying:
                alert_raise(
                    kind="danger",
                    key="request_closed_on_operation",
                    params={
                        "operation": operation.codename,
                        "operation_status": operation.status,
                    },
                    subject=locked,
                    operation=operation,
                )
    request.status = locked.status
    return request


def request_close_pretend(*, actor: User, request: RescueRequest, reason: str) -> RescueRequest:
    """:func:`request_close` of a decoy's pretend request: the same checks, the request
    closed in memory only (it carries no operation: a decoy has none), nothing written. The
    caller keeps its new status in the decoy's session."""
    require_decoy_writer(actor, Capability.APPROVE)
    _close_reason_check(reason)
    _open_check(request.status)
    request.status = RequestStatus.CLOSED
    return request


def rules_update(
    *,
    actor: User,
    weights: dict[str, Any],
    params: dict[str, Any],
    threshold: Any,
    reason: str,
) -> RuleConfig:
    """Save a new version of the rules (the old stay as history) and re-assess open requests."""
    require_capability(actor, Capability.APPROVE)
    errors: dict[str, str] = {}
    clean_weights: dict[str, int] = {}
    for code, value in weights.items():
        if code not in FACTOR_BY_CODE:
            errors[code] = _("Unknown factor.")
            continue
        try:
            number = int(normalise_digits(value))
        except (TypeError, ValueError):
            number = -1
        if not 0 <= number <= MAX_WEIGHT:
            errors[code] = _("A weight is a whole number from 0 to %(max)s.") % {"max": MAX_WEIGHT}
        clean_weights[code] = number
    clean_params: dict[str, float] = {}
    for name, value in params.items():
        if name not in PARAMS:
            errors[name] = _("Unknown setting.")
            continue
        _label, _default, low, high = PARAMS[name]
        try:
            number_f = float(normalise_digits(value))
        except (TypeError, ValueError):
            number_f = float("nan")
        if not low <= number_f <= high:
            errors[name] = _("A number from %(low)s to %(high)s.") % {
                "low": f"{low:g}",
                "high": f"{high:g}",
            }
        clean_params[name] = number_f
    try:
        clean_threshold = int(threshold)
    except (TypeError, ValueError):
        clean_threshold = -1
    if not 0 <= clean_threshold <= MAX_THRESHOLD:
        errors["threshold"] = _("The threshold is a whole number from 0 to %(max)s.") % {
            "max": MAX_THRESHOLD
        }
    if not reason.strip():
        errors["reason"] = _("Say why the rules change.")
    if errors:
        raise ValidationError(errors)
    previous, rules = rules_current()
    with transaction.atomic():
        config = RuleConfig(
            weights={**rules.weights, **clean_weights},
            params={**rules.params, **clean_params},
            threshold=clean_threshold,
            reason=reason.strip()[:REASON_MAX],
            changed_by=actor,
        )
        config.full_clean()
        config.save()
        changed = {
            code: [rules.weights.get(code), weight]
            for code, weight in config.weights.items()
            if rules.weights.get(code) != weight
        }
        changed.update(
            {
                name: [rules.params.get(name), value]
                for name, value in config.params.items()
                if rules.params.get(name) != value
            }
        )
        if rules.threshold != clean_threshold:
            changed["threshold"] = [rules.threshold, clean_threshold]
        audit_record(
            actor=actor,
            action="rules.update",
            obj=config,
            detail={
                "previous": str(previous.pk) if previous else "defaults",
                "changed": changed,
            },
        )
    assessments_recompute(trigger="rules", actor=actor)
    return config
