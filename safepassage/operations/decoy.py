"""A decoy session's pretend operations, and its pretend alerts: what its pretend saves would
have raised.

A real coordinator's "New operation" opens a draft, listed with the network's operations, whose
page shows what the plan still lacks. A decoy coordinator's is checked as a real one
(``services.operation_pretend``) and kept sealed in its session only
(:mod:`safepassage.accounts.decoy`): listed back to it (:func:`operations_all`), its page opened
as a real new draft's (:func:`plan`, :func:`problems`). Its persons are those of its own
pretend rescue requests (:mod:`safepassage.verification.decoy`), its team is made of its own
pretend members and its route stops at its own pretend places (:mod:`safepassage.intel.decoy`),
each checked as on a real draft and kept with it (:func:`person_record`,
:func:`team_member_record`, :func:`waypoint_record`, :func:`supply_record`,
:func:`item_remove_record`). It sees no operation of the network's.

A real coordinator whose rescue request waits for two approvals finds an "Approval needed"
alert about it on the dashboard, the alerts panel and the API, counted on the statistics page;
one who marks a member missing, compromised, captured or killed finds a "Danger" alert. A decoy
coordinator's own pretend saves raise theirs the same way (``services.alert_pretend``), kept
sealed in its session only (:mod:`safepassage.accounts.decoy`), never e-mailed; it acknowledges
them as a real coordinator does (``services.alert_acknowledge_pretend``), and the system
retires them as it retires real ones (:func:`resolve`). It sees no alert of the network's.

A check-in relayed for its pretend draft with the draft's duress code raises its pretend duress
alert as a real draft's raises one (:func:`check_in_relay`, :func:`check_in_relay_refused`).
Its own pretend members marked lost are listed for a compromise report, built from its own
pretend drafts they are on (:func:`compromise_subjects`, :func:`compromise_report`).
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

from django.db.models import Model
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone

from safepassage.accounts import decoy as sealed
from safepassage.accounts.models import User
from safepassage.intel.models import Member, Place
from safepassage.operations import services
from safepassage.operations.alert_messages import alert_text
from safepassage.operations.models import (
    Alert,
    Operation,
    OperationPerson,
    Supply,
    TeamMember,
    Waypoint,
)
from safepassage.operations.selectors import AlertRow, AlertSubject, Plan, RequestChoice
from safepassage.sentences import Said
from safepassage.verification.models import RescueRequest

if TYPE_CHECKING:
    from safepassage.operations.compromise import CompromiseReport

SLOT = "operations.alert"
OPERATION_SLOT = "operations.operation"
R = TypeVar("R", Alert, Operation)
# What a pretend operation keeps: its comm plan (the codes as their hashes only, as stored).
_OPERATION_FIELDS = (
    "codename",
    "status",
    "objective",
    "channel",
    "check_in_interval_minutes",
    "grace_minutes",
    "check_in_code_hash",
    "duress_code_hash",
    "comm_notes",
    "outcome_notes",
)
# Its moments, once they come (approved, started, the next check-in due, ended).
_OPERATION_MOMENTS = ("approved_at", "started_at", "check_in_due_at", "ended_at")
_FIELDS = ("kind", "message", "message_key", "message_params", "subject_type", "subject_id")


def _keep(request: HttpRequest, alert: Alert) -> None:
    summary: dict[str, Any] = {
        **{name: getattr(alert, name) for name in _FIELDS},
        "created_at": alert.created_at.isoformat(),
        "acknowledged_at": alert.acknowledged_at.isoformat() if alert.acknowledged_at else None,
        "acknowledged": alert.acknowledged_by_id is not None,  # by it; else by the system
        "acknowledgement": alert.acknowledgement,
    }
    sealed.keep(request, SLOT, alert.pk, summary)


def _alert(request: HttpRequest, alert_id: str, data: dict[str, Any]) -> Alert:
    from safepassage.tracing.decoy import shown_as

    alert = Alert(
        id=uuid.UUID(alert_id),
        acknowledgement=data["acknowledgement"],
        **{name: data[name] for name in _FIELDS},
    )
    alert.created_at = datetime.datetime.fromisoformat(data["created_at"])
    if data["acknowledged_at"]:
        alert.acknowledged_at = datetime.datetime.fromisoformat(data["acknowledged_at"])
    if data["acknowledged"]:
        alert.acknowledged_by = shown_as(request.user)  # type: ignore[arg-type]
    return alert


def _newest_first(
    request: HttpRequest, slot: str, build: Callable[[HttpRequest, str, dict[str, Any]], R]
) -> list[R]:
    """Every pretend row this session keeps under ``slot``, built, newest first."""
    found = []
    for kept_id in sealed.kept_ids(request, slot):
        data = sealed.find(request, slot, kept_id)
        if data is not None:
            found.append(build(request, kept_id, data))
    return sorted(found, key=lambda row: row.created_at, reverse=True)


def _all(request: HttpRequest) -> list[Alert]:
    """Every pretend alert of this session, newest first (as real alerts are ordered)."""
    return _newest_first(request, SLOT, _alert)


def _about(alert: Alert, kind: str, subject: Model) -> bool:
    return (
        alert.kind == kind
        and alert.subject_type == subject._meta.label
        and alert.subject_id == str(subject.pk)
    )


def raise_alert(
    request: HttpRequest, *, kind: str, key: str, params: dict[str, Any], subject: Model
) -> Alert:
    """Raise a pretend alert about its pretend ``subject``, checked as a real one, then kept."""
    alert = services.alert_pretend(kind=kind, key=key, params=params, subject=subject)
    _keep(request, alert)
    return alert


def open_exists(request: HttpRequest, *, kind: str, subject: Model) -> bool:
    """Whether an open pretend alert of ``kind`` about ``subject`` is kept (as
    ``services.alert_open_exists`` for a real one)."""
    return any(a.acknowledged_at is None and _about(a, kind, subject) for a in _all(request))


def resolve(request: HttpRequest, *, kind: str, subject: Model, note: str) -> None:
    """Retire its open pretend alerts of ``kind`` about ``subject``, as the system retires
    real ones once what they say no longer holds (closed by no one, ``note`` saying why)."""
    for alert in _all(request):
        if alert.acknowledged_at is None and _about(alert, kind, subject):
            alert.acknowledged_at, alert.acknowledgement = timezone.now(), note
            _keep(request, alert)


def _about_operation(alert: Alert, operation: Operation) -> bool:
    return alert.subject_type == Operation._meta.label and alert.subject_id == str(operation.pk)


def _subject(request: HttpRequest, alert: Alert) -> AlertSubject | None:
    """The pretend record an alert is about, as a real alert names and links its own; None
    once it is gone from the session."""
    from safepassage.intel import decoy as intel_decoy
    from safepassage.intel.models import Member
    from safepassage.verification import decoy as verification_decoy
    from safepassage.verification.models import RescueRequest

    if alert.subject_type == RescueRequest._meta.label:
        found = verification_decoy.page(request, alert.subject_id)
        if found is not None:
            url = reverse("verification:request_detail", args=[alert.subject_id])
            return AlertSubject("rescue_request", alert.subject_id, url, "", found[1].person)
    if alert.subject_type == Member._meta.label:
        member = intel_decoy.member(request, alert.subject_id)
        if member is not None:
            url = reverse("intel:member_detail", args=[member.pk])
            return AlertSubject("member", str(member.pk), url, member.codename)
    operation = _operation_about(request, alert)
    if operation is not None:
        url = reverse("operations:detail", args=[operation.pk])
        return AlertSubject("operation", str(operation.pk), url, operation.codename)
    return None


def _operation_about(request: HttpRequest, alert: Alert) -> Operation | None:
    """The pretend operation a pretend alert is about (a check-in's duress code), if kept."""
    if alert.subject_type != Operation._meta.label:
        return None
    data = sealed.find(request, OPERATION_SLOT, alert.subject_id)
    return _operation(request, alert.subject_id, data) if data is not None else None


def row(request: HttpRequest, alert: Alert) -> AlertRow:
    """A pretend alert with its text in the viewer's language and what it is about (the
    stops of its pretend operation's route named by their places, as a real alert's)."""
    operation = _operation_about(request, alert)
    route = _route(request, operation) if operation is not None else []
    places = {stop.position: str(stop.place.name) for stop in route}
    return AlertRow(alert, alert_text(alert, places), _subject(request, alert))


def open_rows(request: HttpRequest, *, limit: int = 20) -> list[AlertRow]:
    """Its newest open pretend alerts, as ``selectors.alert_rows_open_for_user`` lists real
    ones."""
    return [row(request, a) for a in _all(request) if a.acknowledged_at is None][:limit]


def open_count(request: HttpRequest) -> int:
    """How many of its pretend alerts are open (the statistics page's "Open alerts")."""
    return sum(1 for a in _all(request) if a.acknowledged_at is None)


def alert_or_404(request: HttpRequest, alert_id: Any) -> Alert:
    """Its pretend alert with that id; 404 for any other, as for an alert it may not see."""
    data = sealed.find(request, SLOT, alert_id)
    if data is None:
        raise Http404
    return _alert(request, str(uuid.UUID(str(alert_id))), data)


def acknowledge(request: HttpRequest, *, actor: User, alert: Alert, note: str) -> Alert:
    """Its coordinator's acknowledgement of a pretend alert, checked as a real one
    (``alert_acknowledge_pretend``: a note required, once only), then kept."""
    acknowledged = services.alert_acknowledge_pretend(actor=actor, alert=alert, note=note)
    _keep(request, acknowledged)
    return acknowledged


def alert_rows_open(request: HttpRequest, user: User, *, limit: int = 20) -> list[AlertRow]:
    """The open alerts a page or the API lists: a decoy's are its pretend ones only."""
    from safepassage.operations.selectors import alert_rows_open_for_user

    if user.is_decoy:
        return open_rows(request, limit=limit)
    return alert_rows_open_for_user(user=user, limit=limit)


# --- operations ----------------------------------------------------------------------------


# What a pretend operation keeps of its plan besides its fields, each a list of items.
_PLAN_ITEMS = ("persons", "team", "waypoints", "supplies")


def _keep_operation(
    request: HttpRequest, operation: Operation, **changed: list[dict[str, Any]]
) -> None:
    """Keep a pretend operation as it now stands (``changed``: those of its plan's items,
    :data:`_PLAN_ITEMS`, that changed; the others kept stay)."""
    kept = sealed.find(request, OPERATION_SLOT, operation.pk) or {}
    summary: dict[str, Any] = {
        **{name: getattr(operation, name) for name in _OPERATION_FIELDS},
        "created_at": operation.created_at.isoformat(),
        "updated_at": operation.updated_at.isoformat(),
        **{
            name: moment.isoformat() if (moment := getattr(operation, name)) else None
            for name in _OPERATION_MOMENTS
        },
        **{
            name: changed[name] if name in changed else list(kept.get(name, []))
            for name in _PLAN_ITEMS
        },
    }
    sealed.keep(request, OPERATION_SLOT, operation.pk, summary)


def _items(request: HttpRequest, operation: Operation, name: str) -> list[dict[str, Any]]:
    """The items of its pretend plan kept under ``name`` (one of :data:`_PLAN_ITEMS`)."""
    kept = sealed.find(request, OPERATION_SLOT, operation.pk)
    return list(kept.get(name, [])) if kept is not None else []


def _operation(request: HttpRequest, operation_id: str, data: dict[str, Any]) -> Operation:
    from safepassage.tracing.decoy import shown_as

    operation = Operation(
        id=uuid.UUID(operation_id),
        created_by=shown_as(request.user),  # type: ignore[arg-type]
        # One kept before a field was kept has its default, as a real row migrated.
        **{name: data[name] for name in _OPERATION_FIELDS if name in data},
    )
    operation.created_at = datetime.datetime.fromisoformat(data["created_at"])
    operation.updated_at = datetime.datetime.fromisoformat(data["updated_at"])
    for name in _OPERATION_MOMENTS:
        if data.get(name):
            setattr(operation, name, datetime.datetime.fromisoformat(data[name]))
    if operation.approved_at is not None:
        operation.approved_by = operation.created_by  # its own approval, named as it is
    return operation


def operations_all(request: HttpRequest) -> list[Operation]:
    """Every pretend operation of this session, newest first (as a real list orders them)."""
    return _newest_first(request, OPERATION_SLOT, _operation)


def operation_or_404(request: HttpRequest, operation_id: Any) -> Operation:
    """Its pretend operation with that id; 404 for any other, as for an operation that does
    not exist."""
    data = sealed.find(request, OPERATION_SLOT, operation_id)
    if data is None:
        raise Http404
    return _operation(request, str(uuid.UUID(str(operation_id))), data)


def operation_record(request: HttpRequest, *, actor: User, **values: Any) -> Operation:
    """A decoy coordinator's new operation, as the page and the API record a real one: the
    real checks (``operation_pretend``; its own codenames taken too), then kept."""
    operation = services.operation_pretend(
        actor=actor, codenames_kept=[o.codename for o in operations_all(request)], **values
    )
    _keep_operation(request, operation)
    return operation


def _team(request: HttpRequest, operation: Operation) -> list[TeamMember]:
    """Its pretend draft's team: its own pretend members, ordered as a real team is."""
    from safepassage.intel import decoy as intel_decoy

    team = []
    for data in _items(request, operation, "team"):
        member = intel_decoy.member(request, data["member"])
        if member is not None:
            team.append(
                TeamMember(
                    id=uuid.UUID(data["id"]),
                    operation=operation,
                    member=member,
                    role=data["role"],
                    outcome=data.get("outcome", ""),
                )
            )
    return sorted(team, key=lambda t: (t.role, str(t.pk)))


def _route(request: HttpRequest, operation: Operation) -> list[Waypoint]:
    """Its pretend draft's route, at its own pretend places, numbered in order as a real
    route's stops are."""
    from safepassage.intel import decoy as intel_decoy

    route: list[Waypoint] = []
    for data in _items(request, operation, "waypoints"):
        place = intel_decoy.place(request, data["place"])
        if place is not None:
            route.append(
                Waypoint(
                    id=uuid.UUID(data["id"]),
                    operation=operation,
                    position=len(route) + 1,
                    kind=data["kind"],
                    place=place,
                    planned_arrival=datetime.datetime.fromisoformat(data["planned_arrival"]),
                    transport=data["transport"],
                    note=data["note"],
                )
            )
    return route


def _persons(request: HttpRequest, operation: Operation) -> list[OperationPerson]:
    """Its pretend draft's persons: those of its own pretend rescue requests it brings out,
    ordered as a real plan's are."""
    from safepassage.tracing import decoy as tracing_decoy
    from safepassage.verification import decoy as verification_decoy

    persons = []
    for data in _items(request, operation, "persons"):
        found = verification_decoy.page(request, data["rescue_request"])
        if found is None:
            continue
        person = tracing_decoy.person(request, data["person"]) or found[0].person
        persons.append(
            OperationPerson(
                id=uuid.UUID(data["id"]),
                operation=operation,
                person=person,
                rescue_request=found[0],
                brought_out=data.get("brought_out"),
            )
        )
    return sorted(persons, key=lambda p: str(p.pk))


def _person_data(entry: OperationPerson) -> dict[str, Any]:
    """What its pretend plan keeps of a person on it."""
    return {
        "id": str(entry.pk),
        "person": str(entry.person_id),
        "rescue_request": str(entry.rescue_request_id),
        "brought_out": entry.brought_out,
    }


def _team_data(team_member: TeamMember) -> dict[str, Any]:
    """What its pretend plan keeps of a member of its team."""
    return {
        "id": str(team_member.pk),
        "member": str(team_member.member_id),
        "role": team_member.role,
        "outcome": team_member.outcome,
    }


def _busy(
    request: HttpRequest, operation: Operation, *, person_id: Any = None, member_id: Any = None
) -> Operation | None:
    """Another of its pretend operations, approved or underway, that has her (``person_id``)
    or him (``member_id``) on it, as ``planning._busy_operation_for_person`` finds a real one."""
    from safepassage.operations.services.planning import BUSY_STATUSES

    for other in operations_all(request):
        if other.pk == operation.pk or other.status not in BUSY_STATUSES:
            continue
        if person_id is not None and any(
            str(p.person_id) == str(person_id) for p in _persons(request, other)
        ):
            return other
        if member_id is not None and any(
            str(t.member_id) == str(member_id) for t in _team(request, other)
        ):
            return other
    return None


def request_choices(request: HttpRequest, operation: Operation) -> list[RequestChoice]:
    """Its open pretend rescue requests its pretend draft can take, as
    ``selectors.request_choices`` offers the network's: not for a woman on it already, nor on
    another of its approved or underway operations, nor no longer held."""
    from safepassage.operations.selectors import choices_of
    from safepassage.verification import decoy as verification_decoy
    from safepassage.verification.selectors import NOT_HELD

    on_plan = {str(p.person_id) for p in _persons(request, operation)}
    views = [
        view
        for view in verification_decoy.open_requests(request)
        if str(view.request.person_id) not in on_plan
        and view.request.person.status not in NOT_HELD
        and _busy(request, operation, person_id=view.request.person_id) is None
    ]
    return choices_of([v.request for v in views], {v.request.pk: v.cleared for v in views})


def plan(request: HttpRequest, operation: Operation) -> Plan:
    """A pretend draft's plan, as ``selectors.operation_plan`` reads a real one's: its persons,
    team, route and supplies (a supply's carrier taken off the team, carried by nobody, as a
    real one); no check-ins or alerts."""
    team = _team(request, operation)
    carriers = {str(t.pk): t for t in team}
    supplies = [
        Supply(
            id=uuid.UUID(data["id"]),
            operation=operation,
            kind=data["kind"],
            quantity=data["quantity"],
            note=data["note"],
            carried_by=carriers.get(data.get("carried_by") or ""),
        )
        for data in _items(request, operation, "supplies")
    ]
    supplies.sort(key=lambda supply: (supply.kind, str(supply.pk)))  # as real ones are ordered
    return Plan(
        operation=operation,
        persons=_persons(request, operation),
        team=team,
        waypoints=_route(request, operation),
        supplies=supplies,
        check_ins=[],
        alerts=[a for a in _all(request) if _about_operation(a, operation)],
    )


def problems(request: HttpRequest, operation: Operation) -> list[str]:
    """What a pretend draft still lacks before approval, as ``services.plan_problems`` says
    of a real draft with nobody on it (``services.plan_problems_pretend``)."""
    drafted = plan(request, operation)
    return services.plan_problems_pretend(
        operation, persons=drafted.persons, team=drafted.team, waypoints=drafted.waypoints
    )


def _uncleared(request: HttpRequest, persons: list[OperationPerson]) -> list[RescueRequest]:
    """Its pretend plan's rescue requests the trap check does not clear yet (each once), as
    ``services.uncleared_requests`` finds a real plan's."""
    from safepassage.verification import decoy as verification_decoy

    requests = {str(p.rescue_request.pk): p.rescue_request for p in persons}
    return [
        rescue
        for request_id, rescue in requests.items()
        if not ((found := verification_decoy.page(request, request_id)) and found[1].cleared)
    ]


def _elsewhere(
    request: HttpRequest, operation: Operation
) -> Callable[[OperationPerson | TeamMember], Operation | None]:
    """Another of its pretend operations, approved or underway, a person or team member of
    this one is on (:func:`_busy`)."""

    def find(item: OperationPerson | TeamMember) -> Operation | None:
        if isinstance(item, OperationPerson):
            return _busy(request, operation, person_id=item.person_id)
        return _busy(request, operation, member_id=item.member_id)

    return find


def transition(
    request: HttpRequest,
    *,
    actor: User,
    operation: Operation,
    action: str,
    status: str = "",
    **ending: Any,
) -> None:
    """Approve, reopen, start or end (``status``, and the rest of the outcome, ``ending``:
    notes, brought out, member outcomes) its pretend operation, checked as the real services
    check a real one with its persons, team and route; what it changes is kept (the operation,
    her pretend persons' status, its members lost, its alerts)."""
    from safepassage.intel import decoy as intel_decoy
    from safepassage.tracing import decoy as tracing_decoy

    drafted = plan(request, operation)
    people: dict[str, Any] = {
        "actor": actor,
        "operation": operation,
        "persons": drafted.persons,
        "elsewhere": _elsewhere(request, operation),
    }
    lost: list[tuple[TeamMember, str, Said]] = []
    if action == "approve":
        step = services.operation_approve_pretend(
            **people,
            team=drafted.team,
            waypoints=drafted.waypoints,
            uncleared=_uncleared(request, drafted.persons),
        )
    elif action == "reopen":
        step = services.operation_reopen_pretend(**people)
    elif action == "start":
        step = services.operation_start_pretend(
            **people, team=drafted.team, uncleared=_uncleared(request, drafted.persons)
        )
    else:
        ended = services.operation_end_pretend(**people, team=drafted.team, status=status, **ending)
        step, lost = ended.step, ended.lost
    # Those brought out and the team's outcomes, as ending set them on its plan's items.
    _keep_operation(
        request,
        step.operation,
        persons=[_person_data(p) for p in drafted.persons],
        team=[_team_data(t) for t in drafted.team],
    )
    for change in step.statuses:
        tracing_decoy.status_keep(request, change)
    for team_member, member_status, reason in lost:
        intel_decoy.member_status_record(
            request, actor=actor, member=team_member.member, status=member_status, reason=reason
        )
    for alert in step.alerts:
        alert.created_at = timezone.now()  # raised last, after its members' alerts, as a real one
        _keep(request, alert)
    _blocked_follow(request, step.operation, drafted.persons)


def _blocked_follow(
    request: HttpRequest, operation: Operation, persons: list[OperationPerson]
) -> None:
    """Retire its pretend operation's "approved but cannot start" alert once that no longer
    holds, as ``services.blocked_alerts_follow`` retires a real one's."""
    from safepassage.operations.models import AlertKind

    note = services.blocked_resolution(
        operation, uncleared=lambda: bool(_uncleared(request, persons))
    )
    if note is not None:
        resolve(request, kind=AlertKind.APPROVAL, subject=operation, note=note)


def blocked_follow(request: HttpRequest, rescue: RescueRequest) -> None:
    """:func:`_blocked_follow` of each of its pretend operations that has this pretend rescue
    request on it (it waits no more), as a real request's does for the operations carrying
    it."""
    for operation in operations_all(request):
        persons = _persons(request, operation)
        if any(str(p.rescue_request_id) == str(rescue.pk) for p in persons):
            _blocked_follow(request, operation, persons)


def pretend_record(request: HttpRequest, model: type[Model], record_id: Any) -> Model | None:
    """Its own pretend record of ``model`` a plan form names: a rescue request for its persons,
    a member for the team, a place for the route (None for any other id)."""
    from safepassage.intel import decoy as intel_decoy
    from safepassage.verification import decoy as verification_decoy

    if model is RescueRequest:
        found = verification_decoy.page(request, record_id)
        return found[0] if found is not None else None
    if model is Member:
        return intel_decoy.member(request, record_id)
    if model is Place:
        return intel_decoy.place(request, record_id)
    return None


def team_member(
    request: HttpRequest, operation: Operation, team_member_id: Any
) -> TeamMember | None:
    """The member of its pretend draft's team with that id (a supply's carrier), or None."""
    return next((t for t in _team(request, operation) if str(t.pk) == str(team_member_id)), None)


def waypoint(request: HttpRequest, operation: Operation, waypoint_id: Any) -> Waypoint | None:
    """The stop of its pretend draft's route with that id (a check-in names it), or None."""
    return next((w for w in _route(request, operation) if str(w.pk) == str(waypoint_id)), None)


def members_available(request: HttpRequest, operation: Operation) -> list[Member]:
    """Its pretend members its pretend draft can put on its team, as
    ``selectors.members_available`` offers the network's: active, not on the team, nor on
    another of its approved or underway operations."""
    from safepassage.intel import decoy as intel_decoy
    from safepassage.intel.models import MemberStatus

    on_team = {str(t.member_id) for t in _team(request, operation)}
    return [
        m
        for m in intel_decoy.members_all(request)
        if m.status == MemberStatus.ACTIVE
        and str(m.pk) not in on_team
        and _busy(request, operation, member_id=m.pk) is None
    ]


def places(request: HttpRequest) -> list[Place]:
    """Its pretend places a route may stop at, in the order a real draft offers places."""
    from safepassage.intel import decoy as intel_decoy

    return intel_decoy.places_all(request)


def comm_plan_record(
    request: HttpRequest, *, actor: User, operation: Operation, **values: Any
) -> Operation:
    """A decoy coordinator's change of its pretend draft's comm plan, checked as a real one
    (``operation_set_comm_plan_pretend``), then kept."""
    changed = services.operation_set_comm_plan_pretend(actor=actor, operation=operation, **values)
    _keep_operation(request, changed)
    return changed


def supply_record(
    request: HttpRequest, *, actor: User, operation: Operation, **values: Any
) -> Supply:
    """Supplies a decoy coordinator adds to its pretend draft (carried by one of its team, or
    nobody), checked as real ones (``supply_add_pretend``), then kept with it, last (as a real
    plan lists them)."""
    supply = services.supply_add_pretend(actor=actor, operation=operation, **values)
    added = {"id": str(supply.pk), "kind": supply.kind, "quantity": supply.quantity}
    carrier = str(supply.carried_by.pk) if supply.carried_by is not None else None
    kept = [
        *_items(request, operation, "supplies"),
        {**added, "note": supply.note, "carried_by": carrier},
    ]
    _keep_operation(request, operation, supplies=kept)
    return supply


def person_record(
    request: HttpRequest, *, actor: User, operation: Operation, rescue_request: RescueRequest
) -> OperationPerson:
    """The person one of its pretend rescue requests is about, whom a decoy coordinator's
    pretend draft is to bring out, checked as a real one (``operation_add_request_pretend``),
    then kept with it."""
    added = services.operation_add_request_pretend(
        actor=actor,
        operation=operation,
        rescue_request=rescue_request,
        persons=_persons(request, operation),
        busy=_busy(request, operation, person_id=rescue_request.person_id),
    )
    kept = [*_items(request, operation, "persons"), _person_data(added)]
    _keep_operation(request, operation, persons=kept)
    return added


def team_member_record(
    request: HttpRequest, *, actor: User, operation: Operation, member: Member, role: str
) -> TeamMember:
    """One of its pretend members a decoy coordinator puts on its pretend draft's team,
    checked as a real one (``team_member_add_pretend``), then kept with it."""
    added = services.team_member_add_pretend(
        actor=actor,
        operation=operation,
        member=member,
        role=role,
        team=_team(request, operation),
        busy=_busy(request, operation, member_id=member.pk),
    )
    _keep_operation(
        request, operation, team=[*_items(request, operation, "team"), _team_data(added)]
    )
    return added


def waypoint_record(
    request: HttpRequest, *, actor: User, operation: Operation, **values: Any
) -> Waypoint:
    """The next stop of its pretend draft's route, at one of its pretend places, checked as a
    real one (``waypoint_add_pretend``), then kept with it, last."""
    added = services.waypoint_add_pretend(
        actor=actor, operation=operation, route=_route(request, operation), **values
    )
    kept = {
        "id": str(added.pk),
        "kind": added.kind,
        "place": str(added.place.pk),
        "planned_arrival": added.planned_arrival.isoformat(),
        "transport": added.transport,
        "note": added.note,
    }
    _keep_operation(request, operation, waypoints=[*_items(request, operation, "waypoints"), kept])
    return added


def item_remove_record(
    request: HttpRequest, *, actor: User, operation: Operation, item_type: str, item_id: Any
) -> None:
    """A decoy coordinator takes an item off its pretend draft, checked as a real removal
    (``plan_item_remove_pretend``: its own items only), then forgotten (the stops after a
    stop taken off move up, as a real route's)."""
    drafted = plan(request, operation)
    items: list[Model] = [*drafted.persons, *drafted.team, *drafted.waypoints, *drafted.supplies]
    removed = services.plan_item_remove_pretend(
        actor=actor, operation=operation, item_type=item_type, item_id=item_id, items=items
    )
    name = {
        OperationPerson: "persons",
        TeamMember: "team",
        Waypoint: "waypoints",
        Supply: "supplies",
    }[type(removed)]
    kept = [i for i in _items(request, operation, name) if i["id"] != str(removed.pk)]
    _keep_operation(request, operation, **{name: kept})


def named(request: HttpRequest, model: type[Any], record_id: Any) -> Any:
    """The record of ``model`` a plan change names: the network's, or for a decoy its own
    pretend one (it may see no record of the network's). Any other raises
    ``model.DoesNotExist`` (an id that is not one, ``ValueError`` or ``ValidationError``)."""
    if not sealed.is_decoy(request):
        return model.objects.get(pk=record_id)
    found = pretend_record(request, model, record_id)
    if found is None:
        raise model.DoesNotExist
    return found


def team_member_of(request: HttpRequest, operation: Operation, team_member_id: Any) -> Any:
    """The member of the operation's team with that id (a decoy's: of its pretend draft's
    team), or None."""
    if sealed.is_decoy(request):
        return team_member(request, operation, team_member_id)
    return operation.team.filter(pk=team_member_id).first()


# Each plan section's save, and a decoy's pretend one (kept in its session).
_PLAN_SAVES: dict[str, tuple[Callable[..., object], Callable[..., object]]] = {
    "comm": (services.operation_set_comm_plan, comm_plan_record),
    "person": (services.operation_add_request, person_record),
    "team": (services.team_member_add, team_member_record),
    "waypoint": (services.waypoint_add, waypoint_record),
    "supply": (services.supply_add, supply_record),
}


def plan_save(
    request: HttpRequest, *, actor: User, operation: Operation, section: str, **values: Any
) -> None:
    """Save one section of a draft's plan (``section``: comm, person, team, waypoint or
    supply), as the page and the API do: a decoy's on its pretend draft, kept in its
    session."""
    save, pretend = _PLAN_SAVES[section]
    if actor.is_decoy:
        pretend(request, actor=actor, operation=operation, **values)
    else:
        save(actor=actor, operation=operation, **values)


def operation_step(
    request: HttpRequest, *, actor: User, operation: Operation, action: str, **ending: Any
) -> None:
    """Approve, reopen, start or end an operation (``ending``: the outcome an end posts), as
    the page and the API do: a decoy's pretend one by :func:`transition`."""
    if actor.is_decoy:
        transition(request, actor=actor, operation=operation, action=action, **ending)
    elif action == "approve":
        services.operation_approve(actor=actor, operation=operation)
    elif action == "reopen":
        services.operation_return_to_draft(actor=actor, operation=operation)
    elif action == "start":
        services.operation_start(actor=actor, operation=operation)
    else:
        services.operation_end(actor=actor, operation=operation, **ending)


def check_in_relay(
    request: HttpRequest, *, actor: User, operation: Operation, **values: Any
) -> NoReturn:
    """A check-in a decoy coordinator relays for one of its pretend draft's team: checked and
    refused as on a real draft (``check_in_relay_pretend``); its duress code raises the
    pretend duress alert a real draft's raises, kept."""
    services.check_in_relay_pretend(
        actor=actor, operation=operation, keep_alert=lambda a: _keep(request, a), **values
    )


def check_in_relay_refused(
    request: HttpRequest,
    *,
    actor: User,
    operation: Operation,
    code: Any,
    team_member_id: Any = None,
    waypoint_id: Any = None,
    position: Any = "",
) -> None:
    """A check-in relayed for its pretend draft, refused for its input before it is read: its
    duress code still raises the pretend duress alert (``check_in_relay_refused_pretend``),
    naming the member and the stop when they are its draft's, as a real draft's raises."""
    services.check_in_relay_refused_pretend(
        actor=actor,
        operation=operation,
        code=code,
        keep_alert=lambda a: _keep(request, a),
        team_member=team_member(request, operation, team_member_id) if team_member_id else None,
        waypoint=waypoint(request, operation, waypoint_id) if waypoint_id else None,
        position=position,
    )


def compromise_subjects(request: HttpRequest, *, user: User) -> tuple[list[Member], list[User]]:
    """The compromise reports' page of a decoy coordinator: its own pretend members marked
    lost, as a real coordinator's lists the network's (``compromise_subjects_pretend``); it
    has no accounts."""
    from safepassage.intel import decoy as intel_decoy
    from safepassage.operations import compromise

    members = intel_decoy.members_all(request)
    return compromise.compromise_subjects_pretend(user=user, members=members), []


def compromise_report(
    request: HttpRequest, *, user: User, kind: str, subject_id: Any
) -> CompromiseReport:
    """The compromise report of its own pretend member marked lost, on the pretend drafts it
    is on (``compromise_report_pretend``); any other subject not found, as a real one."""
    from safepassage.intel import decoy as intel_decoy
    from safepassage.operations import compromise

    member = intel_decoy.member(request, subject_id) if kind == "member" else None
    plans = [plan(request, operation) for operation in operations_all(request)]
    return compromise.compromise_report_pretend(user=user, member=member, plans=plans)


def compromise_report_shown(
    request: HttpRequest, *, user: User, kind: str, subject_id: Any
) -> CompromiseReport:
    """The compromise report a page or the API shows: a decoy's of its own pretend member
    only (:func:`compromise_report`), a real account's audited."""
    from safepassage.operations import compromise

    if user.is_decoy:
        return compromise_report(request, user=user, kind=kind, subject_id=subject_id)
    return compromise.compromise_report(user=user, kind=kind, subject_id=subject_id)


def compromise_csv(user: User, report: CompromiseReport) -> str:
    """A compromise report as CSV, its export audited (a decoy's: the same CSV, not)."""
    from safepassage.operations import compromise

    if user.is_decoy:
        return compromise.compromise_report_csv_pretend(user=user, report=report)
    return compromise.compromise_report_csv(user=user, report=report)
