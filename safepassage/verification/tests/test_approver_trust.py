"""An approval counts only while the coordinator who gave it is trusted: an account since
locked (a duress sign-in, a captured member, an administrator's lock) or belonging to a member
marked compromised, captured, missing or killed may be in other hands, and so may the approvals it
gave. The request needs another coordinator's approval before an operation may start."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from safepassage.accounts.models import Role, User
from safepassage.accounts.permissions import ActionRefused
from safepassage.accounts.services import user_set_locked
from safepassage.conftest import make_user
from safepassage.intel.services import member_set_status
from safepassage.verification.models import Approval, RescueRequest
from safepassage.verification.selectors import request_is_cleared, request_view, requests_cleared
from safepassage.verification.services import request_approve
from safepassage.verification.tests.factories import make_member, make_person, make_request

pytestmark = pytest.mark.django_db
REASON = "Checked with the family."


def _approved(coordinator: User, heron: User) -> RescueRequest:
    request = make_request(coordinator, make_person())
    for approver in (coordinator, heron):
        request_approve(actor=approver, request=request, reason=REASON)
    assert request_is_cleared(request)
    return request


def test_an_approval_of_an_account_locked_since_no_longer_counts(users: dict[str, User]) -> None:
    coordinator = users[Role.COORDINATOR]
    heron = make_user("heron", Role.COORDINATOR)
    request = _approved(coordinator, heron)

    user_set_locked(actor=users[Role.ADMINISTRATOR], user=heron, locked=True)

    assert not request_is_cleared(request)
    assert requests_cleared([request]) == {request.pk: False}
    view = request_view(request, user=coordinator)
    assert (view.approvers, view.approvals_needed, view.cleared) == (1, 1, False)
    assert [a.valid for a in view.approvals] == [True, False]
    # Another coordinator's approval clears it again.
    kite = make_user("kite", Role.COORDINATOR)
    request_approve(actor=kite, request=request, reason=REASON)
    assert request_is_cleared(request)


@pytest.mark.parametrize("status", ["compromised", "captured", "missing", "killed"])
def test_a_coordinator_whose_member_is_compromised_cannot_approve(
    users: dict[str, User], status: str
) -> None:
    """Killed too: whoever killed him may hold his phone, and his account on it."""
    coordinator = users[Role.COORDINATOR]
    heron = make_user("heron", Role.COORDINATOR)
    member = make_member(coordinator, "heron", role="coordinator", user=heron)
    request = _approved(coordinator, heron)

    member_set_status(actor=coordinator, member=member, status=status, reason="Seen.")
    assert not request_is_cleared(request)

    other = make_request(coordinator, make_person(given_names=["Nesrîn"]))
    if status in ("captured", "killed"):
        # Captured or killed, his account is locked outright: nothing it asks is done.
        assert User.objects.get(pk=heron.pk).is_locked
        with pytest.raises(ActionRefused):
            request_approve(actor=User.objects.get(pk=heron.pk), request=other, reason=REASON)
    else:
        with pytest.raises(ValidationError) as exc:
            request_approve(actor=heron, request=other, reason=REASON)
        assert "compromised" in " ".join(exc.value.messages)
    assert not Approval.objects.filter(request=other).exists()
