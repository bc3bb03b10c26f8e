"""No published cell below the threshold; no withheld cell recoverable from the totals."""

from __future__ import annotations

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
