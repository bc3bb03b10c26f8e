"""Operation services: planning, approvals gating the start, check-ins, deadlines, outcome."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from safepassage.accounts.models import User
from safepassage.audit.models import AuditEvent
from safepassage.intel.models import MemberStatusChange
from safepassage.operations import clock, services
from safepassage.operations.models import Alert, CheckIn, Operation
from safepassage.operations.tests.factories import (
    CODE,
    DURESS,
    START,
    World,
    clear,
    make_member,
    make_person,
    make_request,
    plan_operation,
    underway,
)
from safepassage.tracing.models import StatusChange
from safepassage.verification.selectors import request_is_cleared

pytestmark = pytest.mark.django_db
MIN = datetime.timedelta(minutes=1)


@pytest.fixture
def world(users: dict[str, User], second_coordinator: User) -> World:
    with clock.frozen_at(START):
        return underway(users["coordinator"], second_coordinator, users["field"])


# --- planning ------------------------------------------------------------------------------


def test_a_plan_holds_persons_team_route_supplies_and_codes(users: dict[str, User]) -> None:
    operation, request, member, lead, _places = plan_operation(users["coordinator"], users["field"])
    assert [p.person_id for p in operation.persons.all()] == [request.person_id]
    assert [(t.member, t.role) for t in operation.team.all()] == [(member, "lead")]
    assert [w.position for w in operation.waypoints.all()] == [1, 2, 3]
    assert operation.supplies.get().carried_by == lead
    # The codes are stored only as hashes.
    assert CODE not in operation.check_in_code_hash and DURESS not in operation.duress_code_hash
    assert services.plan_problems(operation) == []


def test_approval_needs_a_complete_plan(users: dict[str, User]) -> None:
    coordinator = users["coordinator"]
    operation = services.operation_create(actor=coordinator, codename="Thin")
    with pytest.raises(ValidationError) as exc:
        services.operation_approve(actor=coordinator, operation=operation)
    assert "Add at least one person" in " ".join(exc.value.messages)
    assert "Set the check-in code" in " ".join(exc.value.messages)
    operation.refresh_from_db()
    assert operation.status == "draft"


def test_bad_plan_input_is_refused_with_a_message(users: dict[str, User]) -> None:
    coordinator = users["coordinator"]
    operation, *_ = plan_operation(coordinator, users["field"])
    with pytest.raises(ValidationError) as exc:
        services.operation_create(actor=coordinator, codename="olive")
    assert "taken" in str(exc.value)
    with pytest.raises(ValidationError):
        services.operation_create(
            actor=coordinator, codename="X", check_in_code="same", duress_code="same"
        )
    last = operation.waypoints.order_by("-position").first()
    assert last is not None
    with pytest.raises(ValidationError) as exc:
        services.waypoint_add(
            actor=coordinator,
            operation=operation,
            kind="hiding",
            place=last.place,
            planned_arrival=last.planned_arrival - datetime.timedelta(hours=1),
        )
    assert "earlier" in str(exc.value)
    with pytest.raises(ValidationError):
        services.supply_add(actor=coordinator, operation=operation, kind="gold", quantity=0)
    assert operation.waypoints.count() == 3 and operation.supplies.count() == 1


def test_only_coordinators_plan(users: dict[str, User]) -> None:
    from safepassage.accounts.permissions import ActionRefused

    for role in ("caseworker", "field", "analyst"):
        with pytest.raises(ActionRefused):
            services.operation_create(actor=users[role], codename=f"Op {role}")
    assert not Operation.objects.exists()


def test_an_approved_plan_is_fixed_until_reopened(
    users: dict[str, User], second_coordinator: User
) -> None:
    operation, *_ = plan_operation(users["coordinator"], users["field"])
    services.operation_approve(actor=users["coordinator"], operation=operation)
    with pytest.raises(ValidationError, match="Only a draft"):
        services.supply_add(
            actor=users["coordinator"], operation=operation, kind="food", quantity=2
        )
    services.operation_return_to_draft(actor=users["coordinator"], operation=operation)
    services.supply_add(actor=users["coordinator"], operation=operation, kind="food", quantity=2)


# --- approvals gate the start ---------------------------------------------------------------


def test_start_is_refused_until_the_trap_check_clears_every_request(
    users: dict[str, User], second_coordinator: User
) -> None:
    coordinator = users["coordinator"]
    person = make_person(coordinator, given="Nesrîn")
    risky = make_request(
        coordinator,
        person,
        urgency_claimed=True,
        holder_away_claimed=True,
        pickup_at_captive_location=True,
        network_chosen_meeting_point=False,
    )
    assert not request_is_cleared(risky)
    operation, *_ = plan_operation(coordinator, users["field"])
    services.operation_add_request(actor=coordinator, operation=operation, rescue_request=risky)
    services.operation_approve(actor=coordinator, operation=operation)
    # Approving raised an "approval needed" alert.
    assert Alert.objects.filter(kind="approval", operation=operation).count() == 1

    with pytest.raises(ValidationError) as exc:
        services.operation_start(actor=coordinator, operation=operation)
    message = " ".join(exc.value.messages)
    assert str(risky.pk)[:8] in message and "Nesrîn" in message
    operation.refresh_from_db()
    assert operation.status == "approved" and operation.started_at is None

    clear(risky, [coordinator, second_coordinator])
    for entry in operation.persons.all():
        clear(entry.rescue_request, [coordinator, second_coordinator])
    with clock.frozen_at(START):
        services.operation_start(actor=coordinator, operation=operation)
    operation.refresh_from_db()
    assert operation.status == "underway"
    assert operation.check_in_due_at == START + datetime.timedelta(minutes=60)
    person.refresh_from_db()
    assert person.status == "in_transit"


def test_start_assesses_again_what_came_in_without_its_trigger(
    users: dict[str, User], second_coordinator: User
) -> None:
    """The start sees the trap check as the evidence stands now: a duress call stored by a
    path that did not re-assess her request (here written straight to the table) voids the
    approvals it had, and the operation does not start."""
    from safepassage.tracing.models import Contact
    from safepassage.verification.models import Assessment

    coordinator = users["coordinator"]
    operation, request, *_ = plan_operation(coordinator, users["field"])
    clear(request, [coordinator, second_coordinator])
    services.operation_approve(actor=coordinator, operation=operation)
    before = Assessment.objects.filter(request=request).count()
    Contact.objects.create(
        person=request.person,
        occurred_at=clock.now(),
        channel="phone",
        number_used="+964 750 000 0001",
        duress_word_used=True,
    )
    assert request_is_cleared(request)  # its stored assessment does not know yet

    with pytest.raises(ValidationError, match="has not cleared"):
        services.operation_start(actor=coordinator, operation=operation)
    operation.refresh_from_db()
    assert operation.status == "approved" and operation.started_at is None
    fresh = Assessment.objects.filter(request=request).order_by("-created_at").first()
    assert fresh is not None and fresh.trigger == "operation_start"
    assert "duress_word" in fresh.factor_codes
    assert Assessment.objects.filter(request=request).count() == before + 1
    assert not request_is_cleared(request)


def test_start_adds_no_assessment_when_the_evidence_is_unchanged(world: World) -> None:
    from safepassage.verification.models import Assessment

    assert world.operation.status == "underway"
    triggers = list(
        Assessment.objects.filter(request=world.request).values_list("trigger", flat=True)
    )
    assert "operation_start" not in triggers


# --- check-ins -----------------------------------------------------------------------------


def test_an_ok_check_in_moves_the_deadline_and_marks_the_waypoint(world: World) -> None:
    waypoint = world.operation.waypoints.all()[0]
    at = START + datetime.timedelta(minutes=40)
    with clock.frozen_at(at):
        check_in = services.check_in_record(
            actor=world.field_user,
            operation=world.operation,
            pressed="ok",
            code=" Blue  HERON ",
            waypoint=waypoint,
        )
    assert (check_in.status, check_in.code_result, check_in.at) == ("ok", "agreed", at)
    world.operation.refresh_from_db()
    assert world.operation.check_in_due_at == at + datetime.timedelta(minutes=60)
    waypoint.refresh_from_db()
    assert waypoint.reached_at == at
    assert not Alert.objects.filter(operation=world.operation).exists()


def test_the_duress_code_raises_a_silent_duress_alert(world: World) -> None:
    with clock.frozen_at(START + 5 * MIN):
        check_in = services.check_in_record(
            actor=world.field_user, operation=world.operation, pressed="ok", code=DURESS
        )
    assert (check_in.status, check_in.pressed, check_in.code_result) == ("duress", "ok", "duress")
    alert = Alert.objects.get(operation=world.operation)
    assert alert.kind == "duress" and world.member.codename in alert.message
    # The audit event says nothing that tells it from an ordinary check-in.
    event = AuditEvent.objects.get(object_id=str(check_in.pk))
    assert (event.action, event.detail) == ("create", "")


def test_danger_and_wrong_codes_raise_danger_alerts(world: World) -> None:
    with clock.frozen_at(START + 5 * MIN):
        services.check_in_record(
            actor=world.field_user, operation=world.operation, pressed="danger", code=CODE
        )
        wrong = services.check_in_record(
            actor=world.field_user, operation=world.operation, pressed="ok", code="nope"
        )
    assert wrong.code_result == "wrong"
    assert sorted(
        Alert.objects.filter(operation=world.operation).values_list("kind", flat=True)
    ) == [
        "danger",
        "danger",
    ]


def test_check_ins_are_refused_from_outside_the_team_and_when_not_underway(
    world,
    users: dict[str, User],
) -> None:
    from safepassage.accounts.permissions import ActionRefused

    with pytest.raises(ActionRefused):
        services.check_in_record(
            actor=users["caseworker"], operation=world.operation, pressed="ok", code=CODE
        )
    with pytest.raises(ActionRefused):  # a coordinator must name the member they relay for
        services.check_in_record(
            actor=world.coordinator, operation=world.operation, pressed="ok", code=CODE
        )
    relayed = services.check_in_record(
        actor=world.coordinator,
        operation=world.operation,
        pressed="ok",
        code=CODE,
        team_member=world.lead,
    )
    assert relayed.team_member == world.lead
    with pytest.raises(ValidationError):
        services.check_in_record(
            actor=world.field_user, operation=world.operation, pressed="duress", code=CODE
        )
    services.operation_end(
        actor=world.coordinator, operation=world.operation, status="aborted", notes="Called off."
    )
    with pytest.raises(ValidationError, match="not underway"):
        services.check_in_record(
            actor=world.field_user, operation=world.operation, pressed="ok", code=CODE
        )
    assert CheckIn.objects.count() == 1


# --- deadlines -----------------------------------------------------------------------------


def test_a_missed_deadline_raises_exactly_one_overdue_alert(world: World) -> None:
    due = START + datetime.timedelta(minutes=60)
    grace = datetime.timedelta(minutes=15)
    assert services.deadlines_check(now=due + grace - datetime.timedelta(seconds=1)) == []
    with clock.frozen_at(due + grace):
        raised = services.deadlines_check()
    assert [a.kind for a in raised] == ["overdue"] and raised[0].due_at == due
    assert world.operation.codename in raised[0].message
    # Idempotent: the same moment, and a bit later, raise nothing new.
    assert services.deadlines_check(now=due + grace) == []
    assert services.deadlines_check(now=due + grace + 10 * MIN) == []
    # The next deadline (an interval later) is missed too: one more alert.
    raised = services.deadlines_check(now=due + datetime.timedelta(minutes=60) + grace)
    assert [a.due_at for a in raised] == [due + datetime.timedelta(minutes=60)]
    assert Alert.objects.filter(kind="overdue", operation=world.operation).count() == 2


def test_deadlines_missed_while_the_worker_was_down_raise_one_alert(world: World) -> None:
    """The worker stopped for ten hours while the team was silent: when it runs again the
    coordinators get one overdue alert, naming the first deadline missed, not one per hour
    of the gap (ten at once, each e-mailed); the next deadline is the next one to come."""
    interval = datetime.timedelta(minutes=60)
    grace = datetime.timedelta(minutes=15)
    back = START + 10 * interval + 5 * MIN
    raised = services.deadlines_check(now=back)
    assert [a.due_at for a in raised] == [START + interval]
    assert Alert.objects.filter(kind="overdue", operation=world.operation).count() == 1
    world.operation.refresh_from_db()
    assert world.operation.check_in_due_at == START + 10 * interval
    # Run again at once: nothing new. The next deadline missed past its grace: one more.
    assert services.deadlines_check(now=back + MIN) == []
    raised = services.deadlines_check(now=START + 10 * interval + grace)
    assert [a.due_at for a in raised] == [START + 10 * interval]


def test_a_check_in_in_time_raises_nothing(world: World) -> None:
    with clock.frozen_at(START + 70 * MIN):  # late but within grace
        services.check_in_record(
            actor=world.field_user, operation=world.operation, pressed="delayed", code=CODE
        )
    assert services.deadlines_check(now=START + 70 * MIN + 74 * MIN) == []
    assert len(services.deadlines_check(now=START + 70 * MIN + 75 * MIN)) == 1


def test_ended_operations_have_no_deadlines(world: World) -> None:
    services.operation_end(
        actor=world.coordinator,
        operation=world.operation,
        status="completed",
        notes="Done.",
        brought_out=[world.person.pk],
    )
    assert services.deadlines_check(now=START + datetime.timedelta(days=3)) == []


def test_the_periodic_task_is_registered_and_runs_the_check(world: World) -> None:
    from safepassage.operations import tasks
    from safepassage.operations.scheduler import PERIODIC

    assert PERIODIC[tasks.deadlines_check_task.module_path][1] <= 20
    with clock.frozen_at(START + 2 * datetime.timedelta(minutes=60)):
        tasks.deadlines_check_task.call()
    assert Alert.objects.filter(kind="overdue").count() == 1


# --- outcome -------------------------------------------------------------------------------


def test_outcome_moves_persons_and_members_with_history(world, users: dict[str, User]) -> None:
    coordinator = world.coordinator
    driver = make_member(coordinator, "driver-one", role="driver")
    Operation.objects.filter(pk=world.operation.pk).update(status="draft")
    world.operation.refresh_from_db()
    driver_tm = services.team_member_add(
        actor=coordinator, operation=world.operation, member=driver, role="driver"
    )
    Operation.objects.filter(pk=world.operation.pk).update(status="underway")
    world.operation.refresh_from_db()

    services.operation_end(
        actor=coordinator,
        operation=world.operation,
        status="completed",
        notes="Crossed at dawn.",
        brought_out=[world.person.pk],
        member_outcomes={str(world.lead.pk): "captured", str(driver_tm.pk): "injured"},
    )
    world.person.refresh_from_db()
    assert world.person.status == "arrived"
    change = StatusChange.objects.filter(person=world.person).order_by("changed_at").last()
    assert change is not None and (change.from_status, change.to_status) == (
        "in_transit",
        "arrived",
    )
    world.member.refresh_from_db()
    assert world.member.status == "captured"
    assert MemberStatusChange.objects.filter(member=world.member, to_status="captured").exists()
    driver.refresh_from_db()
    assert driver.status == "active"
    driver_tm.refresh_from_db()
    assert driver_tm.outcome == "injured"
    # The captured member's account is locked, and the outcome alert points at the report.
    world.field_user.refresh_from_db()
    assert world.field_user.is_locked
    outcome = Alert.objects.get(kind="outcome", operation=world.operation)
    assert "compromise report" in outcome.message and world.member.codename in outcome.message
    world.operation.refresh_from_db()
    assert world.operation.status == "completed" and world.operation.check_in_due_at is None


def test_a_member_killed_on_the_operation_has_his_account_locked(world: World) -> None:
    """Whoever killed him may hold his phone, signed in: his account stops working, as a
    captured member's does, and the outcome alert asks for the compromise report."""
    services.operation_end(
        actor=world.coordinator,
        operation=world.operation,
        status="failed",
        notes="Ambushed at the crossing.",
        member_outcomes={str(world.lead.pk): "killed"},
    )
    world.member.refresh_from_db()
    world.field_user.refresh_from_db()
    assert world.member.status == "killed"
    assert world.field_user.is_locked
    assert AuditEvent.objects.filter(
        action="account.lock", object_id=str(world.field_user.pk)
    ).exists()
    outcome = Alert.objects.get(kind="outcome", operation=world.operation)
    assert "compromise report" in outcome.message and world.member.codename in outcome.message


def test_a_captured_members_api_tokens_are_revoked(world: World) -> None:
    """Her phone is in other hands: a token on it must not work again, even once unlocked."""
    from django.test import Client

    from safepassage.accounts.models import ApiToken
    from safepassage.accounts.services import api_token_create, user_set_locked

    _, plain = api_token_create(actor=None, user=world.field_user)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {plain}")
    assert client.get("/api/me/").status_code == 200
    services.operation_end(
        actor=world.coordinator,
        operation=world.operation,
        status="completed",
        notes="Crossed at dawn.",
        brought_out=[world.person.pk],
        member_outcomes={str(world.lead.pk): "captured"},
    )
    user_set_locked(actor=None, user=User.objects.get(pk=world.field_user.pk), locked=False)
    assert client.get("/api/me/").status_code == 401
    assert not ApiToken.objects.filter(user=world.field_user, revoked_at__isnull=True).exists()


def test_outcome_input_is_checked_and_changes_nothing(world: World) -> None:
    for kwargs in (
        {"status": "won", "notes": "x"},
        {"status": "completed", "notes": ""},
        {
            "status": "completed",
            "notes": "x",
            "brought_out": ["00000000-0000-0000-0000-000000000000"],
        },
        {"status": "completed", "notes": "x", "member_outcomes": {str(world.lead.pk): "lost"}},
    ):
        with pytest.raises(ValidationError):
            services.operation_end(actor=world.coordinator, operation=world.operation, **kwargs)
    world.operation.refresh_from_db()
    assert world.operation.status == "underway"


# --- e-mail --------------------------------------------------------------------------------


def test_alert_email_goes_to_coordinators_without_sensitive_text(
    world,
    users: dict[str, User],
    django_capture_on_commit_callbacks,
) -> None:
    coordinator = users["coordinator"]
    coordinator.email = "falcon@example.org"
    coordinator.save(update_fields=["email"])
    users["caseworker"].email = "olive@example.org"
    users["caseworker"].save(update_fields=["email"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True), clock.frozen_at(START + 5 * MIN):
        services.check_in_record(
            actor=world.field_user, operation=world.operation, pressed="ok", code=DURESS
        )
    assert [m.to for m in mail.outbox] == [["falcon@example.org"]]
    text = str(mail.outbox[0].subject) + str(mail.outbox[0].body)
    assert "Duress check-in" in text and "http" in text
    alert = Alert.objects.get(kind="duress")
    for secret in (
        world.operation.codename,
        world.member.codename,
        "Berfîn",
        "Xelîl",
        DURESS,
        alert.message,
    ):
        assert secret not in text


def test_an_alerts_email_run_again_is_not_sent_again(
    world,
    users: dict[str, User],
    django_capture_on_commit_callbacks,
) -> None:
    """The task run again (restored from a backup read while it ran, say) sends nothing: the
    audit log records the e-mail once sent."""
    from safepassage.operations.tasks import alert_email_send

    users["coordinator"].email = "falcon@example.org"
    users["coordinator"].save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True), clock.frozen_at(START + 5 * MIN):
        services.check_in_record(
            actor=world.field_user, operation=world.operation, pressed="ok", code=DURESS
        )
    alert = Alert.objects.get(kind="duress")
    assert len(mail.outbox) == 1
    events = AuditEvent.objects.filter(action="alert.email", object_id=str(alert.pk))
    assert events.count() == 1
    assert alert_email_send.call(str(alert.pk)) == 0
    assert len(mail.outbox) == 1 and events.count() == 1
