"""Merging two records of one woman (or undoing it) brings her contacts and reports together:
her open rescue requests are assessed again at once, so an approval given before the merge
does not cover a duress call that the other record held."""

from __future__ import annotations

import datetime

import pytest

from safepassage.accounts.models import Role, User
from safepassage.conftest import make_user
from safepassage.tracing.services import merge_undo, persons_merge
from safepassage.verification.selectors import assessment_current, request_is_cleared
from safepassage.verification.services import request_approve
from safepassage.verification.tests.factories import make_contact, make_person, make_request

pytestmark = pytest.mark.django_db
HOUR = datetime.timedelta(hours=1)


def test_a_merge_bringing_a_duress_call_voids_the_approvals(users: dict[str, User]) -> None:
    coordinator = users[Role.COORDINATOR]
    heron = make_user("heron", Role.COORDINATOR)
    survivor = make_person()
    other = make_person(given_names=["Berfin"])
    make_contact(other, ago=2 * HOUR, auth_outcome="passed", duress_word_used=True)
    request = make_request(coordinator, survivor)
    before = assessment_current(request)
    assert before is not None and before.needs_approval
    assert "duress_word" not in before.factor_codes
    for approver in (coordinator, heron):
        request_approve(actor=approver, request=request, reason="Checked with the family.")
    assert request_is_cleared(request)

    merge = persons_merge(actor=coordinator, survivor=survivor, merged=other)

    after = assessment_current(request)
    assert after is not None and after.pk != before.pk
    assert after.trigger == "merge" and "duress_word" in after.factor_codes
    assert not request_is_cleared(request)

    # Undone, the duress call is hers no more on this record: assessed again.
    merge_undo(actor=coordinator, merge=merge)
    undone = assessment_current(request)
    assert undone is not None and undone.pk != after.pk
    assert "duress_word" not in undone.factor_codes


def test_a_merge_reassesses_the_requests_the_merged_record_brings(
    users: dict[str, User],
) -> None:
    coordinator = users[Role.COORDINATOR]
    survivor = make_person()
    other = make_person(given_names=["Berfin"])
    make_contact(survivor, ago=2 * HOUR, auth_outcome="failed")
    request = make_request(coordinator, other)
    before = assessment_current(request)
    assert before is not None and "auth_failed" not in before.factor_codes

    persons_merge(actor=coordinator, survivor=survivor, merged=other)

    request.refresh_from_db()
    assert request.person_id == survivor.pk
    after = assessment_current(request)
    assert after is not None and "auth_failed" in after.factor_codes
