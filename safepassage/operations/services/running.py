"""Running an operation: start, check-ins (with the silent duress code), deadlines, outcome."""

from __future__ import annotations

import datetime
import functools
import secrets
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NoReturn

from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from safepassage.accounts.decoy import require_decoy_writer
from safepassage.accounts.models import User
from safepassage.accounts.permissions import (
    ActionRefused,
    Capability,
    has_capability,
    require_capability,
)
from safepassage.audit.services import audit_record
from safepassage.intel import member_reasons
from safepassage.intel.models import MemberStatus
from safepassage.operations import clock
from safepassage.operations.models import (
    PRESSABLE_STATUSES,
    Alert,
    AlertKind,
    CheckIn,
    CheckInStatus,
    CodeResult,
    MemberOutcome,
    Operation,
    OperationPerson,
    OperationStatus,
    TeamMember,
    Waypoint,
)
from safepassage.operations.services.alerts import (
    alert_open_exists,
    alert_pretend,
    alert_raise,
    alerts_resolve,
)
from safepassage.operations.services.planning import (
    PretendStep,
    first_name,
    require_reopenable,
)
from safepassage.tracing.models import Person, PersonStatus, StatusChange
from safepassage.tracing.status_reasons import Said, said
from safepassage.verification.models import RequestStatus, RescueRequest


@functools.cache
def _dummy_hash() -> str:
    """Checked in place of a code not set, so every check-in costs the same time."""
    return make_password(secrets.token_hex(16))


def _request_is_cleared(request: RescueRequest) -> bool:
    from safepassage.verification.selectors import request_is_cleared

    return request_is_cleared(request)


def uncleared_requests(operation: Operation) -> list[RescueRequest]:
    """The rescue requests of the operation the trap check does not clear yet."""
    requests = {
        entry.rescue_request_id: entry.rescue_request
        for entry in operation.persons.select_related("rescue_request")
    }
    return [r for r in requests.values() if not _request_is_cleared(r)]


def blocked_alerts_follow(operation: Operation, *, actor: User | None) -> list[Alert]:
    """Retire the operation's "approved but cannot start" alert once that no longer holds:
    it left "approved" (started, reopened, ended) or the trap check now clears every rescue
    request on it. Returns the alerts retired."""
    if not alert_open_exists(kind=AlertKind.APPROVAL, subject=operation):
        return []
    note = blocked_resolution(operation, uncleared=lambda: bool(uncleared_requests(operation)))
    if note is None:
        return []
    return alerts_resolve(kind=AlertKind.APPROVAL, subject=operation, note=note, actor=actor)


def blocked_resolution(operation: Operation, *, uncleared: Callable[[], bool]) -> str | None:
    """Why the operation's "approved but cannot start" alert no longer holds, as its closing
    note says (None: it holds; ``uncleared``: whether a rescue request on it is not cleared)."""
    if operation.status != OperationStatus.APPROVED:
        return f"Resolved by the system: the operation is {operation.status} now."
    if uncleared():
        return None
    return "Resolved by the system: the trap check clears every rescue request on it."


def closed_requests(operation: Operation) -> list[RescueRequest]:
    """The operation's rescue requests that were closed (a trap, withdrawn, acted on)."""
    return closed_of(operation.persons.select_related("rescue_request", "rescue_request__person"))


def closed_of(persons: Iterable[OperationPerson]) -> list[RescueRequest]:
    """:func:`closed_requests` of these persons of a plan (each request once)."""
    requests = {str(entry.rescue_request.pk): entry.rescue_request for entry in persons}
    return [r for r in requests.values() if r.status != RequestStatus.OPEN]


def _request_names(requests: Sequence[RescueRequest]) -> str:
    return "; ".join(
        _("rescue request %(ref)s (for %(name)s)")
        % {"ref": str(r.pk)[:8], "name": first_name(r.person)}
        for r in requests
    )


def _require_startable(status: str) -> None:
    """Only an approved operation starts."""
    if status != OperationStatus.APPROVED:
        raise ValidationError(_("Only an approved operation can start."))


def operation_start(*, actor: User, operation: Operation) -> Operation:
    """Start an approved operation: only when the trap check clears every rescue request, each
    of its persons is still held, no person or member of it is on another operation, and
    every member of its team is active; each decided on the operation as stored once its row
    is locked."""
    require_capability(actor, Capability.OPERATIONS_MANAGE)
    _require_startable(operation.status)
    # The trap check as the evidence stands now, not as it stood at its last trigger: kept
    # whether or not the start goes ahead, so it is recorded before the lock.
    from safepassage.verification.services import requests_refresh

    requests_refresh(
        requests={e.rescue_request for e in operation.persons.select_related("rescue_request")},
        trigger="operation_start",
        actor=actor,
    )
    from safepassage.operations.services import planning

    now = clock.now()
    with transaction.atomic():
        # Every check below reads the operation as stored now, under the lock: a member marked,
        # a request closed or a start committed meanwhile is seen; the next change waits.
        # Its rescue requests first (a request closed at this moment, a trap, is seen and not
        # started on; the closing locks the request, then alerts naming the operation).
        planning.lock_rows(RescueRequest, operation.persons.values("rescue_request_id"))
        _require_startable(planning.operation_lock(operation))
        planning.lock_people(operation)
        _start_refusals(operation)
        operation.refresh_from_db()
        operation.status = OperationStatus.UNDERWAY
        operation.started_at = now
        operation.check_in_due_at = now + datetime.timedelta(
            minutes=operation.check_in_interval_minutes
        )
        operation.save(update_fields=["status", "started_at", "check_in_due_at", "updated_at"])
        for entry in operation.persons.select_related("person"):
            person_follow(
                actor,
                entry.person,
                PersonStatus.IN_TRANSIT,
                **journey_reasons("operation_started", operation),
            )
        audit_record(actor=actor, action="operation.start", obj=operation)
        blocked_alerts_follow(operation, actor=actor)
    return operation


def _start_refusals(operation: Operation) -> None:
    """Refuse the start of a locked, approved operation for what stands in its way now."""
    from safepassage.operations.services.planning import (
        busy_elsewhere,
        members_not_active,
        persons_not_held,
    )

    _start_refusals_of(
        closed_requests(operation),
        pending=lambda: uncleared_requests(operation),
        people=lambda: (
            persons_not_held(operation) + busy_elsewhere(operation) + members_not_active(operation)
        ),
    )


def _start_refusals_of(
    closed: Sequence[RescueRequest],
    *,
    pending: Callable[[], Sequence[RescueRequest]],
    people: Callable[[], list[str]],
) -> None:
    """:func:`_start_refusals` of a plan whose rescue requests ``closed`` were closed, whose
    ``pending`` ones the trap check does not clear, and whose persons or team ``people``
    names (no longer held, on another operation, not active)."""
    if closed:
        raise ValidationError(
            _(
                "The %(requests)s was closed, so the operation cannot start. Reopen the plan "
                "and take that person off it, or end the operation as aborted."
            )
            % {"requests": _request_names(closed)}
        )
    waiting = pending()
    if waiting:
        raise ValidationError(
            _(
                "The trap check has not cleared %(requests)s. It needs the approvals its "
                "assessment asks for before the operation can start."
            )
            % {"requests": _request_names(waiting)}
        )
    busy = people()
    if busy:
        raise ValidationError(busy)


def operation_reopen_pretend(
    *,
    actor: User,
    operation: Operation,
    persons: Sequence[OperationPerson],
    elsewhere: Callable[[OperationPerson | TeamMember], Operation | None],
) -> PretendStep:
    """:func:`operation_return_to_draft` of a decoy coordinator's pretend operation (its
    pretend ``persons`` given; ``elsewhere``: another of its pretend operations, approved or
    underway, one of them is on): the same check, then the draft and her status, unsaved."""
    require_decoy_writer(actor, Capability.OPERATIONS_MANAGE)
    require_reopenable(operation.status)
    operation.status = OperationStatus.DRAFT
    operation.approved_by, operation.approved_at = None, None
    operation.updated_at = timezone.now()
    statuses = [
        person_release_pretend(
            actor, entry.person, operation, elsewhere(entry), key="operation_reopened"
        )
        for entry in persons
    ]
    return PretendStep(operation, statuses, [])


def operation_start_pretend(
    *,
    actor: User,
    operation: Operation,
    persons: Sequence[OperationPerson],
    team: Sequence[TeamMember],
    elsewhere: Callable[[OperationPerson | TeamMember], Operation | None],
    uncleared: Sequence[RescueRequest],
) -> PretendStep:
    """:func:`operation_start` of a decoy coordinator's pretend operation (its pretend
    ``persons`` and ``team`` given, ``elsewhere`` as for :func:`operation_reopen_pretend`;
    ``uncleared``: its requests the trap check does not clear): the same checks, then the
    operation underway and her status, unsaved."""
    require_decoy_writer(actor, Capability.OPERATIONS_MANAGE)
    _require_startable(operation.status)
    from safepassage.operations.services.planning import people_problems

    _start_refusals_of(
        closed_of(persons),
        pending=lambda: uncleared,
        people=lambda: people_problems(persons, team, elsewhere),
    )
    now = clock.now()
    operation.status = OperationStatus.UNDERWAY
    operation.started_at = now
    operation.check_in_due_at = now + datetime.timedelta(
        minutes=operation.check_in_interval_minutes
    )
    operation.updated_at = timezone.now()
    statuses = journey_pretend(
        actor, persons, PersonStatus.IN_TRANSIT, key="operation_started", operation=operation
    )
    return PretendStep(operation, statuses, [])


# Her status while an operation has her on it; ended without her, she is back to located.
PLANNED_OR_UNDERWAY = (PersonStatus.RESCUE_PLANNED, PersonStatus.IN_TRANSIT)


def journey_reasons(key: str, operation: Operation) -> dict[str, Said]:
    """Why :func:`person_follow` moves her, or keeps her status, as ``operation`` goes on
    (``key``: the step, with its ``_kept`` sentence)."""
    return {
        "moved": said(key, operation=operation.codename),
        "kept": said(f"{key}_kept", operation=operation.codename),
    }


def _follow(person: Person, target: str, *, moved: Said, kept: Said) -> tuple[str | None, Said]:
    """Where :func:`person_follow` moves her (None: her status stays), and why."""
    from safepassage.tracing.journey import moves_forward

    if moves_forward(person.status, target):
        return target, moved
    return None, kept.adding(status=person.status)


def person_follow(actor: User, person: Person, target: str, *, moved: Said, kept: Said) -> None:
    """Move her to ``target`` when that takes her forward; else say in her timeline why not
    (``kept`` is told the status she keeps, as ``status``)."""
    _status_follow(actor, person, *_follow(person, target, moved=moved, kept=kept))


def _status_follow(actor: User, person: Person, status: str | None, reason: Said) -> None:
    """Move her to ``status`` for ``reason``; None: say in her timeline why it stays."""
    from safepassage.tracing.services import person_set_status
    from safepassage.tracing.services.journey import person_status_kept

    if status is not None:
        person_set_status(actor=actor, person=person, status=status, reason=reason)
    else:
        person_status_kept(actor=actor, person=person, reason=reason)


def _status_pretend(actor: User, person: Person, status: str | None, reason: Said) -> StatusChange:
    """:func:`_status_follow` of a decoy's pretend person: the unsaved change the caller keeps
    in its session (a status that stays: one to the same status, as stored)."""
    from safepassage.tracing.services.pretend import flow_status_pretend

    return flow_status_pretend(
        actor=actor, person=person, status=status or person.status, reason=reason, at=clock.now()
    )


def journey_pretend(
    actor: User,
    persons: Sequence[OperationPerson],
    target: str,
    *,
    key: str,
    operation: Operation,
) -> list[StatusChange]:
    """:func:`person_follow_pretend` of each of a pretend plan's persons, as ``operation``
    takes its step ``key`` (:func:`journey_reasons`)."""
    return [
        person_follow_pretend(actor, entry.person, target, **journey_reasons(key, operation))
        for entry in persons
    ]


def person_follow_pretend(
    actor: User, person: Person, target: str, *, moved: Said, kept: Said
) -> StatusChange:
    """:func:`person_follow` of a decoy's pretend person, nothing written."""
    return _status_pretend(actor, person, *_follow(person, target, moved=moved, kept=kept))


def person_release(
    actor: User, person: Person, operation: Operation, *, key: str, **params: Any
) -> None:
    """The operation no longer has her on its way out (it ended without her, or its plan went
    back to draft): a rescue it planned or ran is over, so she is back to located; unless
    another approved or underway operation has her, or her status is not one it set (her
    timeline then says why it stays). ``key`` names the reason, ``key_elsewhere`` and
    ``key_kept`` the two others (status_reasons)."""
    other = _other_unfinished_operation(person, operation)
    _status_follow(actor, person, *_release(person, operation, other, key=key, **params))


def _release(
    person: Person, operation: Operation, other: Operation | None, *, key: str, **params: Any
) -> tuple[str | None, Said]:
    """Where :func:`person_release` moves her (None: her status stays), and why (``other``:
    another approved or underway operation that has her)."""
    values = {"operation": operation.codename, **params}
    if person.status in PLANNED_OR_UNDERWAY and other is None:
        return PersonStatus.LOCATED, said(key, **values)
    if other is not None:
        return None, said(f"{key}_elsewhere", **values, other=other.codename, status=person.status)
    return None, said(f"{key}_kept", **values, status=person.status)


def person_release_pretend(
    actor: User,
    person: Person,
    operation: Operation,
    other: Operation | None,
    *,
    key: str,
    **params: Any,
) -> StatusChange:
    """:func:`person_release` of a decoy's pretend person from its pretend ``operation``
    (``other``: another of its pretend operations, approved or underway, that has her),
    nothing written."""
    return _status_pretend(actor, person, *_release(person, operation, other, key=key, **params))


def _other_unfinished_operation(person: Person, operation: Operation) -> Operation | None:
    """Another approved or underway operation that has her on it."""
    return (
        Operation.objects.filter(
            persons__person=person,
            status__in=[OperationStatus.APPROVED, OperationStatus.UNDERWAY],
        )
        .exclude(pk=operation.pk)
        .first()
    )


def _code_result(operation: Operation, code: str) -> str:
    from safepassage.operations.services.planning import MAX_CODE_LENGTH, normalise_code

    typed = normalise_code(code)
    if len(typed) > MAX_CODE_LENGTH:  # no code is that long: checked as no code, in equal time
        typed = ""
    # Both checks always run, so the time taken does not tell which code was typed.
    agreed = check_password(typed, operation.check_in_code_hash or _dummy_hash())
    duress = check_password(typed, operation.duress_code_hash or _dummy_hash())
    if duress and operation.duress_code_hash:
        return CodeResult.DURESS
    if agreed and operation.check_in_code_hash:
        return CodeResult.AGREED
    return CodeResult.WRONG


def team_member_for(user: User, operation: Operation) -> TeamMember | None:
    return (
        TeamMember.objects.select_related("member")
        .filter(operation=operation, member__user=user)
        .first()
    )


def check_in_record(
    *,
    actor: User,
    operation: Operation,
    pressed: str,
    code: str,
    waypoint: Waypoint | None = None,
    position: str = "",
    note: str = "",
    team_member: TeamMember | None = None,
) -> CheckIn:
    """Record a check-in. The duress code turns it into a duress check-in, silently.

    Whatever the code, the caller gets the same kind of result back: the sender's screen must
    never show that an alert went out. A team member checks in for themselves; a coordinator may
    record a check-in relayed by phone for a member of the team (``team_member``).
    """
    require_capability(actor, Capability.OPERATIONS_FIELD)
    if team_member is not None and has_capability(actor, Capability.OPERATIONS_MANAGE):
        # Named by a coordinator (on the team or not): the check-in is that member's.
        _require_on_team(operation, team_member)
    elif (own := team_member_for(actor, operation)) is not None:
        team_member = own
    else:
        raise ActionRefused("You cannot do this.")
    if actor.is_decoy:
        raise ActionRefused("You cannot do this.")
    errors = _check_in_errors(
        operation, pressed=pressed, waypoint=waypoint, position=position, note=note
    )
    # Checked before the input and the status, so every answer costs both code checks, and a
    # duress code sent with a typing mistake or too late still raises its alert.
    result = _code_result(operation, code)
    if errors:
        if result == CodeResult.DURESS:
            on_route = waypoint if "waypoint" not in errors else None
            _duress_unrecorded(operation, team_member, waypoint=on_route, position=position)
        raise ValidationError(errors)
    status = CheckInStatus.DURESS if result == CodeResult.DURESS else pressed
    from safepassage.operations.services.planning import operation_lock

    check_in: CheckIn | None = None
    with transaction.atomic():
        # The status as stored now, under the lock: an outcome recorded at the same moment
        # either waits for this check-in or is seen by it (never a check-in on an ended one).
        if operation_lock(operation) == OperationStatus.UNDERWAY:
            check_in = _check_in_save(
                actor,
                operation,
                team_member,
                waypoint=waypoint,
                position=position,
                status=status,
                pressed=pressed,
                result=result,
                note=note,
            )
    if check_in is None:
        # Raised once the lock is released: the duress alert is not undone with the refusal.
        if result == CodeResult.DURESS:
            _duress_unrecorded(operation, team_member, waypoint=waypoint, position=position)
        raise ValidationError(_("This operation is not underway."))
    return check_in


def _require_on_team(operation: Operation, team_member: TeamMember) -> None:
    if team_member.operation_id != operation.pk:
        raise ValidationError({"team_member": _("That member is not on this operation's team.")})


def _check_in_errors(
    operation: Operation, *, pressed: str, waypoint: Waypoint | None, position: str, note: str
) -> dict[str, str]:
    """What is wrong with a check-in's input, by field (empty: nothing)."""
    errors: dict[str, str] = {}
    if pressed not in PRESSABLE_STATUSES:
        errors["pressed"] = _("Choose OK, delayed or danger.")
    if waypoint is not None and waypoint.operation_id != operation.pk:
        errors["waypoint"] = _("That waypoint is not on this route.")
    if len(position.strip()) > 200:
        errors["position"] = _("A position has at most 200 characters.")
    if len(note) > 2000:
        errors["note"] = _("A note has at most 2000 characters.")
    return errors


def check_in_relay_pretend(
    *,
    actor: User,
    operation: Operation,
    team_member: TeamMember,
    pressed: str,
    keep_alert: Callable[[Alert], object],
    code: str = "",
    waypoint: Waypoint | None = None,
    position: str = "",
    note: str = "",
) -> NoReturn:
    """:func:`check_in_record` of a check-in a decoy coordinator relays for one of its pretend
    draft's team (``waypoint``: a stop of its pretend route): the same input checks, then
    refused as for a real operation not underway, which a pretend one always is. Nothing
    written; its duress code raises the pretend duress alert a real draft's raises, handed to
    ``keep_alert`` (the session keeps it), whether refused for its input or as not underway."""
    require_decoy_writer(actor, Capability.OPERATIONS_MANAGE)
    _require_on_team(operation, team_member)
    errors = _check_in_errors(
        operation, pressed=pressed, waypoint=waypoint, position=position, note=note
    )
    if _code_result(operation, code) == CodeResult.DURESS:
        on_route = waypoint if "waypoint" not in errors else None
        keep_alert(_duress_pretend(operation, team_member, waypoint=on_route, position=position))
    if errors:
        raise ValidationError(errors)
    raise ValidationError(_("This operation is not underway."))


def _check_in_save(
    actor: User,
    operation: Operation,
    team_member: TeamMember,
    *,
    waypoint: Waypoint | None,
    position: str,
    status: str,
    pressed: str,
    result: str,
    note: str,
) -> CheckIn:
    """Record a check-in on an underway operation, locked by the caller, with its alerts."""
    now = clock.now()
    check_in = CheckIn(
        operation=operation,
        team_member=team_member,
        at=now,
        waypoint=waypoint,
        position=position.strip(),
        status=status,
        pressed=pressed,
        code_result=result,
        note=note.strip(),
        recorded_by=actor,
    )
    check_in.full_clean()
    check_in.save()
    Operation.objects.filter(pk=operation.pk).update(
        check_in_due_at=now + datetime.timedelta(minutes=operation.check_in_interval_minutes),
        updated_at=timezone.now(),
    )
    if waypoint is not None and waypoint.reached_at is None:
        Waypoint.objects.filter(pk=waypoint.pk).update(reached_at=now)
    # No detail: the audit log must not tell a duress check-in from an ordinary one.
    audit_record(actor=actor, action="create", obj=check_in)
    said = {
        "member": team_member.member.codename,
        "operation": operation.codename,
        "at": now.isoformat(),
        "where": _where(waypoint, position.strip()),
    }
    if result == CodeResult.DURESS:
        alert_raise(
            kind=AlertKind.DURESS,
            key="check_in_duress",
            params=said,
            subject=check_in,
            operation=operation,
        )
    elif result == CodeResult.WRONG:
        alert_raise(
            kind=AlertKind.DANGER,
            key="check_in_wrong_code",
            params=said,
            subject=check_in,
            operation=operation,
        )
    if status == CheckInStatus.DANGER:
        alert_raise(
            kind=AlertKind.DANGER,
            key="check_in_danger",
            params=said,
            subject=check_in,
            operation=operation,
        )
    return check_in


def _duress_unrecorded(
    operation: Operation,
    team_member: TeamMember | None,
    *,
    waypoint: Waypoint | None,
    position: str,
) -> None:
    """The duress code sent in a check-in that is not recorded: the operation is not underway
    (a page left open, the API, a member on the way back after the end) or the check-in was
    refused for its input (a typing mistake). The sender's answer says only what any code gets
    there, but the alert goes out. No check-in is recorded and no deadline moves. A relayed
    check-in that named no member of the team (``team_member`` None) alerts all the same."""
    key, params = _duress_said(operation, team_member, waypoint=waypoint, position=position)
    alert_raise(
        kind=AlertKind.DURESS, key=key, params=params, subject=operation, operation=operation
    )


def _duress_pretend(
    operation: Operation,
    team_member: TeamMember | None,
    *,
    waypoint: Waypoint | None,
    position: str,
) -> Alert:
    """:func:`_duress_unrecorded`'s alert for a decoy's pretend draft: the same alert, unsaved
    (``alert_pretend``)."""
    key, params = _duress_said(operation, team_member, waypoint=waypoint, position=position)
    return alert_pretend(kind=AlertKind.DURESS, key=key, params=params, subject=operation)


def _duress_said(
    operation: Operation,
    team_member: TeamMember | None,
    *,
    waypoint: Waypoint | None,
    position: str,
) -> tuple[str, dict[str, Any]]:
    """What the duress alert of a check-in not recorded says: its message key and values."""
    underway = operation.status == OperationStatus.UNDERWAY
    params: dict[str, Any] = {
        "member": team_member.member.codename if team_member is not None else "—",
        "operation": operation.codename,
        "at": clock.now().isoformat(),
        "where": _where(waypoint, position.strip()[:200]),
    }
    if not underway:
        params["operation_status"] = operation.status
    return ("check_in_duress_refused" if underway else "check_in_duress_not_underway"), params


def check_in_unseen(
    *, actor: User, operation_id: Any, code: str, waypoint_id: Any = None, position: str = ""
) -> None:
    """A check-in the caller refuses before it reaches :func:`check_in_record`: sent to an
    operation the sender's field page does not show (ended, reopened, or its rescue request
    closed; or not theirs at all), or whose input fails the form's checks. The caller answers
    as for any code ("not found", or the input's errors); but the duress code of an operation
    the sender is on still raises the duress alert. Both code checks run in every case, so the
    answer's time tells nothing either. ``code``, ``waypoint_id`` and ``position`` are what was
    sent, unchecked (anything not text counts as not sent)."""
    team_member = None
    if has_capability(actor, Capability.OPERATIONS_FIELD) and not actor.is_decoy:
        try:
            team_member = (
                TeamMember.objects.select_related("operation", "member")
                .filter(operation_id=uuid.UUID(str(operation_id)), member__user=actor)
                .first()
            )
        except (ValueError, TypeError):
            team_member = None
    operation = team_member.operation if team_member is not None else Operation()
    result = _code_result(operation, code if isinstance(code, str) else "")
    if team_member is None or result != CodeResult.DURESS:
        return
    _duress_sent_unchecked(operation, team_member, waypoint_id=waypoint_id, position=position)


def check_in_relay_refused(
    *,
    actor: User,
    operation: Operation,
    code: Any,
    team_member_id: Any = None,
    waypoint_id: Any = None,
    position: Any = "",
) -> None:
    """A check-in a coordinator relays (the API) that the caller refuses before it reaches
    :func:`check_in_record`, for its input: the caller answers with the input's errors, as for
    any code; but its duress code still raises the duress alert, naming the member when the
    check-in names one on the team ("—" when it does not: the alert must not wait for a
    name). Both code checks run in every case. ``operation`` is one the coordinator may see;
    the rest is what was sent, unchecked (anything not text counts as not sent)."""
    result = _code_result(operation, code if isinstance(code, str) else "")
    if (
        result != CodeResult.DURESS
        or actor.is_decoy
        or not has_capability(actor, Capability.OPERATIONS_MANAGE)
    ):
        return
    team_member = None
    if team_member_id:
        try:
            team_member = (
                operation.team.select_related("member")
                .filter(pk=uuid.UUID(str(team_member_id)))
                .first()
            )
        except (ValueError, TypeError):
            team_member = None
    _duress_sent_unchecked(operation, team_member, waypoint_id=waypoint_id, position=position)


def check_in_relay_refused_pretend(
    *,
    actor: User,
    operation: Operation,
    code: Any,
    keep_alert: Callable[[Alert], object],
    team_member: TeamMember | None = None,
    waypoint: Waypoint | None = None,
    position: Any = "",
) -> None:
    """:func:`check_in_relay_refused` for a decoy coordinator's pretend draft: its duress
    code raises the pretend duress alert a real draft's raises, handed to ``keep_alert``
    (``team_member`` and ``waypoint``: those of its pretend draft the check-in named, or
    None). Any other code, nothing."""
    require_decoy_writer(actor, Capability.OPERATIONS_MANAGE)
    if _code_result(operation, code if isinstance(code, str) else "") != CodeResult.DURESS:
        return
    typed = position if isinstance(position, str) else ""
    keep_alert(_duress_pretend(operation, team_member, waypoint=waypoint, position=typed))


def _duress_sent_unchecked(
    operation: Operation, team_member: TeamMember | None, *, waypoint_id: Any, position: Any
) -> None:
    """:func:`_duress_unrecorded` for a check-in refused before its input was read: the
    waypoint only if it is one of this route's, the position only if it is text."""
    waypoint = None
    if waypoint_id:
        try:
            waypoint = operation.waypoints.filter(pk=uuid.UUID(str(waypoint_id))).first()
        except (ValueError, TypeError):
            waypoint = None
    _duress_unrecorded(
        operation,
        team_member,
        waypoint=waypoint,
        position=position if isinstance(position, str) else "",
    )


def _where(waypoint: Waypoint | None, position: str) -> int | str | dict[str, int | str]:
    """Where a check-in was sent from, for its alert: the waypoint's number, and what was typed
    in "Or where you are" (the alert must carry it: it may be all the coordinator has)."""
    number = waypoint.position if waypoint is not None else None
    if not position:
        return "" if number is None else number
    return {"position": position} if number is None else {"waypoint": number, "position": position}


def deadlines_check(*, now: datetime.datetime | None = None) -> list[Alert]:
    """Raise one overdue alert per missed check-in deadline (past its grace); idempotent.

    A run raises at most one alert per operation: after the worker was stopped, the deadlines
    missed meanwhile give one alert (the first of them not yet alerted), not one per interval
    of the gap all at once; the next deadline is then the next one to come.
    """
    now = now or clock.now()
    raised: list[Alert] = []
    due_ids = list(
        Operation.objects.filter(
            status=OperationStatus.UNDERWAY, check_in_due_at__lte=now
        ).values_list("pk", flat=True)
    )
    for operation_id in due_ids:
        with transaction.atomic():
            operation = Operation.objects.select_for_update().get(pk=operation_id)
            due = operation.check_in_due_at
            if operation.status != OperationStatus.UNDERWAY or due is None:
                continue
            grace = datetime.timedelta(minutes=operation.grace_minutes)
            interval = datetime.timedelta(minutes=operation.check_in_interval_minutes)
            alerted = False
            while due + grace <= now:
                if (
                    not alerted
                    and not Alert.objects.filter(
                        kind=AlertKind.OVERDUE, operation=operation, due_at=due
                    ).exists()
                ):
                    alerted = True
                    try:
                        with transaction.atomic():
                            raised.append(_overdue_alert(operation, due))
                    except IntegrityError:  # another worker raised it first
                        pass
                due += interval
            Operation.objects.filter(pk=operation.pk).update(check_in_due_at=due)
    return raised


def _overdue_alert(operation: Operation, due: datetime.datetime) -> Alert:
    last = operation.check_ins.order_by("-at").first()
    params: dict[str, Any] = {
        "operation": operation.codename,
        "due": due.isoformat(),
        "grace": operation.grace_minutes,
    }
    if last is not None:
        params["last"] = last.at.isoformat()
    return alert_raise(
        kind=AlertKind.OVERDUE,
        key="overdue" if last is not None else "overdue_none",
        params=params,
        subject=operation,
        operation=operation,
        due_at=due,
    )


ENDINGS = {
    OperationStatus.COMPLETED: {OperationStatus.UNDERWAY},
    OperationStatus.FAILED: {OperationStatus.UNDERWAY},
    OperationStatus.ABORTED: {OperationStatus.APPROVED, OperationStatus.UNDERWAY},
}
MEMBER_STATUS_FOR_OUTCOME = {
    MemberOutcome.CAPTURED: MemberStatus.CAPTURED,
    MemberOutcome.KILLED: MemberStatus.KILLED,
}
# Why the member's status changed, as a key of intel.member_reasons.
MEMBER_REASON_FOR_OUTCOME: dict[str, str] = {
    MemberOutcome.CAPTURED: "captured_on_operation",
    MemberOutcome.KILLED: "killed_on_operation",
}


def _require_ending(status: str) -> None:
    """An operation ends completed, aborted or failed."""
    if status not in ENDINGS:
        raise ValidationError({"status": _("Choose completed, aborted or failed.")})


def _require_endable(operation: Operation, status: str) -> None:
    """An operation in its status may end so (``status``: an ending)."""
    if operation.status not in ENDINGS[status]:  # type: ignore[index]
        raise ValidationError(
            {
                "status": _("A %(current)s operation cannot be %(ending)s.")
                % {
                    "current": operation.get_status_display().lower(),
                    "ending": OperationStatus(status).label.lower(),
                }
            }
        )


def _outcome_checks(
    operation: Operation,
    *,
    status: str,
    notes: str,
    entries: list[OperationPerson],
    team: Callable[[], list[TeamMember]],
    brought_out: Sequence[Any],
    member_outcomes: Mapping[Any, str] | None,
) -> tuple[str, list[OperationPerson], dict[TeamMember, str]]:
    """Check an operation's outcome as :func:`operation_end` does (its persons ``entries``,
    its ``team`` read once they are checked), writing nothing: the notes, those brought out,
    and each team member's outcome."""
    _require_endable(operation, status)
    notes = notes.strip()
    if not notes:
        raise ValidationError({"notes": _("Say what happened.")})
    chosen = {str(x) for x in brought_out}
    out = [e for e in entries if str(e.pk) in chosen or str(e.person_id) in chosen]
    unknown = chosen - {str(e.pk) for e in out} - {str(e.person_id) for e in out}
    if unknown:
        raise ValidationError({"brought_out": _("Some of the persons are not on this operation.")})
    if entries and not out and status == OperationStatus.COMPLETED:
        raise ValidationError(
            {
                "brought_out": _(
                    "A completed operation brought someone out: tick who was brought out, "
                    "or record it as aborted or failed."
                )
            }
        )
    if out and status == OperationStatus.ABORTED and operation.status == OperationStatus.APPROVED:
        raise ValidationError(
            {"brought_out": _("An operation that never started brought no one out.")}
        )
    members = team()
    outcomes: dict[TeamMember, str] = {}
    for key, outcome in (member_outcomes or {}).items():
        if not outcome:
            continue
        match = [t for t in members if str(key) in (str(t.pk), str(t.member_id))]
        if not match:
            raise ValidationError({"member_outcomes": _("A member is not on this team.")})
        if outcome not in MemberOutcome.values:
            raise ValidationError(
                {"member_outcomes": _("Unknown outcome %(outcome)r.") % {"outcome": outcome}}
            )
        outcomes[match[0]] = outcome
    return notes, out, outcomes


@transaction.atomic
def operation_end(
    *,
    actor: User,
    operation: Operation,
    status: str,
    notes: str,
    brought_out: Sequence[Any] = (),
    member_outcomes: Mapping[Any, str] | None = None,
) -> Operation:
    """End an operation with its outcome: who was brought out, what happened to the team
    (all or nothing).

    ``brought_out`` holds ids of the operation's persons (``OperationPerson`` or person ids);
    ``member_outcomes`` maps team member ids (or member ids) to an outcome. Persons brought out
    become "arrived"; captured and killed members change status with history; a captured or
    killed member's account is locked and the compromise report is asked for.
    """
    require_capability(actor, Capability.OPERATIONS_MANAGE)
    _require_ending(status)
    from safepassage.operations.services.planning import operation_lock

    # Every check below reads the operation as stored now, under the lock: a second outcome
    # recorded at the same moment waits, then sees the first and is refused.
    operation_lock(operation)
    entries = list(operation.persons.select_related("person"))
    notes, out, outcomes = _outcome_checks(
        operation,
        status=status,
        notes=notes,
        entries=entries,
        team=lambda: list(operation.team.select_related("member", "member__user")),
        brought_out=brought_out,
        member_outcomes=member_outcomes,
    )
    from safepassage.intel.services import member_set_status

    now = clock.now()
    with transaction.atomic():
        _ended(operation, status=status, notes=notes, now=now)
        operation.save(
            update_fields=["status", "ended_at", "outcome_notes", "check_in_due_at", "updated_at"]
        )
        out_ids = {e.pk for e in out}
        for entry in entries:
            entry.brought_out = entry.pk in out_ids
            entry.save(update_fields=["brought_out"])
            person = entry.person
            if entry.brought_out:
                person_follow(
                    actor, person, PersonStatus.ARRIVED, **_brought_out_reasons(operation, status)
                )
                continue
            person_release(
                actor,
                person,
                operation,
                key="ended_without_her",
                operation_status=status,
            )
        for team_member, outcome in outcomes.items():
            team_member.outcome = outcome
            team_member.save(update_fields=["outcome"])
            lost = _member_lost(team_member, outcome, operation)
            if lost is not None:
                member_set_status(
                    actor=actor, member=team_member.member, status=lost[0], reason=lost[1]
                )
        captured, killed = _captured_killed(outcomes)
        from safepassage.accounts.services import account_lock_lost

        for team_member in captured + killed:
            # Marked so just now, member_set_status has locked it; marked so before, the
            # account may have been unlocked since.
            user = team_member.member.user
            if user is not None and not user.is_locked:
                account_lock_lost(actor=actor, user=user, reason=f"member {team_member.outcome}")
        audit_record(
            actor=actor,
            action="operation.end",
            obj=operation,
            detail={
                "status": status,
                "brought_out": len(out),
                "outcomes": sorted(outcomes.values()),
            },
        )
        key, params = _outcome_alert(
            operation, status, out=len(out), total=len(entries), outcomes=outcomes
        )
        alert_raise(
            kind=AlertKind.OUTCOME,
            key=key,
            params=params,
            subject=operation,
            operation=operation,
        )
        blocked_alerts_follow(operation, actor=actor)
    return operation


def _ended(operation: Operation, *, status: str, notes: str, now: datetime.datetime) -> None:
    """The operation ended so, ``now``, on ``operation`` (unsaved): no check-in due."""
    operation.status = status
    operation.ended_at = now
    operation.outcome_notes = notes
    operation.check_in_due_at = None


def _brought_out_reasons(operation: Operation, status: str) -> dict[str, Said]:
    """Why :func:`person_follow` moves her brought out to arrived, or keeps her status."""
    return {
        "moved": said("brought_out", operation=operation.codename),
        "kept": said("brought_out_kept", operation=operation.codename, operation_status=status),
    }


def _member_lost(
    team_member: TeamMember, outcome: str, operation: Operation
) -> tuple[str, Said] | None:
    """The status a team member's outcome gives him (captured, killed) and why, when it
    changes his; None when it does not."""
    member_status = MEMBER_STATUS_FOR_OUTCOME.get(outcome)  # type: ignore[call-overload]
    if member_status is None or team_member.member.status == member_status:
        return None
    reason = member_reasons.said(MEMBER_REASON_FOR_OUTCOME[outcome], operation=operation.codename)
    return member_status, reason


def _captured_killed(
    outcomes: Mapping[TeamMember, str],
) -> tuple[list[TeamMember], list[TeamMember]]:
    """The team members captured, and those killed."""
    captured = [t for t, outcome in outcomes.items() if outcome == MemberOutcome.CAPTURED]
    killed = [t for t, outcome in outcomes.items() if outcome == MemberOutcome.KILLED]
    return captured, killed


def _outcome_alert(
    operation: Operation, status: str, *, out: int, total: int, outcomes: Mapping[TeamMember, str]
) -> tuple[str, dict[str, Any]]:
    """The outcome alert's sentence key and values: how many were brought out, who of the
    team was captured or lost."""
    captured, killed = _captured_killed(outcomes)
    params: dict[str, Any] = {
        "operation": operation.codename,
        "operation_status": status,
        "out": out,
        "total": total,
        "captured": ", ".join(t.member.codename for t in captured),
    }
    key = "operation_outcome_captured" if captured else "operation_outcome"
    if killed:
        key = "operation_outcome_lost"
        params["lost"] = ", ".join(t.member.codename for t in captured + killed)
    return key, params


@dataclass(frozen=True)
class PretendEnd:
    """What ending a decoy coordinator's pretend operation changed, unsaved, for its session
    to keep: :class:`PretendStep`'s, and the team members it lost (each with his new status
    and why)."""

    step: PretendStep
    lost: list[tuple[TeamMember, str, Said]]


def operation_end_pretend(
    *,
    actor: User,
    operation: Operation,
    status: str,
    notes: str,
    persons: Sequence[OperationPerson],
    team: Sequence[TeamMember],
    elsewhere: Callable[[OperationPerson | TeamMember], Operation | None],
    brought_out: Sequence[Any] = (),
    member_outcomes: Mapping[Any, str] | None = None,
) -> PretendEnd:
    """:func:`operation_end` of a decoy coordinator's pretend operation (its pretend
    ``persons`` and ``team`` given, ``elsewhere`` as for :func:`operation_reopen_pretend`):
    the same checks, then the operation ended, those brought out, each team member's outcome,
    her status and the outcome alert, unsaved. Nothing written."""
    require_decoy_writer(actor, Capability.OPERATIONS_MANAGE)
    _require_ending(status)
    entries = list(persons)
    notes, out, outcomes = _outcome_checks(
        operation,
        status=status,
        notes=notes,
        entries=entries,
        team=lambda: list(team),
        brought_out=brought_out,
        member_outcomes=member_outcomes,
    )
    _ended(operation, status=status, notes=notes, now=clock.now())
    operation.updated_at = timezone.now()
    out_ids = {e.pk for e in out}
    statuses = []
    for entry in entries:
        entry.brought_out = entry.pk in out_ids
        if entry.brought_out:
            statuses.append(
                person_follow_pretend(
                    actor,
                    entry.person,
                    PersonStatus.ARRIVED,
                    **_brought_out_reasons(operation, status),
                )
            )
        else:
            statuses.append(
                person_release_pretend(
                    actor,
                    entry.person,
                    operation,
                    elsewhere(entry),
                    key="ended_without_her",
                    operation_status=status,
                )
            )
    lost = []
    for team_member, outcome in outcomes.items():
        team_member.outcome = outcome
        change = _member_lost(team_member, outcome, operation)
        if change is not None:
            lost.append((team_member, *change))
    from safepassage.operations.services.alerts import alert_pretend

    key, params = _outcome_alert(
        operation, status, out=len(out), total=len(entries), outcomes=outcomes
    )
    alert = alert_pretend(kind=AlertKind.OUTCOME, key=key, params=params, subject=operation)
    return PretendEnd(PretendStep(operation, statuses, [alert]), lost)
