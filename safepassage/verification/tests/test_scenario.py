"""The trap that killed rescuers, reproduced: blocked until two coordinators approve.

A captive is forced to call: "I'm in this house, come and get me, the man holding me is
away". Nobody authenticates her; the house is reported only by her; the number she calls
from was used in an earlier trap. A genuine request passes without extra approval.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from safepassage.accounts.models import Role, User
from safepassage.accounts.permissions import ActionRefused
from safepassage.conftest import make_user
from safepassage.operations.models import Alert
from safepassage.verification.selectors import assessment_current, request_is_cleared
from safepassage.verification.services import request_approve
from safepassage.verification.tests.factories import (
    make_contact,
    make_incident,
    make_member,
    make_person,
    make_place,
    make_report,
    make_request,
)

pytestmark = pytest.mark.django_db

TRAP_NUMBER = "+964 750 555 0199"


def test_the_coerced_call_is_blocked_until_two_coordinators_approve(
    users: dict[str, User],
) -> None:
    falcon = users[Role.COORDINATOR]
    heron = make_user("heron", Role.COORDINATOR)
    house = make_place(falcon, "House 14 Tel Qasab", kind="house", latitude=36.30, longitude=41.90)
    make_incident(
        falcon,
        kind="trap",
        occurred_on=datetime.date(2024, 2, 10),
        phone_numbers=["00964 750 555 0199"],
        latitude=36.31,
        longitude=41.91,
    )
    person = make_person()
    call = make_contact(
        person,
        number=TRAP_NUMBER,
        auth_outcome="not_attempted",
        what_she_asked="I'm in this house, come and get me, come now, he is away.",
    )
    make_report(
        falcon, person, source_contact=call, place=house, source_reliability="F", info_credibility=6
    )

    request = make_request(
        falcon,
        person,
        contacts=[call],
        pickup_place=house,
        stated_place=house,
        urgency_claimed=True,
        holder_away_claimed=True,
        pickup_at_captive_location=True,
    )
    assessment = assessment_current(request)
    assert assessment is not None
    fired = set(assessment.factor_codes)
    assert {
        "auth_not_attempted",
        "lure_urgency",
        "lure_holder_away",
        "lure_captive_location",
        "lure_phrases",
        "number_in_incident",
        "not_corroborated",
        "low_grade",
        "pickup_near_incident",
    } <= fired
    assert assessment.total > assessment.threshold
    assert not request_is_cleared(request)
    assert Alert.objects.filter(kind="approval", subject_id=str(request.pk)).exists()

    # One coordinator cannot clear it alone, not even by approving twice.
    request_approve(actor=falcon, request=request, reason="Spoke to her brother; risk known.")
    assert not request_is_cleared(request)
    with pytest.raises(ValidationError):
        request_approve(actor=falcon, request=request, reason="Again.")
    assert not request_is_cleared(request)
    # A caseworker cannot approve at all; a reason is required.
    with pytest.raises(ActionRefused):
        request_approve(actor=users[Role.CASEWORKER], request=request, reason="ok")
    with pytest.raises(ValidationError):
        request_approve(actor=heron, request=request, reason="  ")
    assert not request_is_cleared(request)

    request_approve(actor=heron, request=request, reason="Team meets her at our point instead.")
    assert request_is_cleared(request)


def test_new_evidence_after_approval_voids_it(users: dict[str, User]) -> None:
    falcon = users[Role.COORDINATOR]
    heron = make_user("heron", Role.COORDINATOR)
    person = make_person()
    call = make_contact(person, number=TRAP_NUMBER, auth_outcome="not_attempted")
    request = make_request(falcon, person, contacts=[call], pickup_at_captive_location=True)
    request_approve(actor=falcon, request=request, reason="Known risk.")
    request_approve(actor=heron, request=request, reason="Known risk.")
    assert request_is_cleared(request)
    # An earlier trap with this number comes to light: the approvals no longer cover it.
    make_incident(falcon, phone_numbers=[TRAP_NUMBER])
    current = assessment_current(request)
    assert current is not None and "number_in_incident" in current.factor_codes
    assert not request_is_cleared(request)
    request_approve(actor=falcon, request=request, reason="Checked the incident; still go.")
    request_approve(actor=heron, request=request, reason="Agreed.")
    assert request_is_cleared(request)


def test_a_genuine_request_passes_without_extra_approval(users: dict[str, User]) -> None:
    falcon = users[Role.COORDINATOR]
    village = make_place(falcon, "Kanîsor", latitude=36.5, longitude=42.1)
    meeting = make_place(
        falcon, "Crossing at the old mill", kind="crossing", latitude=36.6, longitude=42.3
    )
    person = make_person()
    make_contact(person, ago=datetime.timedelta(days=20), auth_outcome="passed")
    call = make_contact(
        person,
        number="+964 770 111 2233",
        auth_outcome="passed",
        what_she_asked="Tell my mother I am well.",
    )
    first = make_report(
        falcon,
        person,
        member=make_member(falcon, "wren"),
        place=village,
        source_reliability="B",
        info_credibility=2,
    )
    make_report(
        falcon,
        person,
        member=make_member(falcon, "robin"),
        place=village,
        source_reliability="A",
        info_credibility=2,
        corroborated_by=first,
    )
    request = make_request(
        falcon,
        person,
        contacts=[call],
        pickup_place=meeting,
        stated_place=village,
        network_chosen_meeting_point=True,
    )
    assessment = assessment_current(request)
    assert assessment is not None
    assert assessment.factor_codes == []
    assert assessment.total == 0
    assert request_is_cleared(request)
    assert not Alert.objects.filter(kind="approval").exists()
    with pytest.raises(ValidationError):
        request_approve(actor=falcon, request=request, reason="Not needed.")
