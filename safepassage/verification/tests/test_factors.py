"""Each trap-check factor: a case that fires it, and a near miss that does not.

Every case starts from a genuine request (authenticated, corroborated, graded A2/B2, a
meeting point the network chose, nothing in any incident) that fires no factor at all, and
changes one thing.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from safepassage.accounts.models import Role, User
from safepassage.intel.models import Holder, Member, Place
from safepassage.intel.services import member_set_status
from safepassage.tracing.models import Person, PersonLink
from safepassage.verification.selectors import assessment_current
from safepassage.verification.tests.factories import (
    make_contact,
    make_holder,
    make_incident,
    make_member,
    make_person,
    make_place,
    make_report,
    make_request,
    make_secret,
)

pytestmark = pytest.mark.django_db
NUMBER = "+964 770 111 2233"
DAY = datetime.timedelta(days=1)


@dataclass
class Case:
    actor: User
    person: Person
    village: Place
    meeting: Place
    holder: Holder
    sources: list[Member]
    call: dict[str, Any] = field(default_factory=dict)
    request: dict[str, Any] = field(default_factory=dict)
    report: dict[str, Any] = field(default_factory=dict)
    previous_contact_ago: datetime.timedelta = 20 * DAY
    reports: int = 2


def build(case: Case) -> list[str]:
    make_contact(case.person, ago=case.previous_contact_ago, auth_outcome="passed")
    call_fields: dict[str, Any] = {
        "auth_outcome": "passed",
        "what_she_asked": "Tell my mother I am well.",
        **case.call,
    }
    call = make_contact(case.person, number=NUMBER, **call_fields)
    report_fields: dict[str, Any] = {
        "place": case.village,
        "holder": case.holder,
        "source_reliability": "B",
        "info_credibility": 2,
        **case.report,
    }
    first = make_report(case.actor, case.person, member=case.sources[0], **report_fields)
    if case.reports > 1:
        make_report(
            case.actor, case.person, member=case.sources[1], corroborated_by=first, **report_fields
        )
    request_fields: dict[str, Any] = {
        "contacts": [call],
        "pickup_place": case.meeting,
        "stated_place": case.village,
        "network_chosen_meeting_point": True,
        **case.request,
    }
    request = make_request(case.actor, case.person, **request_fields)
    assessment = assessment_current(request)
    assert assessment is not None
    return list(assessment.factor_codes)


@pytest.fixture
def case(users: dict[str, User]) -> Case:
    actor = users[Role.COORDINATOR]
    return Case(
        actor=actor,
        person=make_person(),
        village=make_place(actor, "Kanîsor", latitude=36.50, longitude=42.10),
        meeting=make_place(actor, "Old mill", kind="crossing", latitude=36.70, longitude=42.40),
        holder=make_holder(actor, "Abu Hamza"),
        sources=[make_member(actor, "wren"), make_member(actor, "robin")],
    )


def test_the_genuine_baseline_fires_nothing(case: Case) -> None:
    assert build(case) == []


Change = Callable[[Case], None]


def _set(attr: str, **values: Any) -> Change:
    def change(case: Case) -> None:
        getattr(case, attr).update(values)

    return change


def _incident(**fields: Any) -> Change:
    def change(case: Case) -> None:
        resolved = {k: (v(case) if callable(v) else v) for k, v in fields.items()}
        make_incident(case.actor, **resolved)

    return change


def _unsafe_member_with(number: str, status: str) -> Change:
    def change(case: Case) -> None:
        member = make_member(case.actor, "kite", channels=[{"kind": "phone", "value": number}])
        member_set_status(actor=case.actor, member=member, status=status, reason="taken")

    return change


def _other_person_with(number: str) -> Change:
    def change(case: Case) -> None:
        make_contact(make_person(given_names=["Nadia"]), number=number)

    return change


def _source_status(status: str, *, source: bool = True) -> Change:
    def change(case: Case) -> None:
        member = case.sources[0] if source else make_member(case.actor, "kite")
        member_set_status(actor=case.actor, member=member, status=status, reason="x")

    return change


def _agree_all_clear(given: bool | None) -> Change:
    def change(case: Case) -> None:
        make_secret(case.person)
        case.call["all_clear_given"] = given

    return change


def _holder_in_incident(linked: bool) -> Change:
    def change(case: Case) -> None:
        other = make_holder(case.actor, "Abu Layla")
        make_incident(case.actor, holders=[case.holder if linked else other])

    return change


def _stated_holder_other(case: Case) -> None:
    case.request["stated_holder"] = make_holder(case.actor, "Abu Layla")


def _stated_holder_same(case: Case) -> None:
    case.request["stated_holder"] = case.holder


def _stated_place_other(case: Case) -> None:
    case.request["stated_place"] = make_place(case.actor, "Girê Zerk", latitude=36.2, longitude=42)


def _family_children(count: int, stated: int) -> Change:
    def change(case: Case) -> None:
        for n in range(count):
            child = make_person(given_names=[f"child {n}"])
            PersonLink.objects.create(person=case.person, other=child, kind="child")
        case.request["children_count"] = stated

    return change


def _burst(extra: int) -> Change:
    def change(case: Case) -> None:
        for n in range(extra):
            make_contact(case.person, ago=datetime.timedelta(hours=2 + n))

    return change


def _previous(days: int) -> Change:
    def change(case: Case) -> None:
        case.previous_contact_ago = days * DAY

    return change


def _single_report(case: Case) -> None:
    case.reports = 1


def _village_coords(case: Case) -> tuple[float, float]:
    return 36.70, 42.40


# code -> (change that fires it, near miss that does not)
CASES: dict[str, tuple[Change, Change]] = {
    "auth_not_attempted": (
        _set("call", auth_outcome="not_attempted"),
        _set("call", auth_outcome="passed"),
    ),
    "auth_failed": (_set("call", auth_outcome="failed"), _set("call", auth_outcome="passed")),
    "duress_word": (_set("call", duress_word_used=True), _set("call", duress_word_used=False)),
    "all_clear_missing": (_agree_all_clear(None), _agree_all_clear(True)),
    "lure_urgency": (_set("request", urgency_claimed=True), _set("request", urgency_claimed=False)),
    "lure_holder_away": (
        _set("request", holder_away_claimed=True),
        _set("request", holder_away_claimed=False),
    ),
    "lure_captive_location": (
        _set("request", pickup_at_captive_location=True, network_chosen_meeting_point=False),
        _set("request", pickup_at_captive_location=False, network_chosen_meeting_point=True),
    ),
    "lure_phrases": (
        _set("call", what_she_asked="تعالوا الآن، هو غير موجود"),
        _set("call", what_she_asked="The children are with me and we are well."),
    ),
    "number_in_incident": (
        _incident(phone_numbers=["00964 770 111 2233"]),
        _incident(phone_numbers=["+964 750 000 0000"]),
    ),
    "number_unsafe_member": (
        _unsafe_member_with(NUMBER, "compromised"),
        _unsafe_member_with("+964 750 000 0000", "compromised"),
    ),
    "number_other_person": (_other_person_with(NUMBER), _other_person_with("+964 750 000 0000")),
    "place_in_incident": (
        _incident(place=lambda c: c.village),
        _incident(place=lambda c: make_place(c.actor, "Elsewhere", latitude=30, longitude=40)),
    ),
    "place_unsafe_source": (
        _source_status("captured"),
        _source_status("captured", source=False),
    ),
    "holder_in_incident": (_holder_in_incident(True), _holder_in_incident(False)),
    "pickup_near_incident": (
        _incident(latitude=36.71, longitude=42.41),  # about 1.4 km from the mill
        _incident(latitude=36.80, longitude=42.50),  # about 14 km away
    ),
    "not_corroborated": (_single_report, _set("report")),
    "low_grade": (
        _set("report", source_reliability="C", info_credibility=3),
        _set("report", source_reliability="A", info_credibility=1),
    ),
    "conflict_place": (_stated_place_other, _set("request")),
    "conflict_holder": (_stated_holder_other, _stated_holder_same),
    "conflict_children": (_family_children(2, 1), _family_children(2, 2)),
    "long_silence": (_previous(200), _previous(60)),
    "contact_burst": (_burst(3), _burst(1)),
}


@pytest.mark.parametrize("code", list(CASES))
def test_factor_fires(code: str, case: Case) -> None:
    CASES[code][0](case)
    assert code in build(case)


@pytest.mark.parametrize("code", list(CASES))
def test_factor_near_miss_does_not_fire(code: str, case: Case) -> None:
    CASES[code][1](case)
    assert code not in build(case)


def test_every_factor_has_a_case() -> None:
    from safepassage.verification.rules import FACTORS

    assert set(CASES) == {f.code for f in FACTORS}


def test_lure_phrases_in_three_languages() -> None:
    from safepassage.verification.rules import lure_phrases_in

    assert lure_phrases_in("Please COME NOW, he is away!") == ["come now", "he is away"]
    assert "غير موجود" in lure_phrases_in("تعالوا الان هو غير موجود")
    assert lure_phrases_in("Were niha, ew ne li vir e") == ["were niha", "ew ne li vir e"]
    assert lure_phrases_in("ئێستا وەرن") == ["ئێستا وەرن"]
    assert lure_phrases_in("the welcome nowhere") == []
    assert lure_phrases_in("") == []


def test_lure_phrases_are_found_through_invisible_characters() -> None:
    """A ZWNJ, a direction mark or a soft hyphen pasted into a message splits no word, and
    older Sorani typing (ه and a ZWNJ for ە) reads as Sorani."""
    from safepassage.verification.rules import lure_phrases_in

    assert lure_phrases_in("ئێستا وه\u200cرن") == ["ئێستا وەرن"]
    assert lure_phrases_in("\u200fتعالوا\u200c الآن") == ["تعالوا الآن"]
    assert lure_phrases_in("co\u200bme now, he is a\u00adway") == ["come now", "he is away"]
