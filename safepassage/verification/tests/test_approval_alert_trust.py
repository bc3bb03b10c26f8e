"""Approvals voided by trust raise the "approval needed" alert: when a coordinator's account is
locked (by an administrator, or by his duress sign-in) or his member is marked compromised,
captured, missing or killed, each open request he helped clear waits for approvals again, and
coordinators are told at that moment, as when new evidence voids approvals. Trusted again
(unlocked, active), the alert goes. A duress sign-in's lock shows the captor nothing."""

from __future__ import annotations

import pytest
from django.test import Client

from safepassage.accounts.models import Role, User
from safepassage.accounts.services import user_set_locked
from safepassage.conftest import decoy_client, make_user, sign_in
from safepassage.intel.services import member_set_status
from safepassage.operations.models import Alert, AlertKind
from safepassage.operations.selectors import alerts_open_for_user
from safepassage.verification.models import RescueRequest
from safepassage.verification.selectors import assessment_current, request_is_cleared
from safepassage.verification.services import request_approve, request_close
from safepassage.verification.tests.factories import make_member, make_person, make_request

pytestmark = pytest.mark.django_db
REASON = "Checked with the family."


def _cleared(falcon: User, heron: User, *, given: str = "Layla") -> RescueRequest:
    """A request above the threshold that falcon and heron approved."""
    request = make_request(
        falcon,
        make_person(given_names=[given]),
        urgency_claimed=True,
        holder_away_claimed=True,
        pickup_at_captive_location=True,
    )
    current = assessment_current(request)
    assert current is not None and current.needs_approval
    for approver in (falcon, heron):
        request_approve(actor=approver, request=request, reason=REASON)
    assert request_is_cleared(request) and _open(request) == []
    return request


def _open(request: RescueRequest) -> list[Alert]:
    return list(
        Alert.objects.filter(
            kind=AlertKind.APPROVAL, subject_id=str(request.pk), acknowledged_at__isnull=True
        )
    )


@pytest.fixture
def heron(db: None) -> User:
    return make_user("heron", Role.COORDINATOR)


def test_an_administrators_lock_raises_it_and_the_unlock_retires_it(
    users: dict[str, User], heron: User
) -> None:
    falcon = users[Role.COORDINATOR]
    request = _cleared(falcon, heron)
    # Approved by others: heron's lock changes nothing for it.
    untouched = _cleared(falcon, make_user("kite", Role.COORDINATOR), given="Nesrîn")

    user_set_locked(actor=users[Role.ADMINISTRATOR], user=heron, locked=True)
    assert not request_is_cleared(request)
    [alert] = _open(request)
    assert alert.message_key == "request_needs_approval"
    assert {str(a.pk) for a in alerts_open_for_user(user=falcon)} >= {str(alert.pk)}
    assert request_is_cleared(untouched) and _open(untouched) == []

    user_set_locked(actor=users[Role.ADMINISTRATOR], user=heron, locked=False)
    assert request_is_cleared(request) and _open(request) == []
    alert.refresh_from_db()
    assert alert.acknowledged_by is None and "trusted again" in alert.acknowledgement


def test_a_member_marked_compromised_raises_it_once_and_active_again_retires_it(
    users: dict[str, User], heron: User
) -> None:
    falcon = users[Role.COORDINATOR]
    member = make_member(falcon, "heron", role="coordinator", user=heron)
    request = _cleared(falcon, heron)

    member_set_status(actor=falcon, member=member, status="compromised", reason="Seen.")
    assert len(_open(request)) == 1
    # Still untrusted: captured, and his account locked as well; no second alert.
    member_set_status(actor=falcon, member=member, status="captured", reason="Taken.")
    user_set_locked(actor=users[Role.ADMINISTRATOR], user=heron, locked=True)
    assert len(_open(request)) == 1

    user_set_locked(actor=users[Role.ADMINISTRATOR], user=heron, locked=False)
    assert len(_open(request)) == 1  # the member is still captured
    member_set_status(actor=falcon, member=member, status="active", reason="Back with us.")
    assert request_is_cleared(request) and _open(request) == []


def test_requests_still_cleared_or_closed_raise_nothing(
    users: dict[str, User], heron: User
) -> None:
    falcon = users[Role.COORDINATOR]
    kite = make_user("kite", Role.COORDINATOR)
    still = _cleared(falcon, heron)
    request_approve(actor=kite, request=still, reason=REASON)  # a third approval
    closed = _cleared(falcon, heron, given="Nesrîn")
    request_close(actor=falcon, request=closed, reason="Acted on.")

    user_set_locked(actor=users[Role.ADMINISTRATOR], user=heron, locked=True)
    assert request_is_cleared(still)
    assert _open(still) == [] and _open(closed) == []


def test_a_duress_sign_in_raises_it_and_shows_the_signer_nothing(
    users: dict[str, User], heron: User
) -> None:
    falcon = users[Role.COORDINATOR]
    request = _cleared(falcon, heron)

    decoy = decoy_client(heron, "blue-river-duress-77")
    heron.refresh_from_db()
    assert heron.is_locked and not request_is_cleared(request)
    [alert] = _open(request)
    # The decoy session sees no alert and no waiting request.
    assert b"No open alerts" in decoy.get("/alerts/panel/").content
    assert str(request.pk).encode() not in decoy.get("/verification/").content
    # Another coordinator does.
    watcher = Client()
    sign_in(watcher, falcon)
    assert str(alert.pk) in {str(a.pk) for a in alerts_open_for_user(user=falcon)}
    assert b"two coordinators must approve" in watcher.get("/alerts/panel/").content
