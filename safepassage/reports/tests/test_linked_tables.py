"""The by-status table, the month table and its export are withheld together: no withheld
figure can be worked out from everything one reader is shown, across the tables."""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Callable
from fractions import Fraction

import pytest
from django.test import Client
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from safepassage.accounts.models import Role, User
from safepassage.reports.exports import public_table
from safepassage.reports.selectors import Statistics, statistics_for_user, withhold
from safepassage.reports.suppression import THRESHOLD
from safepassage.reports.tests.test_suppression import _rank, known_zeros
from safepassage.reports.tests.test_views import _person
from safepassage.tracing.models import PersonStatus

# Which statuses a reader may take for "reached this stage": each stage's total over the
# months, published in the export, is theirs when every step falls in the months shown.
REACHED = {
    "reported": [s.value for s in PersonStatus],
    "located": ["located", "rescue_planned", "in_transit", "arrived", "reunited"],
    "rescued": ["arrived", "reunited"],
    "reunited": ["reunited"],
}
STAGES = list(REACHED)

Figure = tuple[str, ...]


def reader_equations(months: list[str]) -> list[tuple[list[Figure], Figure]]:
    """Everything a reader knows adds up: the statuses to the women recorded; each month's
    stages to the month's sum, and the months to each stage's total (and to their sum); and
    each stage's total to the statuses that reached it."""
    statuses = [s.value for s in PersonStatus]
    equations: list[tuple[list[Figure], Figure]] = [
        ([("status", s) for s in statuses], ("persons",))
    ]
    for month in months:
        equations.append(([("cell", month, s) for s in STAGES], ("month", month)))
    for stage in STAGES:
        equations.append(([("cell", m, stage) for m in months], ("stage", stage)))
        equations.append(([("status", s) for s in REACHED[stage]], ("stage", stage)))
    equations.append(([("stage", s) for s in STAGES], ("all",)))
    equations.append(([("month", m) for m in months], ("all",)))
    equations.append(([("persons",)], ("stage", "reported")))
    return equations


def pinned_down(
    shown: dict[Figure, int | None], equations: list[tuple[list[Figure], Figure]]
) -> list[Figure]:
    """The withheld figures that some combination of the published ones gives back exactly:
    a figure is pinned down when its unit vector lies in the span of the equations restricted
    to the figures not published (withheld, or never shown, such as a month's sum)."""
    hidden = sorted(
        {f for parts, total in equations for f in (*parts, total)}
        - {f for f, v in shown.items() if v is not None}
    )
    if not hidden:
        return []
    matrix = [
        [Fraction(1 if f in parts else -1 if f == total else 0) for f in hidden]
        for parts, total in equations
    ]
    base = _rank(matrix)
    return [
        f
        for k, f in enumerate(hidden)
        if f in shown
        and _rank([*matrix, [Fraction(int(i == k)) for i in range(len(hidden))]]) == base
    ]


def shown_to(client: Client) -> tuple[dict[Figure, int | None], list[str]]:
    """What one reader is shown: the page's by-status table and women recorded, its month
    table, and the CSV export's months and stage totals."""
    page = client.get("/reports/").content.decode()
    shown: dict[Figure, int | None] = {}

    def number(text: str) -> int | None:
        return None if text == "withheld" or text == "" else int(text)

    by_status = page[page.index("Persons by status") : page.index("Per month")]
    labels = {str(s.label): s.value for s in PersonStatus}
    for label, value in re.findall(r"<tr><td>([^<]+)</td><td>([^<]+)</td></tr>", by_status):
        shown[("status", labels[label])] = number(value)
    persons = re.search(r"<strong>(\w+)</strong> persons recorded", page)
    assert persons is not None
    shown[("persons",)] = number(persons.group(1))
    per_month = page[page.index("Per month") : page.index("Public exports")]
    months: list[str] = []
    for month, cells in re.findall(
        r"<tr><td>(\d{4}-\d\d)</td>((?:<td>[^<]*</td>){4})</tr>", per_month
    ):
        months.append(month)
        for stage, value in zip(STAGES, re.findall(r"<td>([^<]*)</td>", cells), strict=True):
            shown[("cell", month, stage)] = number(value)
    rows = list(csv.reader(io.StringIO(client.get("/reports/export.csv").content.decode())))
    assert rows[0] == ["month", *STAGES]
    for row in rows[2:-1]:
        for stage, value in zip(STAGES, row[1:], strict=True):
            exported = number(value)
            # The export and the page agree: two withholdings of one table would give a
            # reader the union of what each publishes.
            assert exported == shown[("cell", row[0], stage)], (row[0], stage)
    assert rows[-1][0] == "total"
    for stage, value in zip(STAGES, rows[-1][1:], strict=True):
        shown[("stage", stage)] = number(value)
    return shown, months


def _figures(*, located_first: bool) -> None:
    """Missing 20, contact 9, located 8, rescue planned 7, in transit 7, arrived 10,
    reunited 6, deceased 2, closed 12: 81 women, every step within the last weeks; those who
    arrived were located first, or (``located_first`` false) arrived with no located step."""
    now = timezone.now()
    reported = (now - datetime.timedelta(days=20)).date()
    located = {"located": now - datetime.timedelta(days=15)}
    arrived = {**(located if located_first else {}), "arrived": now - datetime.timedelta(days=10)}
    reunited = {**arrived, "reunited": now - datetime.timedelta(days=5)}
    for status, count, steps in (
        (PersonStatus.MISSING, 20, {}),
        (PersonStatus.CONTACT, 9, {}),
        (PersonStatus.LOCATED, 8, located),
        (PersonStatus.RESCUE_PLANNED, 7, located),
        (PersonStatus.IN_TRANSIT, 7, located),
        (PersonStatus.ARRIVED, 10, arrived),
        (PersonStatus.REUNITED, 6, reunited),
        (PersonStatus.DECEASED, 2, {}),
        (PersonStatus.CLOSED, 12, {}),
    ):
        for _ in range(count):
            _person(status, reported=reported, steps=steps)


@pytest.fixture
def figures() -> None:
    """81 women, every step (located before arrived) within the last weeks: every link holds."""
    _figures(located_first=True)


@pytest.fixture
def figures_without_located_step() -> None:
    """The same 81 women, those who arrived with no located step: 22 located in the months
    shown, not the 38 now located to reunited, so the located link does not hold."""
    _figures(located_first=False)


def worked_out(
    shown: dict[Figure, int | None], equations: list[tuple[list[Figure], Figure]]
) -> dict[Figure, Fraction]:
    """The value a reader works out for each withheld figure that the equations pin down."""
    hidden = sorted(
        {f for parts, total in equations for f in (*parts, total)}
        - {f for f, v in shown.items() if v is not None}
    )
    rows = []
    for parts, total in equations:
        weight = {f: Fraction(1) for f in parts} | {total: Fraction(-1)}
        known = sum(
            (w * (shown[f] or 0) for f, w in weight.items() if f not in hidden), Fraction(0)
        )
        rows.append([weight.get(f, Fraction(0)) for f in hidden] + [-known])
    pivots: list[int] = []
    for column in range(len(hidden)):
        row = next((i for i in range(len(pivots), len(rows)) if rows[i][column]), None)
        if row is None:
            continue
        top = len(pivots)
        rows[top], rows[row] = rows[row], rows[top]
        rows[top] = [v / rows[top][column] for v in rows[top]]
        for i in range(len(rows)):
            if i != top and rows[i][column]:
                factor = rows[i][column]
                rows[i] = [a - factor * b for a, b in zip(rows[i], rows[top], strict=True)]
        pivots.append(column)
    return {
        hidden[column]: rows[i][-1]
        for i, column in enumerate(pivots)
        if hidden[column] in shown and all(not v for k, v in enumerate(rows[i][:-1]) if k != column)
    }


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.ANALYST, Role.CASEWORKER])
def test_a_withheld_status_cannot_be_worked_out_from_the_month_table(
    figures: None, role: str, client_for: Callable[[str], Client]
) -> None:
    shown, months = shown_to(client_for(role))
    assert shown[("status", "deceased")] is None  # two women: withheld
    assert pinned_down(shown, reader_equations(months)) == []
    # Nothing below five is published anywhere.
    assert all(v is None or v == 0 or v >= 5 for v in shown.values())


def true_figures(stats: Statistics) -> dict[Figure, int]:
    """Every figure of the reader's equations, as it truly is."""
    true: dict[Figure, int] = {("status", code): n for code, _, n in stats.by_status}
    true[("persons",)] = sum(n for _, _, n in stats.by_status)
    for k, month in enumerate(stats.months):
        true.update({("cell", month, stage): stats.per_month[stage][k] for stage in STAGES})
        true[("month", month)] = sum(stats.per_month[stage][k] for stage in STAGES)
    for stage in STAGES:
        true[("stage", stage)] = sum(stats.per_month[stage])
    true[("all",)] = sum(sum(stats.per_month[stage]) for stage in STAGES)
    return true


@pytest.mark.django_db
def test_a_reader_who_takes_a_broken_link_for_granted_works_out_only_wrong_values(
    figures_without_located_step: None,
    client_for: Callable[[str], Client],
    users: dict[str, User],
) -> None:
    """The located link does not hold (women arrived with no located step): the figures are
    not withheld over it, and what a reader who assumes it works out is false."""
    shown, months = shown_to(client_for(Role.ANALYST))
    true = true_figures(statistics_for_user(user=users[Role.COORDINATOR]))
    equations = reader_equations(months)
    holding = [(p, w) for p, w in equations if sum(true[f] for f in p) == true[w]]
    assert len(holding) == len(equations) - 1
    assert pinned_down(shown, holding) == []
    assert all(value != true[f] for f, value in worked_out(shown, equations).items())
    assert all(v is None or v == 0 or v >= 5 for v in shown.values())


@pytest.mark.django_db
def test_coordinators_still_see_every_figure(
    figures: None, client_for: Callable[[str], Client]
) -> None:
    page = client_for(Role.COORDINATOR).get("/reports/").content.decode()
    for label, count in (("Deceased", 2), ("Reunited", 6), ("Missing", 20), ("Arrived", 10)):
        assert f"<td>{label}</td><td>{count}</td>" in page
    assert "<strong>81</strong> persons recorded" in page and 'id="withheld"' not in page


SMALLISH = st.sampled_from([0, 0, 1, 2, 3, 4, 5, 6, 8, 12, 30])


@settings(max_examples=150, deadline=None)
@given(
    st.lists(SMALLISH, min_size=len(PersonStatus), max_size=len(PersonStatus)),
    st.lists(st.lists(SMALLISH, min_size=4, max_size=4), min_size=1, max_size=4),
)
def test_property_nothing_withheld_in_either_table_is_pinned_down_across_both(
    by_status: list[int], per_month: list[list[int]]
) -> None:
    months = [f"2026-{i + 1:02d}" for i in range(len(per_month))]
    stats = Statistics(
        by_status=[
            (s.value, str(s.label), n) for s, n in zip(PersonStatus, by_status, strict=True)
        ],
        months=months,
        per_month={stage: [row[k] for row in per_month] for k, stage in enumerate(STAGES)},
        median_days_report_to_rescue=None,
        median_days_rescue_to_reunion=None,
        total_persons=sum(by_status),
    )
    statuses, table = withhold(stats)
    # The page shows the by-status table and its total, and the month table's cells; the
    # export shows the same cells and each stage's total.
    shown: dict[Figure, int | None] = {
        ("status", s.value): row[0] for s, row in zip(PersonStatus, statuses.cells, strict=True)
    }
    shown[("persons",)] = statuses.column_totals[0]
    for month, row in zip(months, table.cells, strict=True):
        shown.update({("cell", month, stage): v for stage, v in zip(STAGES, row, strict=True)})
    shown.update(
        {("stage", stage): v for stage, v in zip(STAGES, table.column_totals, strict=True)}
    )
    assert all(v is None or v == 0 or v >= THRESHOLD for v in shown.values())
    # The reader's equations that hold for these figures: one that does not (a step before
    # the months shown) gives a reader who takes it for granted a wrong value, not a withheld one.
    true: dict[Figure, int] = {
        ("status", s.value): n for s, n in zip(PersonStatus, by_status, strict=True)
    }  # every figure of the reader's equations
    true[("persons",)] = sum(by_status)
    for month, figures in zip(months, per_month, strict=True):
        true.update({("cell", month, stage): n for stage, n in zip(STAGES, figures, strict=True)})
        true[("month", month)] = sum(figures)
    for k, stage in enumerate(STAGES):
        true[("stage", stage)] = sum(figures[k] for figures in per_month)
    true[("all",)] = sum(sum(figures) for figures in per_month)
    holding = [
        (parts, whole)
        for parts, whole in reader_equations(months)
        if sum(true[p] for p in parts) == true[whole]
    ]
    assert pinned_down(shown, holding) == []
    # Nor when the reader also uses that no count is negative: the withheld figures that this
    # shows to be 0 are as good as published.
    hidden = sorted(f for f in true if shown.get(f) is None)
    zeros = known_zeros(holding, hidden, true)
    assert pinned_down({**shown, **dict.fromkeys(zeros, 0)}, holding) == []
    # Exports of the same figures agree with the page.
    assert public_table(stats) == table


def _forty_three_women() -> None:
    """A small network, every step in the three months before this one: missing 10 (five
    reported in each of the first two months), contact 6 and closed 6 (reported in the
    second), located 5 and rescue planned 3 (reported in the first, located in the second),
    arrived 6 and reunited 5 (the same, then arrived, and reunited, in the third), deceased 2
    (reported in the first). The small counts: 3 rescue planned and 2 deceased."""
    today = timezone.localdate()
    first_of_month = today.replace(day=1)
    months = []
    for back in (3, 2, 1):
        day = first_of_month
        for _ in range(back):
            day = (day - datetime.timedelta(days=1)).replace(day=1)
        months.append(
            timezone.make_aware(datetime.datetime.combine(day.replace(day=10), datetime.time(12)))
        )
    first, second, third = months
    located = {"located": second}
    arrived = {**located, "arrived": third}
    for status, count, reported, steps in (
        (PersonStatus.MISSING, 5, first, {}),
        (PersonStatus.MISSING, 5, second, {}),
        (PersonStatus.CONTACT, 6, second, {}),
        (PersonStatus.LOCATED, 5, first, located),
        (PersonStatus.RESCUE_PLANNED, 3, first, located),
        (PersonStatus.ARRIVED, 6, first, arrived),
        (PersonStatus.REUNITED, 5, first, {**arrived, "reunited": third}),
        (PersonStatus.DECEASED, 2, first, {}),
        (PersonStatus.CLOSED, 6, second, {}),
    ):
        for _ in range(count):
            _person(status, reported=reported.date(), steps=steps)


@pytest.mark.django_db
def test_a_small_network_keeps_most_of_its_figures(
    client_for: Callable[[str], Client], users: dict[str, User]
) -> None:
    """43 women, two small counts: they are withheld, and with them only what keeps them from
    being worked out. Before, partners were chosen line by line, zeros first, and all nine
    statuses and the 43 women recorded were withheld."""
    _forty_three_women()
    shown, months = shown_to(client_for(Role.ANALYST))
    withheld = sorted(f for f, v in shown.items() if v is None)
    statuses = [f for f in withheld if f[0] == "status"]
    assert ("status", "deceased") in statuses
    # Before: all nine statuses, the women recorded, the four stage totals and a month's four
    # cells (18 figures); now at most five statuses and nine figures in all.
    assert len(statuses) <= 5 and len(withheld) <= 9
    assert shown[("persons",)] == 43 and shown[("status", "missing")] == 10
    # Nothing withheld can be worked out, from the sums or from counts never being negative.
    true = true_figures(statistics_for_user(user=users[Role.COORDINATOR]))
    equations = reader_equations(months)
    assert all(sum(true[f] for f in parts) == true[total] for parts, total in equations)
    assert pinned_down(shown, equations) == []
    hidden = sorted(f for f in true if shown.get(f) is None)
    zeros = known_zeros(equations, hidden, true)
    assert pinned_down({**shown, **dict.fromkeys(zeros, 0)}, equations) == []
    assert all(v is None or v == 0 or v >= 5 for v in shown.values())
