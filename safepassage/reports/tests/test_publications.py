"""Publications a month apart, read together: a reader who keeps last month's page and export
and reads this month's works out no withheld figure from the two."""

from __future__ import annotations

import datetime

import pytest

from safepassage.accounts.models import Role, User
from safepassage.reports.selectors import Statistics, statistics_for_user, withhold
from safepassage.reports.tests.test_linked_tables import (
    STAGES,
    Figure,
    pinned_down,
    reader_equations,
    true_figures,
)
from safepassage.reports.tests.test_views import _person
from safepassage.tracing.models import PersonStatus

pytestmark = pytest.mark.django_db

Equation = tuple[list[Figure], Figure]


def published(stats: Statistics) -> dict[Figure, int | None]:
    """What one publication shows a reader: the by-status table and the women recorded, the
    month table's cells and each stage's total over its months (``None``: withheld)."""
    statuses, table = withhold(stats)
    shown: dict[Figure, int | None] = {
        ("status", code): row[0]
        for (code, _, _), row in zip(stats.by_status, statuses.cells, strict=True)
    }
    shown[("persons",)] = statuses.column_totals[0]
    for month, row in zip(table.rows, table.cells, strict=True):
        shown.update({("cell", month, stage): v for stage, v in zip(STAGES, row, strict=True)})
    shown.update({("stage", s): v for s, v in zip(STAGES, table.column_totals, strict=True)})
    return shown


def _apart(figure: Figure, number: int) -> Figure:
    """A publication's own sums over its months (they differ when its months do)."""
    return (*figure, str(number)) if figure[0] in ("stage", "all") else figure


def read_together(
    publications: list[Statistics],
) -> tuple[dict[Figure, int | None], list[Equation]]:
    """Everything the publications show a reader, and every equation of each that holds.

    The cells, statuses and women recorded are the same figures in each (nothing changed in
    between): one published in either is known. Each keeps its own stage totals."""
    shown: dict[Figure, int | None] = {}
    equations: list[Equation] = []
    for number, stats in enumerate(publications):
        true = true_figures(stats)
        for figure, value in published(stats).items():
            key = _apart(figure, number)
            shown[key] = value if shown.get(key) is None else shown[key]
        equations += [
            ([_apart(p, number) for p in parts], _apart(total, number))
            for parts, total in reader_equations(stats.months)
            if sum(true[p] for p in parts) == true[total]
        ]
    return shown, equations


def _two_women_reported_long_ago() -> None:
    """Women still missing: 2 reported in July 2025, then 6, 8, 7 and 9 in later months."""
    for day, count in (
        (datetime.date(2025, 7, 10), 2),
        (datetime.date(2025, 9, 10), 6),
        (datetime.date(2025, 12, 10), 8),
        (datetime.date(2026, 2, 10), 7),
        (datetime.date(2026, 5, 10), 9),
    ):
        for _ in range(count):
            _person(PersonStatus.MISSING, reported=day, steps={})


@pytest.mark.parametrize(
    "first, second",
    [
        (datetime.date(2026, 6, 15), datetime.date(2026, 7, 15)),
        (datetime.date(2026, 12, 15), datetime.date(2027, 1, 15)),
    ],
)
def test_two_publications_a_month_apart_give_back_no_withheld_figure(
    users: dict[str, User], first: datetime.date, second: datetime.date
) -> None:
    """With a window of the last twelve months, June's publication showed July 2025 to June
    2026 (reported total 32) and July's August 2025 to July 2026 (30): 32 − 30 gave back the
    two women of July 2025, withheld in June's."""
    _two_women_reported_long_ago()
    coordinator = users[Role.COORDINATOR]
    publications = [statistics_for_user(user=coordinator, today=day) for day in (first, second)]
    shown, equations = read_together(publications)
    assert shown[("cell", "2025-07", "reported")] is None
    assert pinned_down(shown, equations) == []
