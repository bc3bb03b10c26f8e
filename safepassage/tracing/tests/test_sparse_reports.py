"""A report that names one part of her name only (her father's, with her birth year) meets the
stored reports of her, and they meet it."""

from __future__ import annotations

import pytest

from safepassage.matching import PersonRecord
from safepassage.tracing.services.matching import candidate_ids
from safepassage.tracing.tests.conftest import KHALIL_LATIN, report_person

pytestmark = pytest.mark.django_db


def test_a_report_with_her_fathers_name_and_year_finds_her(users) -> None:
    stored = report_person(users["coordinator"], **KHALIL_LATIN).person
    sparse = PersonRecord(ref="new", father_names=("حسن",), sex="f", birth_year=1999)
    assert candidate_ids(sparse) == [str(stored.pk)]


def test_a_stored_report_with_her_fathers_name_and_year_is_found(users) -> None:
    actor = users["coordinator"]
    stored = report_person(actor, father_names=("Hesen",), sex="f", birth_year=1997).person
    full = PersonRecord(
        ref="new",
        given_names=("خليل",),
        father_names=("حسن",),
        family_names=("الشنگالي",),
        birth_year=1998,
    )
    assert candidate_ids(full) == [str(stored.pk)]
