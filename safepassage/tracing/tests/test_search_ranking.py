"""A search lists the persons whose names are spelled most like the query first: the keys
find every name that sounds alike, and a name found only through her mother's comes after."""

from __future__ import annotations

import pytest

from safepassage.tracing import selectors
from safepassage.tracing.tests.conftest import report_person

pytestmark = pytest.mark.django_db


def test_closest_spelling_first_and_mothers_name_last(users) -> None:
    coordinator = users["coordinator"]
    # Filed first, so an unranked list would show her first: her mother's name sounds like
    # Khalil (the same loose consonants), her own names do not.
    berfin = report_person(
        coordinator, given_names=("Berfîn",), family_names=("Kanîsorî",), mother_names=("Gulê",)
    ).person
    kalil = report_person(coordinator, given_names=("Kalil",), family_names=("Mirza",)).person
    khalil = report_person(coordinator, given_names=("Khalil",), family_names=("Şingalî",)).person

    for query, first in (("Khalil", khalil), ("Kalil", kalil), ("Gulê", berfin)):
        found = selectors.persons_search_for_user(user=coordinator, query=query)
        assert set(found) == {berfin, kalil, khalil}, query
        assert found[0] == first, query
    assert selectors.persons_search_for_user(user=coordinator, query="Khalil")[-1] == berfin
    assert selectors.persons_search_for_user(user=coordinator, query="خليل")[0] == khalil


def test_every_query_word_counts(users) -> None:
    coordinator = users["coordinator"]
    other_family = report_person(
        coordinator, given_names=("Khalil",), family_names=("Hemdanî",)
    ).person
    same_family = report_person(
        coordinator, given_names=("Kalil",), family_names=("Şingalî",)
    ).person
    found = selectors.persons_search_for_user(user=coordinator, query="Khalil Shingali")
    assert found == [same_family]  # both words must be among her names
    found = selectors.persons_search_for_user(user=coordinator, query="Khalil")
    assert found[0] == other_family and same_family in found
