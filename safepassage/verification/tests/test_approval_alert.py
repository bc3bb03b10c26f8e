"""The "approval needed" alert says what is true now: a request that no longer waits for
coordinators' approvals (cleared by two, assessed at or below the threshold, closed) takes its
alert off every coordinator's page, and one that waits again raises a new one."""

from __future__ import annotations

import pytest

from safepassage.accounts.models import Role, User
from safepassage.audit.models import AuditEvent
from safepassage.conftest import make_user
from safepassage.operations import services as operations
from safepassage.operations.models import Alert, AlertKind
from safepassage.operations.selectors import alerts_open_for_user
from safepassage.operations.tests.factories import plan_operation
from safepassage.verification.models import RescueRequest
from safepassage.verification.rules import DEFAULT_THRESHOLD
from safepassage.verification.selectors import assessment_current, request_is_cleared
from safepassage.verification.services import (
    request_approve,
    request_close,
    request_recompute,
    rules_update,
)
from safepassage.verification.tests.factories import make_person, make_request

pytestmark = pytest.mark.django_db


def _risky(actor: User) -> RescueRequest:
    """The lure pattern: above the default threshold, so it waits for two approvals."""
    request = make_request(
        actor,
        make_person(),
        urgency_claimed=True,
        holder_away_claimed=True,
        pickup_at_captive_location=True,
    )
    current = assessment_current(request)
    assert current is not None and current.needs_approval
    return request


def _open(request: RescueRequest) -> list[Alert]:
    return list(
        Alert.objects.filter(
            kind=AlertKind.APPROVAL, subject_id=str(request.pk), acknowledged_at__isnull=True
        )
    )


def _shown_to(user: User) -> set[str]:
    return {str(a.pk) for a in alerts_open_for_user(user=user)}


def _threshold(actor: User, value: int) -> None:
    rules_update(actor=actor, weights={}, params={}, threshold=value, reason="Review.")


@pytest.fixture
def heron(db: None) -> User:
    return make_user("heron", Role.COORDINATOR)


def test_a_reassessment_below_the_threshold_retires_the_alert_and_one_above_raises_it_again(
    users: dict[str, User],
) -> None:
    falcon = users[Role.COORDINATOR]
    request = _risky(falcon)
    [alert] = _open(request)
    assert str(alert.pk) in _shown_to(falcon)

    # The rules change: the same request is now at or below the threshold.
    _threshold(falcon, 10_000)
    assert request_is_cleared(request)
    assert _open(request) == [] and str(alert.pk) not in _shown_to(falcon)
    alert.refresh_from_db()
    assert alert.acknowledged_at is not None and alert.acknowledged_by is None
    assert "at or below the threshold" in alert.acknowledgement
    resolved = AuditEvent.objects.get(action="alert.resolve", object_id=str(alert.pk))
    assert resolved.actor_id == str(falcon.pk)

    # Back above the threshold: it waits again, and coordinators are told again, once.
    _threshold(falcon, DEFAULT_THRESHOLD)
    [again] = _open(request)
    assert again.pk != alert.pk and str(again.pk) in _shown_to(falcon)
    request_recompute(actor=falcon, request=request)
    assert _open(request) == [again]


def test_two_approvals_retire_it_and_evidence_that_voids_them_raises_it_again(
    users: dict[str, User], heron: User
) -> None:
    falcon = users[Role.COORDINATOR]
    request = _risky(falcon)
    request_approve(actor=falcon, request=request, reason="Spoke to her brother.")
    assert len(_open(request)) == 1  # one approval of two: still waiting
    request_approve(actor=heron, request=request, reason="We meet her at our point.")
    assert request_is_cleared(request) and _open(request) == []
    retired = Alert.objects.get(kind=AlertKind.APPROVAL, subject_id=str(request.pk))
    assert "approved" in retired.acknowledgement

    # A re-assessment that leaves it cleared raises nothing.
    request_recompute(actor=falcon, request=request)
    assert _open(request) == []
    # New evidence raises the risk: the approvals no longer cover it, so it waits again.
    rules_update(
        actor=falcon, weights={"lure_urgency": 1000}, params={}, threshold=40, reason="Up."
    )
    assert not request_is_cleared(request)
    assert len(_open(request)) == 1


def test_closing_the_request_retires_it(users: dict[str, User]) -> None:
    falcon = users[Role.COORDINATOR]
    request = _risky(falcon)
    assert len(_open(request)) == 1
    request_close(actor=falcon, request=request, reason="Withdrawn by the family.")
    assert _open(request) == []
    assert "closed" in Alert.objects.get(subject_id=str(request.pk)).acknowledgement


def test_an_acknowledged_alert_is_not_raised_again_while_it_still_waits(
    users: dict[str, User],
) -> None:
    falcon = users[Role.COORDINATOR]
    request = _risky(falcon)
    [alert] = _open(request)
    operations.alert_acknowledge(actor=falcon, alert=alert, note="Calling the family first.")
    request_recompute(actor=falcon, request=request)
    assert _open(request) == []
    alert.refresh_from_db()
    assert alert.acknowledged_by == falcon and alert.acknowledgement.startswith("Calling")


def test_the_operations_cannot_start_alert_goes_once_its_requests_are_cleared(
    users: dict[str, User], heron: User
) -> None:
    falcon = users[Role.COORDINATOR]
    person = make_person()
    operation, *_ = plan_operation(falcon, users[Role.FIELD], person=person)
    operations.plan_item_remove(
        actor=falcon,
        operation=operation,
        item_type="person",
        item_id=str(operation.persons.get().pk),
    )
    risky = _risky(falcon)
    operations.operation_add_request(actor=falcon, operation=operation, rescue_request=risky)
    operations.operation_approve(actor=falcon, operation=operation)
    blocked = Alert.objects.get(kind=AlertKind.APPROVAL, operation=operation)
    assert blocked.acknowledged_at is None

    request_approve(actor=falcon, request=risky, reason="Known risk.")
    blocked.refresh_from_db()
    assert blocked.acknowledged_at is None  # one approval of two: it still cannot start
    request_approve(actor=heron, request=risky, reason="Agreed.")
    blocked.refresh_from_db()
    assert blocked.acknowledged_at is not None and blocked.acknowledged_by is None
    assert _open(risky) == []


def test_reopening_the_plan_retires_its_cannot_start_alert(users: dict[str, User]) -> None:
    falcon = users[Role.COORDINATOR]
    operation, *_ = plan_operation(falcon, users[Role.FIELD], person=make_person())
    operations.plan_item_remove(
        actor=falcon,
        operation=operation,
        item_type="person",
        item_id=str(operation.persons.get().pk),
    )
    operations.operation_add_request(
        actor=falcon, operation=operation, rescue_request=_risky(falcon)
    )
    operations.operation_approve(actor=falcon, operation=operation)
    operations.operation_return_to_draft(actor=falcon, operation=operation)
    blocked = Alert.objects.get(kind=AlertKind.APPROVAL, operation=operation)
    assert blocked.acknowledged_at is not None
    # Approved again while the request still waits: one new alert, not two open.
    operations.operation_approve(actor=falcon, operation=operation)
    assert (
        Alert.objects.filter(
            kind=AlertKind.APPROVAL, operation=operation, acknowledged_at__isnull=True
        ).count()
        == 1
    )
