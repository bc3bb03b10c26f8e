"""Corroboration counts only sources the network still trusts.

A member who is compromised, captured, missing or killed may be speaking for the other side: their
report does not make a place "corroborated by an independent source", whether it was linked
as the corroborating report or simply says the same place.
"""

from __future__ import annotations

import pytest

from safepassage.accounts.models import Role, User
from safepassage.intel.models import Place
from safepassage.intel.services import member_set_status
from safepassage.tracing.models import Person
from safepassage.verification.models import Assessment
from safepassage.verification.selectors import assessment_current
from safepassage.verification.tests.factories import (
    make_contact,
    make_member,
    make_person,
    make_place,
    make_report,
    make_request,
)

pytestmark = pytest.mark.django_db


def _assess(actor: User, person: Person, village: Place) -> Assessment:
    call = make_contact(person, auth_outcome="passed", what_she_asked="Tell my mother I am well.")
    meeting = make_place(actor, "Old mill", kind="crossing", latitude=36.7, longitude=42.4)
    request = make_request(
        actor,
        person,
        contacts=[call],
        pickup_place=meeting,
        stated_place=village,
        network_chosen_meeting_point=True,
    )
    assessment = assessment_current(request)
    assert assessment is not None
    return assessment


def _factors(actor: User, person: Person, village: Place) -> list[str]:
    return list(_assess(actor, person, village).factor_codes)


def _evidence(actor: User, person: Person, village: Place, code: str) -> list[str]:
    """The keys of the evidence lines of factor ``code``."""
    factors = _assess(actor, person, village).factors
    return [e["key"] for f in factors if f["code"] == code for e in f["evidence"]]


@pytest.mark.parametrize("status", ["compromised", "captured", "missing"])
@pytest.mark.parametrize("linked", [True, False])
def test_an_unsafe_member_does_not_corroborate(
    users: dict[str, User], status: str, linked: bool
) -> None:
    actor = users[Role.COORDINATOR]
    person = make_person()
    village = make_place(actor, "Kanîsor", latitude=36.5, longitude=42.1)
    wren, kite = make_member(actor, "wren"), make_member(actor, "kite")
    first = make_report(
        actor, person, member=wren, place=village, source_reliability="B", info_credibility=2
    )
    make_report(
        actor,
        person,
        member=kite,
        place=village,
        source_reliability="B",
        info_credibility=2,
        corroborated_by=first if linked else None,
    )
    member_set_status(actor=actor, member=kite, status=status, reason="taken at a checkpoint")
    fired = _factors(actor, person, village)
    assert "place_unsafe_source" in fired
    assert "not_corroborated" in fired


def test_the_evidence_says_an_unsafe_source_does_not_count(users: dict[str, User]) -> None:
    actor = users[Role.COORDINATOR]
    person = make_person()
    village = make_place(actor, "Kanîsor", latitude=36.5, longitude=42.1)
    kite = make_member(actor, "kite")
    first = make_report(actor, person, member=make_member(actor, "wren"), place=village)
    make_report(actor, person, member=kite, place=village, corroborated_by=first)
    member_set_status(actor=actor, member=kite, status="compromised", reason="phone taken")
    assert _evidence(actor, person, village, "not_corroborated") == ["unsafe_sources"]


def test_an_unsafe_members_report_is_not_corroborated_by_a_trusted_one(
    users: dict[str, User],
) -> None:
    """Her own word and a trusted member's still corroborate each other beside it."""
    actor = users[Role.COORDINATOR]
    person = make_person()
    village = make_place(actor, "Kanîsor", latitude=36.5, longitude=42.1)
    kite = make_member(actor, "kite")
    first = make_report(
        actor, person, member=kite, place=village, source_reliability="B", info_credibility=2
    )
    make_report(
        actor,
        person,
        member=make_member(actor, "wren"),
        place=village,
        source_reliability="B",
        info_credibility=2,
        corroborated_by=first,
    )
    member_set_status(actor=actor, member=kite, status="captured", reason="taken")
    assert "not_corroborated" in _factors(actor, person, village)


def test_two_trusted_sources_still_corroborate_beside_an_unsafe_one(
    users: dict[str, User],
) -> None:
    actor = users[Role.COORDINATOR]
    person = make_person()
    village = make_place(actor, "Kanîsor", latitude=36.5, longitude=42.1)
    first = make_report(actor, person, member=make_member(actor, "wren"), place=village)
    make_report(
        actor, person, member=make_member(actor, "robin"), place=village, corroborated_by=first
    )
    kite = make_member(actor, "kite")
    make_report(actor, person, member=kite, place=village)
    member_set_status(actor=actor, member=kite, status="captured", reason="taken")
    fired = _factors(actor, person, village)
    assert "place_unsafe_source" in fired
    assert "not_corroborated" not in fired


def test_her_own_word_and_a_trusted_member_corroborate(users: dict[str, User]) -> None:
    actor = users[Role.COORDINATOR]
    person = make_person()
    village = make_place(actor, "Kanîsor", latitude=36.5, longitude=42.1)
    first = make_report(actor, person, member=make_member(actor, "wren"), place=village)
    make_report(
        actor,
        person,
        source_contact=make_contact(person, auth_outcome="passed"),
        place=village,
        corroborated_by=first,
    )
    assert "not_corroborated" not in _factors(actor, person, village)
