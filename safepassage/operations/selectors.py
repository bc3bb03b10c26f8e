"""Read operations and alerts, narrowed to what each user may see; every view is audited.

Coordinators (``operations.manage``) see every operation. A field member sees only the
operations whose team they are on, while approved or underway, and only what the field page
needs (:class:`FieldView`): never family contacts, reports, other operations or alerts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.http import Http404

from safepassage.accounts.models import User
from safepassage.accounts.permissions import (
    Capability,
    capabilities,
    filter_visible,
    has_capability,
)
from safepassage.audit.services import audit_view
from safepassage.intel.models import Member, MemberStatus
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
            operation.check_ins.select_related("team_member__member", "waypoint").order_by("-at")
        ),
        alerts=list(operation.alerts.order_by("-created_at")),
    )
    audit_view(actor=user, objects=[p.person for p in persons])
    return plan


# --- field members -------------------------------------------------------------------------


def requests_available(*, user: User, operation: Operation) -> list[RescueRequest]:
    """Open rescue requests a draft can take: not its own persons, nor persons already on
    another approved or underway operation."""
    if not _manages(user):
        return []
    from safepassage.operations.services.planning import BUSY_STATUSES

    busy = OperationPerson.objects.filter(operation__status__in=BUSY_STATUSES).values("person_id")
    return list(
        RescueRequest.objects.filter(status=RequestStatus.OPEN)
        .exclude(person_id__in=operation.persons.values("person_id"))
        .exclude(person_id__in=busy)
        .select_related("person")
    )


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
    """Approved or underway operations the user is on. An approved one whose rescue request was
    closed (a trap, withdrawn) cannot start: its team no longer sees it."""
    if user.is_decoy or not has_capability(user, Capability.OPERATIONS_FIELD):
        return Operation.objects.none()
    return (
        Operation.objects.filter(status__in=list(FIELD_VISIBLE_STATUSES), team__member__user=user)
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
            first_name=str(e.person.given_names[0]) if e.person.given_names else "—",
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
    """A person's photo for the team bringing her out, only where consent is recorded."""
    operation = field_operation_get(user=user, operation_id=operation_id)
    entry = (
        operation.persons.select_related("person").filter(person_id=str(person_id)).first()
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
