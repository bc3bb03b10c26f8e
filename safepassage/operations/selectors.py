"""Read operations and alerts, narrowed to what each user may see; every view is audited.

Coordinators (``operations.manage``) see every operation. A field member sees only the
operations whose team they are on, while approved or underway, and only what the field page
needs (:class:`FieldView`): never family contacts, reports, other operations or alerts.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Model, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.safestring import SafeString

from safepassage.accounts.models import User
from safepassage.accounts.permissions import (
    Capability,
    capabilities,
    filter_visible,
    has_capability,
)
from safepassage.audit.services import audit_view, audit_views
from safepassage.intel.models import Member, MemberStatus
from safepassage.operations.alert_messages import alert_text
from safepassage.operations.models import (
    FIELD_VISIBLE_STATUSES,
    Alert,
    CheckIn,
    Operation,
    OperationPerson,
    OperationStatus,
    Supply,
    TeamMember,
    Waypoint,
    WaypointKind,
)
from safepassage.verification.models import RequestStatus, RescueRequest

if TYPE_CHECKING:
    from safepassage.tracing.models import Person


def alerts_open_for_user(*, user: User, limit: int = 20) -> list[Alert]:
    """The newest open alerts the user may see; showing them is recorded in the audit log."""
    if not has_capability(user, Capability.ALERTS):
        return []
    alerts = list(filter_visible(Alert.objects.filter(acknowledged_at__isnull=True), user)[:limit])
    audit_view(actor=user, objects=alerts)
    return alerts


def _manages(user: User) -> bool:
    return Capability.OPERATIONS_MANAGE in capabilities(user) and not user.is_decoy


def _get(queryset: QuerySet[Operation], operation_id: object) -> Operation:
    try:
        return queryset.get(pk=str(operation_id))
    except (Operation.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
    except Exception as exc:
        from django.core.exceptions import ValidationError

        if isinstance(exc, ValidationError):
            raise Http404 from exc
        raise


# --- coordinators --------------------------------------------------------------------------


def operations_for_coordinator(*, user: User) -> list[Operation]:
    """Every operation, newest first (coordinators only); the list is audited."""
    if not _manages(user):
        return []
    operations = list(Operation.objects.order_by("-created_at"))
    audit_view(actor=user, objects=operations)
    return operations


def operation_get_for_coordinator(*, user: User, operation_id: object) -> Operation:
    if not _manages(user):
        raise Http404
    operation = _get(Operation.objects.all(), operation_id)
    audit_view(actor=user, objects=[operation])
    return operation


@dataclass
class Plan:
    """Everything a coordinator's operation page shows."""

    operation: Operation
    persons: list[OperationPerson]
    team: list[TeamMember]
    waypoints: list[Waypoint]
    supplies: list[Supply]
    check_ins: list[CheckIn]
    alerts: list[Alert]

    @property
    def waypoint_places(self) -> dict[int, str]:
        """The route's place names by waypoint number (its alerts name them)."""
        return {w.position: str(w.place.name) for w in self.waypoints}


def operation_plan(*, user: User, operation: Operation) -> Plan:
    """The whole plan and log of one operation (the persons shown are audited)."""
    if not _manages(user):
        raise Http404
    persons = list(operation.persons.select_related("person", "rescue_request"))
    plan = Plan(
        operation=operation,
        persons=persons,
        team=list(operation.team.select_related("member")),
        waypoints=list(operation.waypoints.select_related("place")),
        supplies=list(operation.supplies.select_related("carried_by__member")),
        check_ins=list(
            operation.check_ins.select_related("team_member__member", "waypoint__place").order_by(
                "-at"
            )
        ),
        alerts=list(operation.alerts.select_related("acknowledged_by").order_by("-created_at")),
    )
    audit_view(actor=user, objects=[p.person for p in persons])
    return plan


# --- field members -------------------------------------------------------------------------


def requests_available(*, user: User, operation: Operation) -> list[RescueRequest]:
    """Open rescue requests a draft can take: not its own persons, nor persons already on
    another approved or underway operation, nor women no longer held."""
    if not _manages(user):
        return []
    from safepassage.operations.services.planning import BUSY_STATUSES
    from safepassage.verification.selectors import NOT_HELD

    busy = OperationPerson.objects.filter(operation__status__in=BUSY_STATUSES).values("person_id")
    found = list(
        RescueRequest.objects.filter(status=RequestStatus.OPEN)
        .exclude(person_id__in=operation.persons.values("person_id"))
        .exclude(person_id__in=busy)
        .exclude(person__status__in=NOT_HELD)
        .select_related("person", "requested_by")
        .order_by("-created_at", "pk")
    )
    return _side_by_side(found)


def _side_by_side(found: list[RescueRequest]) -> list[RescueRequest]:
    """Requests newest first with one woman's side by side, in the order of her newest one."""
    first_seen: dict[Any, int] = {}
    for request in found:
        first_seen.setdefault(request.person_id, len(first_seen))
    return sorted(found, key=lambda r: first_seen[r.person_id])


@dataclass(frozen=True)
class RequestChoice:
    """One rescue request a draft can take, with what tells it apart from her others (two
    records of one woman merged bring both records' requests to her): when and by whom it
    was recorded, whether the trap check has cleared it, and its short reference (the one
    refusals to start name)."""

    request: RescueRequest
    cleared: bool
    # Her other open requests in the list: more than one asks the coordinator to choose.
    siblings: int

    @property
    def ref(self) -> str:
        return str(self.request.pk)[:8]


def request_choices(*, user: User, operation: Operation) -> list[RequestChoice]:
    """:func:`requests_available`, each with what the plan page shows to choose between them
    (the women it names are audited as shown)."""
    from safepassage.verification.selectors import requests_cleared

    found = requests_available(user=user, operation=operation)
    audit_view(actor=user, objects=list({r.person_id: r.person for r in found}.values()))
    return choices_of(found, requests_cleared(found))


def choices_of(found: list[RescueRequest], cleared: dict[Any, bool]) -> list[RequestChoice]:
    """The requests a draft can take (newest first), one woman's side by side, each with whether
    the trap check has cleared it (``cleared``, by id) and how many of hers are among them."""
    found = _side_by_side(found)
    per_person: dict[Any, int] = {}
    for request in found:
        per_person[request.person_id] = per_person.get(request.person_id, 0) + 1
    return [
        RequestChoice(
            request=request,
            cleared=cleared.get(request.pk, False),
            siblings=per_person[request.person_id] - 1,
        )
        for request in found
    ]


def members_available(*, user: User, operation: Operation) -> list[Member]:
    """Active members a draft can put on its team: not on it, nor on another approved or
    underway operation."""
    if not _manages(user):
        return []
    from safepassage.operations.services.planning import BUSY_STATUSES

    busy = TeamMember.objects.filter(operation__status__in=BUSY_STATUSES).values("member_id")
    return list(
        Member.objects.filter(status=MemberStatus.ACTIVE)
        .exclude(pk__in=operation.team.values("member_id"))
        .exclude(pk__in=busy)
    )


def _field_queryset(user: User) -> QuerySet[Operation]:
    """Approved or underway operations the user is on, while their member is active. An approved
    one whose rescue request was closed (a trap, withdrawn) cannot start: its team no longer
    sees it."""
    if user.is_decoy or not has_capability(user, Capability.OPERATIONS_FIELD):
        return Operation.objects.none()
    # A member marked compromised, captured, missing or killed: whoever holds the phone may be
    # reading. The duress code sent from it still alerts (services.check_in_unseen).
    return (
        Operation.objects.filter(
            status__in=list(FIELD_VISIBLE_STATUSES),
            team__member__user=user,
            team__member__status=MemberStatus.ACTIVE,
        )
        .exclude(
            status=OperationStatus.APPROVED,
            persons__rescue_request__status=RequestStatus.CLOSED,
        )
        .distinct()
    )


def field_operations(*, user: User) -> list[Operation]:
    """The operations this user is on (approved or underway)."""
    operations = list(_field_queryset(user).order_by("-created_at"))
    audit_view(actor=user, objects=operations)
    return operations


@dataclass
class FieldPerson:
    id: str
    first_name: str
    has_photo: bool


@dataclass
class FieldView:
    """What a field member's page holds: no family, no reports, no other operations."""

    operation: Operation
    me: TeamMember
    team: list[TeamMember]
    waypoints: list[Waypoint]
    supplies: list[Supply]
    persons: list[FieldPerson]
    my_check_ins: list[CheckIn] = field(default_factory=list)
    # A rescue request of the operation was closed while it was underway: its pick-up and
    # its person are no longer shown, and the page tells the team to wait for the base.
    request_closed: bool = False


def field_operation_get(*, user: User, operation_id: object) -> Operation:
    """The operation, if this user is on its team and it is approved or underway; else 404."""
    return _get(_field_queryset(user), operation_id)


def _first_name(given_names: list[str] | None) -> str:
    """The first word of her first given name: a whole name typed into that one field (or a
    PFIF record with only a full name) must not show the team her family's names."""
    words = str(given_names[0]).split() if given_names else []
    return words[0] if words else "—"


def field_view(*, user: User, operation: Operation) -> FieldView:
    """The field page of one operation: codenames, route, times, supplies, first names."""
    operation = field_operation_get(user=user, operation_id=operation.pk)
    team = list(operation.team.select_related("member"))
    me = next(t for t in team if t.member.user_id == user.pk)
    entries = list(operation.persons.select_related("person", "rescue_request"))
    closed = any(e.rescue_request.status != RequestStatus.OPEN for e in entries)
    entries = [e for e in entries if e.rescue_request.status == RequestStatus.OPEN]
    persons = [
        FieldPerson(
            id=str(e.person_id),
            first_name=_first_name(e.person.given_names),
            has_photo=bool(e.person.photo_consent and e.person.photo),
        )
        for e in entries
    ]
    waypoints = list(operation.waypoints.select_related("place"))
    if closed:
        waypoints = [w for w in waypoints if w.kind != WaypointKind.PICKUP]
    view = FieldView(
        operation=operation,
        me=me,
        team=team,
        waypoints=waypoints,
        supplies=list(operation.supplies.select_related("carried_by__member")),
        persons=persons,
        my_check_ins=list(
            operation.check_ins.filter(team_member=me)
            .select_related("waypoint")
            .order_by("-at")[:10]
        ),
        request_closed=closed,
    )
    audit_view(actor=user, objects=[operation])
    audit_view(actor=user, objects=[e.person for e in entries])
    audit_view(actor=user, objects=[w.place for w in waypoints])
    audit_view(actor=user, objects=[t.member for t in team])
    return view


def field_photo(*, user: User, operation_id: object, person_id: object) -> tuple[bytes, str]:
    """A person's photo for the team bringing her out, only where consent is recorded and
    while the field page shows her (not once her rescue request is closed)."""
    operation = field_operation_get(user=user, operation_id=operation_id)
    entry = (
        operation.persons.select_related("person")
        .filter(person_id=str(person_id), rescue_request__status=RequestStatus.OPEN)
        .first()
        if _is_uuid(person_id)
        else None
    )
    if entry is None or not entry.person.photo_consent or not entry.person.photo:
        raise Http404
    with entry.person.photo.open("rb") as handle:
        data = handle.read()
    audit_view(actor=user, objects=[entry.person])
    return data, _image_type(data)


def _is_uuid(value: object) -> bool:
    import uuid

    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def _image_type(data: bytes) -> str:
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return "application/octet-stream"


# --- what each alert is about ----------------------------------------------------------------


@dataclass(frozen=True)
class AlertSubject:
    """The record an alert is about, as far as the viewer may see it."""

    kind: str  # person, rescue_request, member, operation
    id: str
    url: str
    label: str  # a codename; empty for a person (her names are shown from ``person``)
    person: Person | None = None  # the person, or the person a rescue request is for


@dataclass(frozen=True)
class AlertRow:
    alert: Alert
    text: SafeString
    subject: AlertSubject | None

    @property
    def plain_text(self) -> str:
        """The text without markup (for the API)."""
        return html.unescape(strip_tags(self.text))


def _survivors(user: User, persons: dict[str, Person]) -> dict[str, Person]:
    """Each person as the record that now stands for her: a merged-away record resolves to
    its survivor (the alert names and links her), dropped when the survivor is not visible."""
    from safepassage.intel.access import persons_visible

    resolved = dict(persons)
    for _hop in range(20):  # merges chain rarely; the bound keeps a loop from running on
        pending = {pid: p for pid, p in resolved.items() if p.merged_into_id is not None}
        if not pending:
            break
        ahead = {
            p.pk: p
            for p in persons_visible(user).filter(
                pk__in={p.merged_into_id for p in pending.values()}
            )
        }
        for pid, person in pending.items():
            if person.merged_into_id in ahead:
                resolved[pid] = ahead[person.merged_into_id]
            else:
                del resolved[pid]
    return {pid: p for pid, p in resolved.items() if p.merged_into_id is None}


def _subjects(user: User, alerts: list[Alert]) -> tuple[dict[str, AlertSubject], list[Model]]:
    """Each alert's subject the user may see (need-to-know), and the records shown."""
    from safepassage.intel.access import persons_visible
    from safepassage.intel.models import Member
    from safepassage.tracing.models import Person
    from safepassage.verification.models import RescueRequest
    from safepassage.verification.selectors import requests_visible

    wanted: dict[str, set[str]] = {}
    for alert in alerts:
        if alert.subject_type and alert.subject_id:
            wanted.setdefault(alert.subject_type, set()).add(alert.subject_id)
    found: dict[tuple[str, str], AlertSubject] = {}
    shown: list[Model] = []

    def ids(label: str) -> list[str]:
        return [i for i in wanted.get(label, ()) if _is_uuid(i)]

    person_ids = ids(Person._meta.label)
    request_ids = ids(RescueRequest._meta.label)
    requests = list(
        requests_visible(user).filter(pk__in=request_ids).select_related("person")
        if request_ids
        else []
    )
    names_wanted = set(person_ids) | {str(r.person_id) for r in requests}
    persons = {
        str(p.pk): p
        for p in (persons_visible(user).filter(pk__in=names_wanted) if names_wanted else [])
    }
    persons = _survivors(user, persons)
    for pid in person_ids:
        if pid in persons:
            now = persons[pid]
            url = reverse("tracing:person_detail", args=[now.pk])
            found[(Person._meta.label, pid)] = AlertSubject("person", str(now.pk), url, "", now)
            shown.append(now)
    for rescue in requests:
        her = persons.get(str(rescue.person_id))
        url = reverse("verification:request_detail", args=[rescue.pk])
        found[(RescueRequest._meta.label, str(rescue.pk))] = AlertSubject(
            "rescue_request", str(rescue.pk), url, "", her
        )
        shown.append(rescue)
        if her is not None:
            shown.append(her)
    member_ids = ids(Member._meta.label)
    for member in filter_visible(Member.objects.filter(pk__in=member_ids), user):
        url = reverse("intel:member_detail", args=[member.pk])
        found[(Member._meta.label, str(member.pk))] = AlertSubject(
            "member", str(member.pk), url, member.codename
        )
        shown.append(member)
    if _manages(user):
        operation_ids = ids(Operation._meta.label) + [
            str(a.operation_id) for a in alerts if a.operation_id is not None
        ]
        for operation in Operation.objects.filter(pk__in=operation_ids):
            url = reverse("operations:detail", args=[operation.pk])
            found[(Operation._meta.label, str(operation.pk))] = AlertSubject(
                "operation", str(operation.pk), url, operation.codename
            )
    by_alert: dict[str, AlertSubject] = {}
    for alert in alerts:
        subject = found.get((alert.subject_type, alert.subject_id))
        if subject is None and alert.operation_id is not None:  # a check-in: its operation
            subject = found.get((Operation._meta.label, str(alert.operation_id)))
        if subject is not None:
            by_alert[str(alert.pk)] = subject
    return by_alert, list({(type(m), m.pk): m for m in shown}.values())


def alert_rows(*, user: User, alerts: list[Alert]) -> list[AlertRow]:
    """Alerts with their text in the viewer's language and the record each is about, linked
    and named only when the user may see that record (the names shown are audited)."""
    subjects, shown = _subjects(user, alerts)
    audit_views(
        actor=user,
        groups=[[m for m in shown if type(m) is t] for t in dict.fromkeys(map(type, shown))],
    )
    places = _waypoint_places(user, alerts)
    return [
        AlertRow(a, alert_text(a, places.get(a.operation_id)), subjects.get(str(a.pk)))
        for a in alerts
    ]


def _waypoint_places(user: User, alerts: list[Alert]) -> dict[Any, dict[int, str]]:
    """The names of the waypoints of the alerts' operations, by operation and position, for
    a user who may see their routes (who manages operations); nothing for anyone else."""
    operation_ids = {a.operation_id for a in alerts if a.operation_id is not None}
    if not operation_ids or not _manages(user):
        return {}
    places: dict[Any, dict[int, str]] = {}
    for waypoint in Waypoint.objects.filter(operation_id__in=operation_ids).select_related("place"):
        places.setdefault(waypoint.operation_id, {})[waypoint.position] = str(waypoint.place.name)
    return places


def alert_rows_open_for_user(*, user: User, limit: int = 20) -> list[AlertRow]:
    """:func:`alerts_open_for_user`, each with its text and subject (:func:`alert_rows`)."""
    return alert_rows(user=user, alerts=alerts_open_for_user(user=user, limit=limit))
