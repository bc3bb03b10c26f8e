"""No published cell below the threshold; no withheld cell recoverable from the totals."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from safepassage.reports.suppression import THRESHOLD, Table, suppress


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


def _solvable(table: Table) -> list[tuple[int, int]]:
    """The withheld values (grid positions) that the published ones pin down exactly.

    The grid is the cells, a column of row totals, a row of column totals and the grand total;
    each of its rows and columns says "these parts add up to this total". A withheld value is
    pinned down when its unit vector lies in the span of those equations restricted to the
    withheld values: whatever linear combination of rows and columns a reader tries.
    """
    n_rows, n_cols = len(table.rows), len(table.columns)
    grid = [[*row, total] for row, total in zip(table.cells, table.row_totals, strict=True)]
    grid.append([*table.column_totals, table.total])
    hidden = [(r, c) for r in range(n_rows + 1) for c in range(n_cols + 1) if grid[r][c] is None]
    if not hidden:
        return []
    lines = [[(r, c) for c in range(n_cols + 1)] for r in range(n_rows + 1)]
    lines += [[(r, c) for r in range(n_rows + 1)] for c in range(n_cols + 1)]
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
