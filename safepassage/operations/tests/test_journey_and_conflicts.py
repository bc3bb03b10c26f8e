"""An operation never moves a person backwards; one person or member is on one operation at a
time; a closed rescue request stops its operation; planning refuses odd values."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from safepassage.accounts.models import User
from safepassage.intel.models import Member
from safepassage.operations import clock, services
from safepassage.operations.models import Operation
from safepassage.operations.tests.factories import (
    CODE,
    DURESS,
    START,
    World,
    clear,
    make_member,
    make_person,
    make_place,
    make_request,
    plan_operation,
    underway,
)
from safepassage.tracing.journey import moves_forward
from safepassage.tracing.models import Person, StatusChange
from safepassage.tracing.services import person_set_status
from safepassage.verification.services import request_close

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(users: dict[str, User], second_coordinator: User) -> World:
    with clock.frozen_at(START):
        return underway(users["coordinator"], second_coordinator, users["field"])


def _status(person: Person) -> str:
    person.refresh_from_db()
    return person.status


def _last_change(person: Person) -> StatusChange:
    change = StatusChange.objects.filter(person=person).order_by("changed_at").last()
    assert change is not None
    return change


# --- the journey order ---------------------------------------------------------------------


def test_the_journey_order_only_goes_forward() -> None:
    assert moves_forward("located", "in_transit")
    assert moves_forward("in_transit", "arrived")
    assert not moves_forward("arrived", "in_transit")
    assert not moves_forward("reunited", "arrived")
    assert not moves_forward("arrived", "arrived")
    assert not moves_forward("deceased", "arrived")
    assert not moves_forward("closed", "in_transit")


def test_ending_after_reception_keeps_her_reunited(world: World) -> None:
    coordinator = world.coordinator
    # Reception records her arrival and the family is reunited with her before the outcome.
    person_set_status(actor=coordinator, person=world.person, status="arrived", reason="Desk.")
    person_set_status(actor=coordinator, person=world.person, status="reunited", reason="Met.")
    services.operation_end(
        actor=coordinator,
        operation=world.operation,
        status="completed",
        notes="Crossed at dawn.",
        brought_out=[world.person.pk],
    )
    assert _status(world.person) == "reunited"
    kept = _last_change(world.person)
    assert (kept.from_status, kept.to_status) == ("reunited", "reunited")
    assert "Olive" in kept.reason and "stays Reunited" in kept.reason
    assert not StatusChange.objects.filter(
        person=world.person, from_status="reunited", to_status="arrived"
    ).exists()


def test_an_operation_never_overwrites_deceased(world: World) -> None:
    person_set_status(
        actor=world.coordinator, person=world.person, status="deceased", reason="Confirmed."
    )
    services.operation_end(
        actor=world.coordinator,
        operation=world.operation,
        status="completed",
        notes="Her body was brought out.",
        brought_out=[world.person.pk],
    )
    assert _status(world.person) == "deceased"
    assert "stays Deceased" in _last_change(world.person).reason


def test_ended_without_her_after_her_arrival_keeps_arrived(world: World) -> None:
    person_set_status(actor=world.coordinator, person=world.person, status="arrived", reason="x")
    services.operation_end(
        actor=world.coordinator, operation=world.operation, status="failed", notes="Ambushed."
    )
    assert _status(world.person) == "arrived"
    assert "without her" in _last_change(world.person).reason


def test_ended_without_her_keeps_in_transit_when_another_operation_has_her(world: World) -> None:
    coordinator = world.coordinator
    # Another operation already underway for her (set up as it stood before the checks).
    other = services.operation_create(actor=coordinator, codename="Cedar")
    Operation.objects.filter(pk=other.pk).update(status="underway")
    other.persons.create(person=world.person, rescue_request=world.request)
    services.operation_end(
        actor=coordinator, operation=world.operation, status="failed", notes="Turned back."
    )
    assert _status(world.person) == "in_transit"
    assert "she is on operation Cedar" in _last_change(world.person).reason


# --- one operation at a time ---------------------------------------------------------------


def test_a_person_on_an_underway_operation_cannot_be_added_to_another(world: World) -> None:
    coordinator = world.coordinator
    alpha = services.operation_create(actor=coordinator, codename="Alpha")
    with pytest.raises(ValidationError, match="already on operation Olive"):
        services.operation_add_request(
            actor=coordinator, operation=alpha, rescue_request=world.request
        )
    second_request = make_request(coordinator, world.person)
    with pytest.raises(ValidationError, match="already on operation Olive"):
        services.operation_add_request(
            actor=coordinator, operation=alpha, rescue_request=second_request
        )
    assert not alpha.persons.exists()


def test_a_member_on_an_underway_operation_cannot_join_another(world: World) -> None:
    coordinator = world.coordinator
    alpha = services.operation_create(actor=coordinator, codename="Alpha")
    with pytest.raises(ValidationError, match="is on operation Olive"):
        services.team_member_add(
            actor=coordinator, operation=alpha, member=world.member, role="lead"
        )
    assert not alpha.team.exists()


def test_two_drafts_for_her_only_one_is_approved(
    users: dict[str, User], second_coordinator: User
) -> None:
    coordinator = users["coordinator"]
    person = make_person(coordinator)
    first, _req, _m, _l, _p = plan_operation(coordinator, None, codename="Elm", person=person)
    second, _r, _m2, _l2, _p2 = plan_operation(coordinator, None, codename="Fir", person=person)
    services.operation_approve(actor=coordinator, operation=first)
    with pytest.raises(ValidationError, match="already on operation Elm"):
        services.operation_approve(actor=coordinator, operation=second)
    second.refresh_from_db()
    assert second.status == "draft"


def test_the_team_has_one_lead(users: dict[str, User]) -> None:
    coordinator = users["coordinator"]
    operation, *_rest = plan_operation(coordinator, None, codename="Gum")
    other = make_member(coordinator, "second-lead")
    with pytest.raises(ValidationError, match="already has a lead"):
        services.team_member_add(actor=coordinator, operation=operation, member=other, role="lead")
    services.team_member_add(actor=coordinator, operation=operation, member=other, role="guide")
    assert operation.team.filter(role="lead").count() == 1


def test_completed_needs_someone_brought_out(world: World) -> None:
    with pytest.raises(ValidationError, match="aborted or failed"):
        services.operation_end(
            actor=world.coordinator, operation=world.operation, status="completed", notes="Done."
        )
    world.operation.refresh_from_db()
    assert world.operation.status == "underway" and _status(world.person) == "in_transit"


# --- a closed rescue request ---------------------------------------------------------------


def test_an_operation_whose_request_was_closed_cannot_start(
    users: dict[str, User], second_coordinator: User
) -> None:
    coordinator = users["coordinator"]
    operation, request, _member, _lead, _places = plan_operation(coordinator, users["field"])
    clear(request, [coordinator, second_coordinator])
    services.operation_approve(actor=coordinator, operation=operation)
    request_close(actor=coordinator, request=request, reason="A trap: the number is known.")
    with pytest.raises(ValidationError) as exc:
        services.operation_start(actor=coordinator, operation=operation)
    message = " ".join(exc.value.messages)
    assert f"rescue request {str(request.pk)[:8]}" in message and "was closed" in message
    assert "approvals" not in message
    operation.refresh_from_db()
    assert operation.status == "approved"
    assert _status(request.person) != "in_transit"


# --- planning values -----------------------------------------------------------------------


def test_waypoint_arrivals_far_in_the_past_or_future_are_refused(users: dict[str, User]) -> None:
    coordinator = users["coordinator"]
    operation = services.operation_create(actor=coordinator, codename="Hazel")
    place = make_place(coordinator, "Hazel stop")
    now = timezone.now()
    for when, words in (
        (datetime.datetime(1, 1, 1, tzinfo=datetime.UTC), "in the past"),
        (datetime.datetime(9999, 1, 1, tzinfo=datetime.UTC), "ahead"),
        ("0001-01-01T08:00", "in the past"),
        (now - datetime.timedelta(days=400), "in the past"),
        (now + datetime.timedelta(days=400), "ahead"),
    ):
        with pytest.raises(ValidationError, match=words):
            services.waypoint_add(
                actor=coordinator,
                operation=operation,
                kind="pickup",
                place=place,
                planned_arrival=when,
            )
    assert not operation.waypoints.exists()
    services.waypoint_add(
        actor=coordinator,
        operation=operation,
        kind="pickup",
        place=place,
        planned_arrival=now + datetime.timedelta(days=2),
    )
    assert operation.waypoints.count() == 1


@pytest.mark.parametrize(
    ("code", "duress", "words"),
    [
        ("    ", DURESS, "only spaces"),
        (CODE, "   ", "only spaces"),
        ("abc", DURESS, "at least 4"),
        ("x" * 65, DURESS, "at most 64"),
    ],
)
def test_codes_of_only_spaces_or_the_wrong_length_are_refused(
    users: dict[str, User], code: str, duress: str, words: str
) -> None:
    with pytest.raises(ValidationError, match=words):
        services.operation_create(
            actor=users["coordinator"], codename="Ivy", check_in_code=code, duress_code=duress
        )
    assert not Operation.objects.filter(codename="Ivy").exists()


def test_members_shown_for_a_draft_leave_out_busy_ones(world: World) -> None:
    from safepassage.operations import selectors

    free = make_member(world.coordinator, "free-guide")
    alpha = services.operation_create(actor=world.coordinator, codename="Alpha")
    shown = selectors.members_available(user=world.coordinator, operation=alpha)
    assert free in shown and world.member not in shown
    assert isinstance(shown[0], Member)
    requests = selectors.requests_available(user=world.coordinator, operation=alpha)
    assert world.request not in requests
