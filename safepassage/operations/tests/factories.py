"""Test data for operations, built through the real services of every app."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from safepassage.accounts.models import User
from safepassage.intel.models import Member, Place
from safepassage.intel.services import member_create, place_create
from safepassage.operations import services
from safepassage.operations.models import Operation, TeamMember
from safepassage.tracing.keys import PersonDetails
from safepassage.tracing.models import Person
from safepassage.tracing.services import person_create
from safepassage.verification.models import RescueRequest
from safepassage.verification.selectors import request_is_cleared
from safepassage.verification.services import request_approve, request_create

CODE = "blue heron"
DURESS = "red kite"
START = datetime.datetime(2026, 3, 1, 8, 0, tzinfo=datetime.UTC)


def make_person(actor: User, given: str = "Berfîn", family: str = "Xelîl") -> Person:
    return person_create(
        actor=actor,
        details=PersonDetails(given_names=(given, given + "e"), family_names=(family,), sex="f"),
    )


def make_request(actor: User, person: Person, **fields: Any) -> RescueRequest:
    fields.setdefault("network_chosen_meeting_point", True)
    return request_create(actor=actor, person=person, **fields)


def clear(request: RescueRequest, approvers: list[User]) -> None:
    """Give the approvals the trap check asks for (two coordinators above the threshold)."""
    for approver in approvers:
        if request_is_cleared(request):
            return
        request_approve(actor=approver, request=request, reason="Checked with the family.")
    assert request_is_cleared(request)


def make_place(actor: User, name: str, kind: str = "village", **fields: Any) -> Place:
    if kind not in ("safe_house", "reception"):
        fields.setdefault("latitude", 36.3)
        fields.setdefault("longitude", 41.8)
    return place_create(actor=actor, kind=kind, names=[name], **fields)


def make_member(
    actor: User, codename: str, user: User | None = None, role: str = "guide"
) -> Member:
    return member_create(actor=actor, codename=codename, role=role, user=user)


@dataclass
class World:
    coordinator: User
    second: User
    field_user: User
    person: Person
    request: RescueRequest
    member: Member
    operation: Operation
    lead: TeamMember
    places: list[Place]


def plan_operation(
    coordinator: User,
    field_user: User | None,
    *,
    codename: str = "Olive",
    person: Person | None = None,
    member: Member | None = None,
    interval: int = 60,
    grace: int = 15,
) -> tuple[Operation, RescueRequest, Member, TeamMember, list[Place]]:
    person = person or make_person(coordinator)
    request = make_request(coordinator, person)
    operation = services.operation_create(
        actor=coordinator,
        codename=codename,
        objective="Bring her out through the northern crossing.",
        check_in_interval_minutes=interval,
        grace_minutes=grace,
        check_in_code=CODE,
        duress_code=DURESS,
    )
    services.operation_add_request(actor=coordinator, operation=operation, rescue_request=request)
    if member is None:
        member = make_member(coordinator, f"{codename.lower()}-guide", user=field_user)
    lead = services.team_member_add(
        actor=coordinator, operation=operation, member=member, role="lead"
    )
    places = [
        make_place(coordinator, f"{codename} Tel Qasab"),
        make_place(coordinator, f"{codename} Crossing", kind="crossing"),
        make_place(coordinator, f"{codename} Reception", kind="reception"),
    ]
    base = timezone.now() + datetime.timedelta(days=1)
    for hours, (kind, place) in enumerate(
        zip(["pickup", "crossing", "reception"], places, strict=True)
    ):
        services.waypoint_add(
            actor=coordinator,
            operation=operation,
            kind=kind,
            place=place,
            planned_arrival=base + datetime.timedelta(hours=hours * 6),
            transport="car",
            note="Knock twice" if kind == "pickup" else "",
        )
    services.supply_add(
        actor=coordinator, operation=operation, kind="water", quantity=6, carried_by=lead
    )
    return operation, request, member, lead, places


def underway(coordinator: User, second: User, field_user: User, **kwargs: Any) -> World:
    operation, request, member, lead, places = plan_operation(coordinator, field_user, **kwargs)
    clear(request, [coordinator, second])
    services.operation_approve(actor=coordinator, operation=operation)
    services.operation_start(actor=coordinator, operation=operation)
    operation.refresh_from_db()
    return World(
        coordinator, second, field_user, request.person, request, member, operation, lead, places
    )
