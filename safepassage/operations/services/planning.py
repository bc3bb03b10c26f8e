"""Planning an operation: persons from rescue requests, team, route, supplies, comm plan."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from safepassage.accounts.decoy import pretend_clean, require_decoy_writer
from safepassage.accounts.models import User
from safepassage.accounts.permissions import Capability, require_capability
from safepassage.audit.services import audit_record
from safepassage.intel.models import Member, MemberStatus, Place
from safepassage.operations import clock
from safepassage.operations.models import (
    Alert,
    AlertKind,
    Channel,
    Operation,
    OperationPerson,
    OperationStatus,
    Supply,
    SupplyKind,
    TeamMember,
    TeamRole,
    Transport,
    Waypoint,
    WaypointKind,
)
from safepassage.operations.services.alerts import alert_raise
from safepassage.tracing.models import PersonStatus, StatusChange
from safepassage.verification.models import RescueRequest

MIN_CODE_LENGTH = 4
MAX_CODE_LENGTH = 64
# Planned arrivals are kept within a year of today either way: a plan may be entered after the
# fact, but a year 0001 or 9999 is a typing mistake.
ARRIVAL_WINDOW = datetime.timedelta(days=366)
# A person or member on an approved or underway operation is taken: not on a second one.
BUSY_STATUSES = (OperationStatus.APPROVED, OperationStatus.UNDERWAY)


def normalise_code(code: str) -> str:
    """Codes are typed on phones: case and surrounding spaces do not matter."""
    return " ".join(code.split()).casefold()


def _require_draft(operation: Operation) -> None:
    if operation.status != OperationStatus.DRAFT:
        raise ValidationError(
            _("Only a draft can be changed. This operation is %(status)s.")
            % {"status": OperationStatus(operation.status).label.lower()}
        )


def operation_lock(operation: Operation) -> str:
    """Lock the operation's row in the caller's transaction and read its status as stored now
    (set on ``operation`` too): a change another coordinator committed meanwhile is seen, and
    the next one waits for this transaction."""
    stored: str = (
        Operation.objects.select_for_update().values_list("status", flat=True).get(pk=operation.pk)
    )
    operation.status = stored
    return stored


def _lock_draft(operation: Operation) -> None:
    """:func:`_require_draft` on the row as stored now, locked: a plan approved (or an edit
    made) meanwhile is seen, so nothing changes an approved plan behind its approval."""
    operation_lock(operation)
    _require_draft(operation)


def _comm_plan(
    *,
    channel: str,
    check_in_interval_minutes: Any,
    grace_minutes: Any,
    check_in_code: str,
    duress_code: str,
    require_codes: bool,
) -> dict[str, Any]:
    errors: dict[str, str] = {}
    if channel not in Channel.values:
        errors["channel"] = _("Choose a channel from the list.")
    try:
        interval = int(check_in_interval_minutes)
        if not 1 <= interval <= 1440:
            raise ValueError
    except (TypeError, ValueError):
        errors["check_in_interval_minutes"] = _(
            "Give the check-in interval in minutes (1 to 1440)."
        )
        interval = 0
    try:
        grace = int(grace_minutes)
        if not 0 <= grace <= 720:
            raise ValueError
    except (TypeError, ValueError):
        errors["grace_minutes"] = _("Give the grace period in minutes (0 to 720).")
        grace = 0
    code = normalise_code(check_in_code)
    duress = normalise_code(duress_code)
    # One message per code, not a code's name put into one sentence: word order differs.
    for field, typed, normal, spaces, short, long in (
        (
            "check_in_code",
            check_in_code,
            code,
            _("The check-in code cannot be only spaces."),
            _("The check-in code needs at least %(n)d characters."),
            _("The check-in code has at most %(n)d characters."),
        ),
        (
            "duress_code",
            duress_code,
            duress,
            _("The duress code cannot be only spaces."),
            _("The duress code needs at least %(n)d characters."),
            _("The duress code has at most %(n)d characters."),
        ),
    ):
        if typed and not normal:
            errors[field] = spaces
        elif (normal or require_codes) and len(normal) < MIN_CODE_LENGTH:
            errors[field] = short % {"n": MIN_CODE_LENGTH}
        elif len(normal) > MAX_CODE_LENGTH:
            errors[field] = long % {"n": MAX_CODE_LENGTH}
    if code and duress and code == duress:
        errors["duress_code"] = _("The duress code must differ from the check-in code.")
    if errors:
        raise ValidationError(errors)
    values: dict[str, Any] = {
        "channel": channel,
        "check_in_interval_minutes": interval,
        "grace_minutes": grace,
    }
    if code:
        values["check_in_code_hash"] = make_password(code)
    if duress:
        values["duress_code_hash"] = make_password(duress)
    return values


def _operation_row(
    *,
    actor: User,
    codename: str,
    taken: Callable[[str], bool],
    objective: str = "",
    channel: str = Channel.WEB,
    check_in_interval_minutes: Any = 60,
    grace_minutes: Any = 15,
    check_in_code: str = "",
    duress_code: str = "",
    comm_notes: str = "",
) -> Operation:
    """Check a new draft as :func:`operation_create` does (``taken``: whether a codename is
    taken already, in any case), writing nothing; the unsaved draft."""
    codename = codename.strip()
    if not codename:
        raise ValidationError({"codename": _("Give the operation a codename.")})
    if len(codename) > 64:
        raise ValidationError({"codename": _("A codename has at most 64 characters.")})
    if taken(codename):
        raise ValidationError({"codename": _("That codename is taken.")})
    values = _comm_plan(
        channel=channel,
        check_in_interval_minutes=check_in_interval_minutes,
        grace_minutes=grace_minutes,
        check_in_code=check_in_code,
        duress_code=duress_code,
        require_codes=False,
    )
    return Operation(
        codename=codename,
        objective=objective.strip(),
        comm_notes=comm_notes.strip(),
        created_by=actor,
        **values,
    )


def _codename_stored(codename: str) -> bool:
    return Operation.objects.filter(codename__iexact=codename).exists()


def operation_create(*, actor: User, codename: str, **values: Any) -> Operation:
    """Start planning an operation (a draft); ``values``: its objective and communication plan
    (:func:`_operation_row`: channel, check-in interval and grace in minutes, the codes, notes)."""
    require_capability(actor, Capability.OPERATIONS_MANAGE)
    operation = _operation_row(actor=actor, codename=codename, taken=_codename_stored, **values)
    try:
        with transaction.atomic():
            # The codename was looked for above; one created meanwhile stops the insert.
            operation.full_clean(exclude=["codename"])
            operation.save()
            audit_record(actor=actor, action="create", obj=operation)
    except IntegrityError:
        raise ValidationError({"codename": _("That codename is taken.")}) from None
    return operation


def operation_pretend(
    *, actor: User, codenames_kept: Collection[str], codename: str, **values: Any
) -> Operation:
    """What a decoy coordinator's new operation gets back instead of :func:`operation_create`'s
    save (``values``: the rest of its fields, as there): the same checks, the unsaved draft
    (with an id and its times), and nothing written: no row, no audit event. Its codename is
    taken, in any case, by an operation of the network (as a real coordinator's would be) or by
    one of its own pretend ones (``codenames_kept``). The caller keeps it in the decoy's session
    (:mod:`safepassage.operations.decoy`)."""
    require_decoy_writer(actor, Capability.OPERATIONS_MANAGE)
    own = {name.casefold() for name in codenames_kept}
    operation = _operation_row(
        actor=actor,
        codename=codename,
        taken=lambda name: name.casefold() in own or _codename_stored(name),
        **values,
    )
    pretend_clean(operation, "created_by", new_id=True)
    operation.created_at = operation.updated_at = timezone.now()
    return operation


def _codes_differ_from_kept(operation: Operation, *, check_in_code: str, duress_code: str) -> None:
    """One code changed, the other kept: the new one must not be the kept one either (the
    check-ins could no longer tell duress from an ordinary check-in)."""
    code, duress = normalise_code(check_in_code), normalise_code(duress_code)
    if code and not duress and operation.duress_code_hash:
        same = check_password(code, operation.duress_code_hash)
    elif duress and not code and operation.check_in_code_hash:
        same = check_password(duress, operation.check_in_code_hash)
    else:
        return
    if same:
        raise ValidationError(
            {"duress_code": _("The duress code must differ from the check-in code.")}
        )


def _comm_plan_change(
    operation: Operation,
    *,
    as_stored: Callable[[], None],
    channel: str,
    check_in_interval_minutes: Any,
    grace_minutes: Any,
    check_in_code: str = "",
    duress_code: str = "",
    comm_notes: str = "",
    objective: str | None = None,
) -> list[str]:
    """Check a change of a draft's communication plan and make it on ``operation``, unsaved
    (an empty code keeps the code already set); the fields changed. ``as_stored`` reads the
    plan as it stands now once the change is checked: a new code must differ from the other
    one kept."""
    _require_draft(operation)
    values = _comm_plan(
        channel=channel,
        check_in_interval_minutes=check_in_interval_minutes,
        grace_minutes=grace_minutes,
        check_in_code=check_in_code,
        duress_code=duress_code,
        require_codes=False,
    )
    as_stored()
    _codes_differ_from_kept(operation, check_in_code=check_in_code, duress_code=duress_code)
    for name, value in values.items():
        setattr(operation, name, value)
    operation.comm_notes = comm_notes.strip()
    if objective is not None:
        operation.objective = objective.strip()
    return sorted([*values, "comm_notes"])


def operation_set_comm_plan(*, actor: User, operation: Operation, **changes: Any) -> Operation:
    """Change the communication plan (``changes``: :func:`_comm_plan_change`'s); an empty code
    keeps the code already set."""
    require_capability(actor, Capability.OPERATIONS_MANAGE)

    def as_stored() -> None:
        # Changed on the plan as stored now: a code another coordinator set meanwhile is not
        # written back over, and a new code is checked against it.
        _lock_draft(operation)
        operation.refresh_from_db()

    with transaction.atomic():
        fields = _comm_plan_change(operation, as_stored=as_stored, **changes)
        operation.full_clean()
        operation.save()
        audit_record(actor=actor, action="update", obj=operation, detail={"fields": fields})
    return operation


def operation_set_comm_plan_pretend(
    *, actor: User, operation: Operation, **changes: Any
) -> Operation:
    """:func:`operation_set_comm_plan` of a decoy coordinator's pretend draft: the same checks
    (a new code against the one kept too), the change made on ``operation`` unsaved, and
    nothing written. The caller keeps it (:mod:`safepassage.operations.decoy`)."""
    require_decoy_writer(actor, Capability.OPERATIONS_MANAGE)
    _comm_plan_change(operation, as_stored=lambda: None, **changes)
    pretend_clean(operation, "created_by")
    operation.updated_at = timezone.now()
    return operation


def _request_checks(rescue_request: RescueRequest, *, busy: Operation | None) -> None:
    """Check a rescue request whose person a draft would bring out, as
    :func:`operation_add_request` does, writing nothing (``busy``: another approved or underway
    operation that has her, if any)."""
    if rescue_request.status != "open":
        raise ValidationError({"rescue_request": _("That rescue request is closed.")})
    from safepassage.verification.selectors import NOT_HELD

    person = rescue_request.person
    if person.status in NOT_HELD:
        raise ValidationError(
            {
                "rescue_request": _(
                    "She is no longer held (%(status)s): there is no one to bring out."
                )
                % {"status": person.get_status_display()}
            }
        )
    if busy is not None:
        raise ValidationError(
            {
                "rescue_request": _(
                    "That person is already on operation %(operation)s (%(status)s). End it "
                    "first, or take her off it."
                )
                % {"operation": busy.codename, "status": busy.get_status_display().lower()}
            }
        )


def _request_on_plan(on_plan: bool) -> None:
    """Her person is on this plan already (another of her requests brought her)."""
    if on_plan:
        raise ValidationError({"rescue_request": _("That person is already on this operation.")})


def operation_add_request(
    *, actor: User, operation: Operation, rescue_request: RescueRequest
) -> OperationPerson:
    """Bring out the person a rescue request is about."""
    require_capability(actor, Capability.OPERATIONS_MANAGE)
    _require_draft(operation)
    _request_checks(
        rescue_request, busy=_busy_operation_for_person(rescue_request.person_id, operation)
    )
    with transaction.atomic():
        _lock_draft(operation)
        # Under the lock: the same person added at the same moment is seen.
        _request_on_plan(
            OperationPerson.objects.filter(
                operation=operation, person_id=rescue_request.person_id
            ).exists()
        )
        entry = OperationPerson(
            operation=operation, person_id=rescue_request.person_id, rescue_request=rescue_request
        )
        entry.full_clean()
        entry.save()
        audit_record(
            actor=actor,
            action="update",
            obj=operation,
            detail={"added": "person", "request": str(rescue_request.pk)},
        )
    return entry


def operation_add_request_pretend(
    *,
    actor: User,
    operation: Operation,
    rescue_request: RescueRequest,
    persons: Sequence[OperationPerson],
    busy: Operation | None,
) -> OperationPerson:
    """:func:`operation_add_request` on a decoy coordinator's pretend draft, whose pretend
    ``persons`` are given, of one of its own pretend rescue requests (``busy``: another of its
    pretend operations, approved or underway, that has her): the same checks, the unsaved entry
    (with an id), and nothing written. The caller keeps it (:mod:`safepassage.operations.decoy`)."""
    require_decoy_writer(actor, Capability.OPERATIONS_MANAGE)
    _require_draft(operation)
    _request_checks(rescue_request, busy=busy)
    _request_on_plan(any(str(p.person_id) == str(rescue_request.person_id) for p in persons))
    entry = OperationPerson(
        operation=operation, person=rescue_request.person, rescue_request=rescue_request
    )
    return pretend_clean(entry, "operation", "person", "rescue_request", new_id=True)


def _team_checks(
    operation: Operation,
    member: Member,
    role: str,
    *,
    team: Callable[[], tuple[bool, bool]],
    busy: Operation | None,
) -> None:
    """Check a member put on a draft's team, in ``role``, as :func:`team_member_add` does,
    writing nothing (``team``: whether the member is on the team already, and whether it has
    a lead; ``busy``: another approved or underway operation the member is on, if any)."""
    _require_draft(operation)
    if role not in TeamRole.values:
        raise ValidationError({"role": _("Choose a role from the list.")})
    if member.status != MemberStatus.ACTIVE:
        raise ValidationError(
            {
                "member": _("%(member)s is %(status)s, not active.")
                % {"member": member.codename, "status": member.get_status_display().lower()}
            }
        )
    _team_refusals(member, role, *team())
    other = busy
    if other is not None:
        raise ValidationError(
            {
                "member": _(
                    "%(member)s is on operation %(operation)s (%(status)s). A member is on one "
                    "operation at a time: end that one first, or take them off it."
                )
                % {
                    "member": member.codename,
                    "operation": other.codename,
                    "status": other.get_status_display().lower(),
                }
            }
        )


def team_member_add(*, actor: User, operation: Operation, member: Member, role: str) -> TeamMember:
    """Put a member of the network on the team, in one role."""
    require_capability(actor, Capability.OPERATIONS_MANAGE)
    _team_checks(
        operation,
        member,
        role,
        team=lambda: _team_stored(operation, member),
        busy=_busy_operation_for_member(member.pk, operation),
    )
    with transaction.atomic():
        _lock_draft(operation)
        # Again under the lock: the same member or another lead added at the same moment.
        _team_refusals(member, role, *_team_stored(operation, member))
        team_member = TeamMember(operation=operation, member=member, role=role)
        team_member.full_clean()
        team_member.save()
        audit_record(
            actor=actor,
            action="update",
            obj=operation,
            detail={"added": "team_member", "member": str(member.pk), "role": role},
        )
    return team_member


def team_member_add_pretend(
    *,
    actor: User,
    operation: Operation,
    member: Member,
    role: str,
    team: Sequence[TeamMember],
    busy: Operation | None = None,
) -> TeamMember:
    """:func:`team_member_add` on a decoy coordinator's pretend draft, whose pretend ``team``
    is given, of one of its own pretend members (``busy``: another of its pretend operations,
    approved or underway, the member is on): the same checks, the unsaved team member (with an
    id), and nothing written. The caller keeps it (:mod:`safepassage.operations.decoy`)."""
    require_decoy_writer(actor, Capability.OPERATIONS_MANAGE)
    on_team = any(str(t.member_id) == str(member.pk) for t in team)
    has_lead = any(t.role == TeamRole.LEAD for t in team)
    _team_checks(operation, member, role, team=lambda: (on_team, has_lead), busy=busy)
    team_member = TeamMember(operation=operation, member=member, role=role)
    return pretend_clean(team_member, "operation", "member", new_id=True)


def _team_stored(operation: Operation, member: Member) -> tuple[bool, bool]:
    """Whether the member is on the stored team already, and whether it has a lead."""
    return (
        TeamMember.objects.filter(operation=operation, member=member).exists(),
        operation.team.filter(role=TeamRole.LEAD).exists(),
    )


def _team_refusals(member: Member, role: str, on_team: bool, has_lead: bool) -> None:
    """The member is on the team already, or a second lead."""
    if on_team:
        raise ValidationError(
            {"member": _("%(member)s is already on the team.") % {"member": member.codename}}
        )
    if role == TeamRole.LEAD and has_lead:
        raise ValidationError({"role": _("The operation already has a lead: choose another role.")})


def _as_datetime(value: Any, field: str) -> datetime.datetime:
    if isinstance(value, str):
        try:
            value = datetime.datetime.fromisoformat(value.strip())
        except (ValueError, OverflowError):
            raise ValidationError({field: _("Give a date and time (YYYY-MM-DD HH:MM).")}) from None
    if not isinstance(value, datetime.datetime):
        raise ValidationError({field: _("Give a date and time (YYYY-MM-DD HH:MM).")})
    if value.tzinfo is None:
        from django.utils import timezone

        value = timezone.make_aware(value)
    moment: datetime.datetime = value
    return moment


def _waypoint_next(
    operation: Operation,
    *,
    last: Waypoint | None,
    kind: str,
    place: Place,
    planned_arrival: Any,
    transport: str = Transport.FOOT,
    note: str = "",
) -> Waypoint:
    """Check the stop after ``last`` (the route's last stop, if any) as :func:`waypoint_add`
    does, writing nothing (arrival times never go backwards); the unsaved stop."""
    errors: dict[str, str] = {}
    if kind not in WaypointKind.values:
        errors["kind"] = _("Choose the kind of stop from the list.")
    if transport not in Transport.values:
        errors["transport"] = _("Choose the transport from the list.")
    arrival = _as_datetime(planned_arrival, "planned_arrival")
    now = clock.now()
    if arrival < now - ARRIVAL_WINDOW:
        errors["planned_arrival"] = _(
            "The arrival is more than a year in the past: check the date."
        )
    elif arrival > now + ARRIVAL_WINDOW:
        errors["planned_arrival"] = _("The arrival is more than a year ahead: check the date.")
    if errors:
        raise ValidationError(errors)
    if last is not None and arrival < last.planned_arrival:
        raise ValidationError(
            {"planned_arrival": _("The arrival must not be earlier than the previous stop's.")}
        )
    top = last.position if last is not None else 0
    return Waypoint(
        operation=operation,
        position=top + 1,
        kind=kind,
        place=place,
        planned_arrival=arrival,
        transport=transport,
        note=note.strip(),
    )


def waypoint_add(*, actor: User, operation: Operation, place: Place, **stop: Any) -> Waypoint:
    """Add the next stop of the route, at ``place`` (``stop``: its kind, planned arrival,
    transport and note, as :func:`_waypoint_next` takes them; arrival times never go
    backwards)."""
    require_capability(actor, Capability.OPERATIONS_MANAGE)
    _require_draft(operation)
    _waypoint_next(operation, last=None, place=place, **stop)  # refused before any lock
    with transaction.atomic():
        _lock_draft(operation)
        # Under the lock: a stop added at the same moment is the previous one.
        last = operation.waypoints.order_by("-position").first()
        waypoint = _waypoint_next(operation, last=last, place=place, **stop)
        waypoint.full_clean()
        waypoint.save()
        audit_record(
            actor=actor,
            action="update",
            obj=operation,
            detail={"added": "waypoint", "place": str(place.pk), "position": waypoint.position},
        )
    return waypoint


def waypoint_add_pretend(
    *, actor: User, operation: Operation, route: Sequence[Waypoint], **stop: Any
) -> Waypoint:
    """:func:`waypoint_add` on a decoy coordinator's pretend draft, whose pretend ``route`` is
    given, at one of its own pretend places: the same checks, the unsaved stop (with an id),
    and nothing written. The caller keeps it (:mod:`safepassage.operations.decoy`)."""
    require_decoy_writer(actor, Capability.OPERATIONS_MANAGE)
    _require_draft(operation)
    waypoint = _waypoint_next(operation, last=route[-1] if route else None, **stop)
    return pretend_clean(waypoint, "operation", "place", new_id=True)


def _supply_row(
    *,
    operation: Operation,
    kind: str,
    quantity: Any,
    carried_by: TeamMember | None = None,
    note: str = "",
) -> Supply:
    """Check supplies as :func:`supply_add` does, writing nothing; the unsaved row."""
    errors: dict[str, str] = {}
    if kind not in SupplyKind.values:
        errors["kind"] = _("Choose the kind of supply from the list.")
    try:
        amount = int(quantity)
        if not 1 <= amount <= 100000:
            raise ValueError
    except (TypeError, ValueError):
        errors["quantity"] = _("Give a quantity from 1 to 100000.")
        amount = 0
    if carried_by is not None and carried_by.operation_id != operation.pk:
        errors["carried_by"] = _("The carrier must be on this operation's team.")
    if len(note.strip()) > 200:
        errors["note"] = _("A note has at most 200 characters.")
    if errors:
        raise ValidationError(errors)
    return Supply(
        operation=operation, kind=kind, quantity=amount, carried_by=carried_by, note=note.strip()
    )


def supply_add_pretend(*, actor: User, operation: Operation, **supply: Any) -> Supply:
    """:func:`supply_add` on a decoy coordinator's pretend draft (``supply``: its kind,
    quantity, carrier, one of its pretend team, and note, as :func:`_supply_row` takes them):
    the same checks, the unsaved supply (with an id), and nothing written. The caller keeps it
    (:mod:`safepassage.operations.decoy`)."""
    require_decoy_writer(actor, Capability.OPERATIONS_MANAGE)
    _require_draft(operation)
    supply_row = _supply_row(operation=operation, **supply)
    return pretend_clean(supply_row, "operation", "carried_by", new_id=True)


def supply_add(
    *,
    actor: User,
    operation: Operation,
    kind: str,
    quantity: Any,
    carried_by: TeamMember | None = None,
    note: str = "",
) -> Supply:
    """Add supplies the team takes, and who carries them."""
    require_capability(actor, Capability.OPERATIONS_MANAGE)
    _require_draft(operation)
    supply = _supply_row(
        operation=operation, kind=kind, quantity=quantity, carried_by=carried_by, note=note
    )
    with transaction.atomic():
        _lock_draft(operation)
        supply.full_clean()
        supply.save()
        audit_record(
            actor=actor, action="update", obj=operation, detail={"added": "supply", "kind": kind}
        )
    return supply


def _plan_item_model(item_type: str) -> type[Any]:
    """The kind of plan item ``item_type`` names (a person, team member, waypoint, supply)."""
    models: dict[str, type[Any]] = {
        "person": OperationPerson,
        "team_member": TeamMember,
        "waypoint": Waypoint,
        "supply": Supply,
    }
    model = models.get(item_type)
    if model is None:
        raise ValidationError(_("Unknown kind of item."))
    return model


def plan_item_remove_pretend(
    *, actor: User, operation: Operation, item_type: str, item_id: Any, items: Sequence[Model]
) -> Model:
    """:func:`plan_item_remove` on a decoy coordinator's pretend draft, whose pretend ``items``
    are given: the same checks, the item to take off (the caller forgets it), nothing written."""
    require_decoy_writer(actor, Capability.OPERATIONS_MANAGE)
    _require_draft(operation)
    model: type[Model] = _plan_item_model(item_type)
    for item in items:
        if isinstance(item, model) and str(item.pk) == str(item_id):
            return item
    raise ValidationError(_("That item is not on this plan."))


def plan_item_remove(*, actor: User, operation: Operation, item_type: str, item_id: Any) -> None:
    """Take a person, team member, waypoint or supply off a draft plan."""
    require_capability(actor, Capability.OPERATIONS_MANAGE)
    _require_draft(operation)
    model = _plan_item_model(item_type)
    with transaction.atomic():
        _lock_draft(operation)
        try:
            item = model.objects.get(operation=operation, pk=item_id)
        except (model.DoesNotExist, ValueError, ValidationError):
            raise ValidationError(_("That item is not on this plan.")) from None
        item.delete()
        if model is Waypoint:
            for position, waypoint in enumerate(operation.waypoints.order_by("position"), 1):
                if waypoint.position != position:
                    Waypoint.objects.filter(pk=waypoint.pk).update(position=position)
        audit_record(
            actor=actor,
            action="update",
            obj=operation,
            detail={"removed": item_type, "id": str(item_id)},
        )


def _busy_operation_for_person(person_id: Any, operation: Operation) -> Operation | None:
    return (
        Operation.objects.filter(persons__person_id=person_id, status__in=BUSY_STATUSES)
        .exclude(pk=operation.pk)
        .first()
    )


def _busy_operation_for_member(member_id: Any, operation: Operation) -> Operation | None:
    return (
        Operation.objects.filter(team__member_id=member_id, status__in=BUSY_STATUSES)
        .exclude(pk=operation.pk)
        .first()
    )


def lock_rows(model: type[Model], ids: QuerySet[Any]) -> None:
    """Lock the rows of ``model`` with those ids, in the order of their keys (so two
    transactions locking some of the same rows never wait on each other)."""
    list(
        model._default_manager.select_for_update()
        .filter(pk__in=ids)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def lock_people(operation: Operation) -> None:
    """Lock the rows of the plan's persons and team members: a competing plan approved at
    the same moment with one of them waits for this one, then sees it approved, and the
    reverse; a member marked compromised, captured, missing or killed at this moment is seen
    marked."""
    from safepassage.tracing.models import Person

    lock_rows(Person, operation.persons.values("person_id"))
    lock_rows(Member, operation.team.values("member_id"))


def first_name(person: Any) -> str:
    """The name a plan's messages call her by."""
    names = person.given_names or []
    return str(names[0]) if names else _("(no name)")


def busy_elsewhere(operation: Operation) -> list[str]:
    """Persons and team members of this plan already on another approved or underway one."""

    def elsewhere(item: OperationPerson | TeamMember) -> Operation | None:
        if isinstance(item, OperationPerson):
            return _busy_operation_for_person(item.person_id, operation)
        return _busy_operation_for_member(item.member_id, operation)

    return _busy_named(
        operation.persons.select_related("person"),
        operation.team.select_related("member"),
        elsewhere,
    )


def _busy_named(
    persons: Iterable[OperationPerson],
    team: Iterable[TeamMember],
    elsewhere: Callable[[OperationPerson | TeamMember], Operation | None],
) -> list[str]:
    """:func:`busy_elsewhere` of these persons and team members (``elsewhere``: the other
    approved or underway operation one is on, if any)."""
    problems: list[str] = []
    named: list[tuple[OperationPerson | TeamMember, str]] = [
        *((entry, first_name(entry.person)) for entry in persons),
        *((team_member, team_member.member.codename) for team_member in team),
    ]
    for item, name in named:
        other = elsewhere(item)
        if other is not None:
            problems.append(
                _("%(name)s is already on operation %(operation)s.")
                % {"name": name, "operation": other.codename}
            )
    return problems


def plan_lacks(operation: Operation, *, persons: int, leads: int, waypoints: int) -> list[str]:
    """What a plan of that many persons, team leads and waypoints, with its codes as set on
    ``operation``, still lacks before it can be approved (empty: nothing)."""
    problems: list[str] = []
    if not persons:
        problems.append(_("Add at least one person (from a rescue request)."))
    if not leads:
        problems.append(_("Name a team lead."))
    elif leads > 1:
        problems.append(_("Keep one team lead: give the others another role."))
    if waypoints < 2:
        problems.append(_("Plan a route of at least two waypoints."))
    if not operation.check_in_code_hash or not operation.duress_code_hash:
        problems.append(_("Set the check-in code and the duress code."))
    return problems


def plan_problems(operation: Operation) -> list[str]:
    """What a plan still lacks before it can be approved (empty: ready)."""
    problems = plan_lacks(
        operation,
        persons=operation.persons.count(),
        leads=operation.team.filter(role=TeamRole.LEAD).count(),
        waypoints=operation.waypoints.count(),
    )
    return problems + persons_not_held(operation) + members_not_active(operation)


def persons_not_held(operation: Operation) -> list[str]:
    """Persons on the plan who came out another way, were reunited, died or whose file was
    closed since they were put on it: no team crosses for them, so the plan neither is
    approved nor starts with them."""
    from safepassage.verification.selectors import NOT_HELD

    return _not_held(operation.persons.select_related("person").filter(person__status__in=NOT_HELD))


def people_problems(
    persons: Sequence[OperationPerson],
    team: Sequence[TeamMember],
    elsewhere: Callable[[OperationPerson | TeamMember], Operation | None],
) -> list[str]:
    """:func:`persons_not_held`, :func:`busy_elsewhere` and :func:`members_not_active` of
    these persons and team (``elsewhere``: as :func:`_busy_named` takes it)."""
    return _not_held(persons) + _busy_named(persons, team, elsewhere) + _not_active(team)


def _not_held(persons: Iterable[OperationPerson]) -> list[str]:
    """:func:`persons_not_held` of these persons of a plan."""
    from safepassage.verification.selectors import NOT_HELD

    return [
        _("%(name)s is no longer held (%(status)s): take her off the plan.")
        % {"name": first_name(entry.person), "status": entry.person.get_status_display()}
        for entry in persons
        if entry.person.status in NOT_HELD
    ]


def members_not_active(operation: Operation) -> list[str]:
    """Team members marked compromised, captured, missing or killed since they were put on the
    team: the other side may know the route through them, so the plan neither is approved nor
    starts with them."""
    return _not_active(operation.team.select_related("member"))


def _not_active(team: Iterable[TeamMember]) -> list[str]:
    """:func:`members_not_active` of these team members."""
    return [
        _("%(member)s is %(status)s, not active.")
        % {"member": t.member.codename, "status": t.member.get_status_display().lower()}
        for t in team
        if t.member.status != MemberStatus.ACTIVE
    ]


def operation_approve(*, actor: User, operation: Operation) -> Operation:
    """Approve a complete plan; rescue requests that still need approvals raise an alert."""
    require_capability(actor, Capability.OPERATIONS_MANAGE)
    with transaction.atomic():
        # Checked under the lock: an edit or an approval committed meanwhile is seen.
        _lock_draft(operation)
        lock_people(operation)  # a member marked at this moment is seen too
        problems = plan_problems(operation)
        if problems:
            raise ValidationError(problems)
        from safepassage.operations.services.running import (
            closed_requests,
            journey_reasons,
            person_follow,
            uncleared_requests,
        )

        _approval_refusals(closed_requests(operation), busy=lambda: busy_elsewhere(operation))
        operation.status = OperationStatus.APPROVED
        operation.approved_by = actor
        operation.approved_at = clock.now()
        operation.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
        audit_record(actor=actor, action="operation.approve", obj=operation)
        for entry in operation.persons.select_related("person"):
            person_follow(
                actor,
                entry.person,
                PersonStatus.RESCUE_PLANNED,
                **journey_reasons("operation_approved", operation),
            )
        pending = uncleared_requests(operation)
        if pending:
            alert_raise(
                kind=AlertKind.APPROVAL,
                key="operation_blocked",
                params={"operation": operation.codename, "count": len(pending)},
                subject=operation,
                operation=operation,
            )
    return operation


def _approval_refusals(closed: Sequence[RescueRequest], *, busy: Callable[[], list[str]]) -> None:
    """Refuse to approve a complete plan whose rescue requests were ``closed``, or whose
    persons or team are on another approved or underway operation (``busy``: who)."""
    if closed:
        raise ValidationError(
            _("Take off the persons whose rescue request was closed: %(requests)s.")
            % {
                "requests": "; ".join(
                    _("rescue request %(ref)s") % {"ref": str(r.pk)[:8]} for r in closed
                )
            }
        )
    found = busy()
    if found:
        raise ValidationError(found)


def plan_problems_pretend(
    operation: Operation,
    *,
    persons: Sequence[OperationPerson] = (),
    team: Sequence[TeamMember] = (),
    waypoints: Sequence[Waypoint] = (),
) -> list[str]:
    """:func:`plan_problems` of a decoy coordinator's pretend draft, whose pretend ``persons``,
    ``team`` and route (``waypoints``) are given."""
    leads = sum(1 for t in team if t.role == TeamRole.LEAD)
    problems = plan_lacks(operation, persons=len(persons), leads=leads, waypoints=len(waypoints))
    return problems + _not_held(persons) + _not_active(team)


@dataclass(frozen=True)
class PretendStep:
    """What a step of a decoy coordinator's pretend operation (approved, reopened, started,
    ended) changed, unsaved, for its session to keep."""

    operation: Operation
    statuses: list[StatusChange]  # her pretend persons' (moved on, or kept, and why)
    alerts: list[Alert]  # the alerts it raised


def operation_approve_pretend(
    *,
    actor: User,
    operation: Operation,
    persons: Sequence[OperationPerson] = (),
    team: Sequence[TeamMember] = (),
    waypoints: Sequence[Waypoint] = (),
    elsewhere: Callable[[OperationPerson | TeamMember], Operation | None] = lambda _: None,
    uncleared: Sequence[RescueRequest] = (),
) -> PretendStep:
    """:func:`operation_approve` of a decoy coordinator's pretend draft (its pretend
    ``persons``, ``team`` and ``waypoints`` given; ``elsewhere``: another of its pretend
    operations, approved or underway, one of them is on; ``uncleared``: its requests the trap
    check does not clear yet): the same checks, then what approving changes, unsaved (the
    operation approved, her status, the alert). Nothing written: the caller keeps them."""
    require_decoy_writer(actor, Capability.OPERATIONS_MANAGE)
    _require_draft(operation)
    problems = plan_problems_pretend(operation, persons=persons, team=team, waypoints=waypoints)
    if problems:
        raise ValidationError(problems)
    from safepassage.operations.services.alerts import alert_pretend
    from safepassage.operations.services.running import closed_of, journey_pretend

    _approval_refusals(closed_of(persons), busy=lambda: _busy_named(persons, team, elsewhere))
    operation.status = OperationStatus.APPROVED
    operation.approved_by, operation.approved_at = actor, clock.now()
    operation.updated_at = timezone.now()
    statuses = journey_pretend(
        actor, persons, PersonStatus.RESCUE_PLANNED, key="operation_approved", operation=operation
    )
    alerts = []
    if uncleared:
        alerts.append(
            alert_pretend(
                kind=AlertKind.APPROVAL,
                key="operation_blocked",
                params={"operation": operation.codename, "count": len(uncleared)},
                subject=operation,
            )
        )
    return PretendStep(operation, statuses, alerts)


def require_reopenable(status: str) -> None:
    """Only an approved plan, not started, goes back to draft."""
    if status != OperationStatus.APPROVED:
        raise ValidationError(_("Only an approved operation that has not started can be reopened."))


def operation_return_to_draft(*, actor: User, operation: Operation) -> Operation:
    """Reopen an approved plan for changes (it must be approved again)."""
    require_capability(actor, Capability.OPERATIONS_MANAGE)
    require_reopenable(operation.status)
    with transaction.atomic():
        # Read again under the lock: a start committed meanwhile is seen.
        require_reopenable(operation_lock(operation))
        operation.status = OperationStatus.DRAFT
        operation.approved_by = None
        operation.approved_at = None
        operation.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
        audit_record(actor=actor, action="operation.reopen", obj=operation)
        from safepassage.operations.services.running import blocked_alerts_follow, person_release

        # Approving planned her rescue; a plan no longer approved plans nothing.
        for entry in operation.persons.select_related("person"):
            person_release(actor, entry.person, operation, key="operation_reopened")
        blocked_alerts_follow(operation, actor=actor)
    return operation
