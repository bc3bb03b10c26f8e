"""Intel selectors: search by any spelling, near a point, need-to-know."""

from __future__ import annotations

import datetime

import pytest
from django.http import Http404

from safepassage.accounts.models import Role, User
from safepassage.accounts.services import grant_create
from safepassage.intel import selectors
from safepassage.intel.models import Place
from safepassage.intel.tests.factories import (
    make_holder,
    make_member,
    make_person,
    make_place,
    make_report,
)

pytestmark = pytest.mark.django_db


def test_search_by_any_spelling(users: dict[str, User]) -> None:
    actor = users[Role.COORDINATOR]
    tel = make_place(actor, "Tel Qasab")
    kani = make_place(actor, "Kanîsor")
    for query in ("Tell Qassab", "تل قصب", "qasab"):
        assert [h.place for h in selectors.places_for_user(user=actor, query=query)] == [tel]
    for query in ("Kani Sor", "كاني سور"):
        assert [h.place for h in selectors.places_for_user(user=actor, query=query)] == [kani]
    assert selectors.places_for_user(user=actor, query="Mosul") == []
    holder = make_holder(actor, "Abu Hamza", aliases=["the Tailor"])
    assert selectors.holders_for_user(user=actor, query="أبو حمزة") == [holder]


def test_search_reads_a_place_as_matching_does(users: dict[str, User]) -> None:
    """Arabic writes the "ch" of Kocho with ج: a search in either script finds the other."""
    actor = users[Role.COORDINATOR]
    arabic = make_place(actor, "كوجو")
    latin = make_place(actor, "Kocho")

    def found(query: str) -> list[Place]:
        return [h.place for h in selectors.places_for_user(user=actor, query=query)]

    for query in ("Kocho", "Koço", "کۆچۆ", "كوجو", "Kojo"):
        assert arabic in found(query), query
    for query in ("كوجو", "Koço", "کۆچۆ"):
        assert latin in found(query), query
    # As in matching, the "ch" guess meets only a spelling that wrote "ch", never sh or ش.
    for query in ("Kosho", "كوشو"):
        assert arabic not in found(query), query
    # Two villages that share only "Tel" are still told apart by their other word.
    tel = make_place(actor, "تل قصب")
    assert found("Tel Qasab") == [tel] and found("Tel Ezer") == []


def test_a_holder_is_read_as_a_name(users: dict[str, User]) -> None:
    actor = users[Role.COORDINATOR]
    holder = make_holder(actor, "جمال")
    assert selectors.holders_for_user(user=actor, query="Jamal") == [holder]
    assert selectors.holders_for_user(user=actor, query="Chamal") == []  # no "ch" guess


def test_near_a_point_includes_only_visible_secret_places(users: dict[str, User]) -> None:
    falcon, olive = users[Role.COORDINATOR], users[Role.CASEWORKER]
    near = make_place(falcon, "Near", latitude=36.50, longitude=42.00)
    make_place(falcon, "Far", latitude=37.50, longitude=42.00)
    safe = make_place(falcon, "Orchard", kind="safe_house", latitude=36.51, longitude=42.01)
    hits = selectors.places_for_user(user=falcon, near=(36.5, 42.0), radius_km=5)
    assert [h.place for h in hits] == [near, safe]
    assert hits[0].distance_km == 0.0 and 1 < (hits[1].distance_km or 0) < 2
    assert [h.place for h in selectors.places_for_user(user=olive, near=(36.5, 42.0))] == [near]
    with pytest.raises(Http404):
        selectors.place_get_for_user(user=olive, place_id=safe.pk)
    grant_create(actor=falcon, user=olive, obj=safe)
    assert selectors.place_get_for_user(user=olive, place_id=safe.pk) == safe
    for role in (Role.FIELD, Role.ANALYST, Role.AUDITOR, Role.ADMINISTRATOR):
        assert selectors.places_for_user(user=users[role]) == []


def test_location_reports_follow_the_person(users: dict[str, User]) -> None:
    falcon, olive = users[Role.COORDINATOR], users[Role.CASEWORKER]
    person = make_person()
    report = make_report(falcon, person, member=make_member(falcon), place=make_place(falcon))
    assert selectors.location_reports_for_person(user=olive, person=person) == []
    grant_create(actor=falcon, user=olive, obj=person)
    assert selectors.location_reports_for_person(user=olive, person=person) == [report]


def test_location_reports_of_a_person_come_newest_first(users: dict[str, User]) -> None:
    falcon, olive = users[Role.COORDINATOR], users[Role.CASEWORKER]
    person = make_person()
    day = datetime.datetime(2024, 5, 1, 9, 0, tzinfo=datetime.UTC)
    older = make_report(falcon, person, reported_at=day, place_text="Mill")
    newest = make_report(
        falcon, person, reported_at=day + datetime.timedelta(days=2), place_text="Farm"
    )
    middle = make_report(
        falcon, person, reported_at=day + datetime.timedelta(days=1), place_text="Well"
    )
    make_report(falcon, make_person(), place_text="Road")  # another person's
    expected = [newest, middle, older]
    assert selectors.location_reports_for_person(user=falcon, person=person) == expected
    grant_create(actor=falcon, user=olive, obj=person)
    assert selectors.location_reports_for_person(user=olive, person=person) == expected


def test_invisible_characters_neither_hide_a_place_or_holder_nor_a_query(
    users: dict[str, User],
) -> None:
    """Older Sorani typing (ه and a ZWNJ for ە) and marks pasted from phones read as the
    name they show, stored or searched for."""
    actor = users[Role.COORDINATOR]
    tel = make_place(actor, "ته\u200cل قه\u200cسه\u200cب")  # تەل قەسەب
    kocho = make_place(actor, "Kocho")
    ehmed = make_holder(actor, "ئه\u200cحمه\u200cد")  # ئەحمەد

    def found(query: str) -> list[Place]:
        return [h.place for h in selectors.places_for_user(user=actor, query=query)]

    for query in ("Tel Qeseb", "تەل قەسەب", "\u200fTel Qe\u200bseb"):
        assert found(query) == [tel], query
    for query in ("\u202bكو\u200cجو\u202c", "Ko\u00adcho", "\ufeffKoço"):
        assert found(query) == [kocho], query
    for query in ("Ehmed", "أحمد", "ئەحمەد", "Eh\u200dmed\u200e"):
        assert selectors.holders_for_user(user=actor, query=query) == [ehmed], query
