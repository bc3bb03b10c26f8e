"""No published cell below the threshold; no withheld cell recoverable from the totals."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from fractions import Fraction
from typing import TypeVar

from hypothesis import given, settings
from hypothesis import strategies as st

from safepassage.reports.suppression import THRESHOLD, Table, suppress

K = TypeVar("K", bound=Hashable)


def _recoverable(table: Table) -> bool:
    """True if some withheld cell equals a published total minus the published cells."""
    for r, row in enumerate(table.cells):
        if table.row_totals[r] is not None and sum(v is None for v in row) == 1:
            return True
    for c in range(len(table.columns)):
        column = [row[c] for row in table.cells]
        if table.column_totals[c] is not None and sum(v is None for v in column) == 1:
            return True
    if table.total is not None:
        for totals in (table.row_totals, table.column_totals):
            if sum(v is None for v in totals) == 1:
                return True
    return False


def _published(table: Table) -> list[int]:
    values = [v for row in table.cells for v in row]
    values += [*table.row_totals, *table.column_totals, table.total]
    return [v for v in values if v is not None]


def test_small_cells_are_withheld_with_a_partner() -> None:
    table = suppress(["2025-01", "2025-02"], ["missing", "rescued"], [[12, 3], [20, 9]])
    assert table.cells[0][1] is None
    assert not _recoverable(table)
    assert all(v == 0 or v >= THRESHOLD for v in _published(table))


def test_large_tables_are_unchanged() -> None:
    table = suppress(["a"], ["x", "y"], [[10, 20]])
    assert table.cells == [[10, 20]] and table.row_totals == [30] and table.total == 30


@settings(max_examples=300, deadline=None)
@given(
    st.integers(1, 5).flatmap(
        lambda cols: st.lists(
            st.lists(st.integers(0, 30), min_size=cols, max_size=cols), min_size=1, max_size=6
        )
    )
)
def test_property_no_small_cell_and_nothing_recoverable(counts: list[list[int]]) -> None:
    rows = [f"r{i}" for i in range(len(counts))]
    columns = [f"c{i}" for i in range(len(counts[0]))]
    table = suppress(rows, columns, counts)
    assert all(v == 0 or v >= THRESHOLD for v in _published(table))
    assert not _recoverable(table)


def _rank(matrix: list[list[Fraction]]) -> int:
    rows = [list(row) for row in matrix]
    rank = 0
    for column in range(len(rows[0]) if rows else 0):
        pivot = next((r for r in range(rank, len(rows)) if rows[r][column] != 0), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        for r in range(len(rows)):
            if r != rank and rows[r][column] != 0:
                factor = rows[r][column] / rows[rank][column]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[rank], strict=True)]
        rank += 1
    return rank


def _feasible(rows: list[list[Fraction]], rhs: list[Fraction]) -> bool:
    """Whether ``rows · x = rhs`` has a solution with every x at least 0.

    Phase one of the simplex method (Bland's rule, exact fractions): an artificial variable
    per row, their sum brought down to 0 if it can be."""
    width = len(rows[0])
    tableau = []
    for k, (row, value) in enumerate(zip(rows, rhs, strict=True)):
        sign = -1 if value < 0 else 1
        artificial = [Fraction(int(i == k)) for i in range(len(rows))]
        tableau.append([*(sign * v for v in row), *artificial, sign * value])
    basis = [width + k for k in range(len(rows))]
    # The sum of the artificials, in terms of the other variables: its row of reduced costs.
    cost = [sum((t[j] for t in tableau), Fraction(0)) for j in range(len(tableau[0]))]
    for k in range(len(rows)):
        cost[width + k] = Fraction(0)
    while cost[-1] > 0:
        entering = next((j for j in range(len(cost) - 1) if cost[j] > 0), None)
        if entering is None:
            return False
        rows_in = [k for k, t in enumerate(tableau) if t[entering] > 0]
        leaving = min(rows_in, key=lambda k: (tableau[k][-1] / tableau[k][entering], basis[k]))
        lead = tableau[leaving][entering]
        tableau[leaving] = [v / lead for v in tableau[leaving]]
        for k, t in enumerate(tableau):
            if k != leaving and t[entering]:
                factor = t[entering]
                tableau[k] = [a - factor * b for a, b in zip(t, tableau[leaving], strict=True)]
        factor = cost[entering]
        cost = [a - factor * b for a, b in zip(cost, tableau[leaving], strict=True)]
        basis[leaving] = entering
    return True


def known_zeros(
    equations: Sequence[tuple[Sequence[K], K]], hidden: Sequence[K], true: dict[K, int]
) -> set[K]:
    """The withheld figures a reader knows to be 0 because no count is negative.

    The reader's possible tables are those that keep every published sum with no count below
    0. A withheld figure whose true value is 0 is known to be 0 when no possible table has
    it above 0: when no way of moving the withheld values that keeps every sum raises it
    without lowering another withheld zero below 0 (found exactly, with the simplex method)."""
    zeros = [f for f in hidden if true[f] == 0]
    moving = [f for f in hidden if true[f] != 0]
    # Directions: the values that are not 0 may move either way (up minus down), zeros only up.
    columns: list[tuple[K, int]] = [
        *((f, 1) for f in moving),
        *((f, -1) for f in moving),
        *((f, 1) for f in zeros),
    ]
    rows = [
        [Fraction(sign * (1 if f in parts else -1 if f == total else 0)) for f, sign in columns]
        for parts, total in equations
    ]
    known = set()
    for zero in zeros:
        raise_it = [Fraction(int(f == zero)) for f, _ in columns]
        if not _feasible([*rows, raise_it], [Fraction(0)] * len(rows) + [Fraction(1)]):
            known.add(zero)
    return known


def _solvable(table: Table, counts: list[list[int]] | None = None) -> list[tuple[int, int]]:
    """The withheld values (grid positions) that the published ones pin down exactly.

    The grid is the cells, a column of row totals, a row of column totals and the grand total;
    each of its rows and columns says "these parts add up to this total". A withheld value is
    pinned down when its unit vector lies in the span of those equations restricted to the
    withheld values: whatever linear combination of rows and columns a reader tries. Given
    the true ``counts``, the reader also uses that no count is negative: the withheld zeros
    that this shows to be 0 count as published.
    """
    n_rows, n_cols = len(table.rows), len(table.columns)
    grid = [[*row, total] for row, total in zip(table.cells, table.row_totals, strict=True)]
    grid.append([*table.column_totals, table.total])
    hidden = [(r, c) for r in range(n_rows + 1) for c in range(n_cols + 1) if grid[r][c] is None]
    lines = [[(r, c) for c in range(n_cols + 1)] for r in range(n_rows + 1)]
    lines += [[(r, c) for r in range(n_rows + 1)] for c in range(n_cols + 1)]
    if counts is not None:
        full = [[*row, sum(row)] for row in counts]
        full.append([sum(row[c] for row in full) for c in range(n_cols + 1)])
        true = {(r, c): full[r][c] for r in range(n_rows + 1) for c in range(n_cols + 1)}
        zeros = known_zeros([(line[:-1], line[-1]) for line in lines], hidden, true)
        hidden = [cell for cell in hidden if cell not in zeros]
    if not hidden:
        return []
    equations = []
    for line in lines:
        *parts, total = line
        equations.append(
            [Fraction(1 if cell in parts else -1 if cell == total else 0) for cell in hidden]
        )
    base = _rank(equations)
    pinned = []
    for k, cell in enumerate(hidden):
        unit = [Fraction(1 if i == k else 0) for i in range(len(hidden))]
        if _rank([*equations, unit]) == base:
            pinned.append(cell)
    return pinned


def test_a_withheld_cell_between_two_withheld_blocks_is_not_left_solvable() -> None:
    # Every row and column has two or more withheld cells, yet rows 1+2 minus columns 1+2
    # leave exactly the cell (r1, c3): a reader gets 2 back from the totals.
    counts = [[2, 2, 2, 10], [2, 2, 10, 10], [10, 10, 2, 2], [10, 10, 2, 2]]
    table = suppress(["r1", "r2", "r3", "r4"], ["c1", "c2", "c3", "c4"], counts)
    assert table.cells[0][2] is None
    assert _solvable(table) == []
    assert all(v == 0 or v >= THRESHOLD for v in _published(table))


@settings(max_examples=300, deadline=None)
@given(
    st.integers(1, 5).flatmap(
        lambda cols: st.lists(
            st.lists(st.sampled_from([0, 1, 2, 3, 4, 5, 8, 12, 30]), min_size=cols, max_size=cols),
            min_size=1,
            max_size=7,
        )
    )
)
def test_property_no_withheld_value_is_pinned_down_by_any_combination_of_totals(
    counts: list[list[int]],
) -> None:
    rows = [f"r{i}" for i in range(len(counts))]
    columns = [f"c{i}" for i in range(len(counts[0]))]
    table = suppress(rows, columns, counts)
    assert all(v == 0 or v >= THRESHOLD for v in _published(table))
    assert _solvable(table) == []


def test_a_withheld_count_is_not_given_back_by_counts_never_being_negative() -> None:
    # Withheld with zeros as partners, 3 came back: the second column's two withheld cells
    # add up to its total 10 minus the published 10, so both are 0 (no count is negative),
    # and the first row's total 13 minus its published 10 minus 0 is 3.
    counts = [[3, 0, 10], [10, 0, 10], [10, 10, 10]]
    table = suppress(["r1", "r2", "r3"], ["c1", "c2", "c3"], counts)
    assert table.cells[0][0] is None
    assert _solvable(table, counts) == []


def _tables(values: list[int], *, columns: int, rows: int) -> st.SearchStrategy[list[list[int]]]:
    """Tables of up to ``rows`` × ``columns`` counts drawn from ``values``."""
    return st.integers(1, columns).flatmap(
        lambda width: st.lists(
            st.lists(st.sampled_from(values), min_size=width, max_size=width),
            min_size=1,
            max_size=rows,
        )
    )


@settings(max_examples=150, deadline=None)
@given(_tables([0, 0, 1, 2, 3, 4, 5, 8, 12], columns=4, rows=5))
def test_property_nothing_withheld_is_pinned_down_knowing_no_count_is_negative(
    counts: list[list[int]],
) -> None:
    rows, columns = len(counts), len(counts[0])
    table = suppress([f"r{i}" for i in range(rows)], [f"c{i}" for i in range(columns)], counts)
    assert all(v == 0 or v >= THRESHOLD for v in _published(table))
    assert _solvable(table, counts) == []
