"""Names typed with invisible characters (a ZWNJ, direction marks, a zero-width space) are
found by search as the names they show, and find them."""

from __future__ import annotations

import pytest

from safepassage.tracing.selectors import persons_search_for_user
from safepassage.tracing.tests.conftest import report_person

pytestmark = pytest.mark.django_db

ZWNJ = "\u200c"
OLD_HESEN = f"حه{ZWNJ}سه{ZWNJ}ن"  # حەسەن as older Sorani typing wrote it: ه and a ZWNJ


def test_search_finds_a_person_stored_with_invisible_characters(users) -> None:
    coordinator = users["coordinator"]
    hesen = report_person(coordinator, given_names=(OLD_HESEN,), sex="m").person
    nesrin = report_person(
        coordinator,
        given_names=("\u200fNes\u200brîn\u200e",),
        family_names=(f"\u202bهه{ZWNJ}مدانی\u202c",),
        sex="f",
    ).person
    for query in ("حەسەن", "Hesen", "Hasan", "حسن"):
        assert persons_search_for_user(user=coordinator, query=query) == [hesen], query
    for query in ("Nesrîn", "نسرين", "Nesrîn Hemdanî", "همداني"):
        assert persons_search_for_user(user=coordinator, query=query) == [nesrin], query


def test_a_query_with_invisible_characters_finds_the_person(users) -> None:
    coordinator = users["coordinator"]
    hesen = report_person(coordinator, given_names=("حەسەن",), sex="m").person
    xelil = report_person(coordinator, given_names=("Xelîl",), family_names=("خليل",)).person
    for query in (OLD_HESEN, f"\u200f{OLD_HESEN}\u200e", "He\u00adsen", "\ufeffHesen"):
        assert persons_search_for_user(user=coordinator, query=query) == [hesen], query
    for query in ("\u202bخل\u200dيل\u202c", "Xe\u200blîl", "Xel\u2066îl\u2069"):
        assert persons_search_for_user(user=coordinator, query=query) == [xelil], query
    # A query of invisible characters only looks for no one.
    assert persons_search_for_user(user=coordinator, query="\u200f\u200b") == []
