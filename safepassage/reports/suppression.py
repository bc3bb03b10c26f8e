"""Small-cell suppression for public tables (pure functions, no Django).

A published count below ``threshold`` (1–4 by default) could point at one family, so it is
withheld. Withholding one cell in a row or column whose total is published would let anyone
get it back by subtraction, so a second cell is withheld there too (secondary suppression),
and totals themselves below the threshold are withheld. A reader may also add and subtract
several rows and columns at once (rows 1 and 2 minus columns 1 and 2 can leave one cell
alone): a withheld value that any such combination pins down gets a further partner, until
none does. Tables shown together are withheld together, with the sums that link them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

THRESHOLD = 5
SUPPRESSED = None  # how a withheld cell is represented; exports write it as "<5"


@dataclass(frozen=True)
class Table:
    """Counts with row and column totals; ``None`` marks a withheld value."""

    rows: list[str]
    columns: list[str]
    cells: list[list[int | None]]
    row_totals: list[int | None]
    column_totals: list[int | None]
    total: int | None


def _small(value: int, threshold: int) -> bool:
    return 0 < value < threshold


# A figure: (table, row, column) in a table's full grid, whose last column holds the row totals
# and last row the column totals (the grand total in the corner).
Figure = tuple[int, int, int]
# "These parts add up to this total": the parts, then the total.
Line = list[Figure]
# A sum across tables that a reader may take for granted: parts, and the figure they make.
Link = tuple[Sequence[Figure], Figure]


def _pinned(lines: list[Line], hidden: set[Figure]) -> Figure | None:
    """A withheld value that the published ones determine exactly, or None.

    Each line says "these parts add up to this total". Restricted to the withheld values,
    the equations have a reduced row echelon form; a withheld value is determined when it is a
    pivot whose row has no other withheld value left free.
    """
    unknown = sorted(hidden)
    position = {figure: k for k, figure in enumerate(unknown)}
    matrix: list[list[Fraction]] = []
    for *parts, total in lines:
        equation = [Fraction(0)] * len(unknown)
        for figure in parts:
            if figure in position:
                equation[position[figure]] = Fraction(1)
        if total in position:
            equation[position[total]] = Fraction(-1)
        if any(equation):
            matrix.append(equation)
    pivots: list[int] = []
    for column in range(len(unknown)):
        row = next((i for i in range(len(pivots), len(matrix)) if matrix[i][column]), None)
        if row is None:
            continue
        top = len(pivots)
        matrix[top], matrix[row] = matrix[row], matrix[top]
        lead = matrix[top][column]
        matrix[top] = [v / lead for v in matrix[top]]
        for i in range(len(matrix)):
            if i != top and matrix[i][column]:
                factor = matrix[i][column]
                matrix[i] = [a - factor * b for a, b in zip(matrix[i], matrix[top], strict=True)]
        pivots.append(column)
    for i, column in enumerate(pivots):
        if all(v == 0 for k, v in enumerate(matrix[i]) if k != column):
            return unknown[column]
    return None


def _withhold(values: dict[Figure, int], lines: list[Line], threshold: int) -> set[Figure]:
    """The figures to withhold: the small ones, then partners until none is pinned down."""
    hidden = {figure for figure, value in values.items() if _small(value, threshold)}

    def cheapest(candidates: list[Figure]) -> Figure:
        return min(candidates, key=lambda f: (values[f], f))

    while True:
        changed = True
        while changed:
            changed = False
            for line in lines:
                *parts, total = line
                if total in hidden:
                    continue
                withheld = [p for p in parts if p in hidden]
                if len(withheld) != 1:
                    continue
                # Withhold the smallest other part (zeros first: they cost the reader least),
                # or the total when no other part is left (a total is never smaller).
                hidden.add(cheapest([*(p for p in parts if p not in hidden), total]))
                changed = True
        pinned = _pinned(lines, hidden)
        if pinned is None:
            return hidden
        # Withhold the smallest published value on a line through it (anywhere, if those are
        # all withheld), then check again. With everything withheld nothing is pinned.
        near = [f for line in lines if pinned in line for f in line if f not in hidden]
        anywhere = [f for f in values if f not in hidden]
        if not (near or anywhere):
            return hidden
        hidden.add(cheapest(near or anywhere))


@dataclass(frozen=True)
class Counts:
    """One table to publish: its row and column names and its cells."""

    rows: Sequence[str]
    columns: Sequence[str]
    cells: Sequence[Sequence[int]]


def suppress_together(
    tables: Sequence[Counts], links: Sequence[Link] = (), *, threshold: int = THRESHOLD
) -> list[Table]:
    """Withhold the small cells of tables published together, and enough others that none
    can be worked out from anything published with it: each table's totals, and the ``links``
    between tables (a stage's total over the months is the women now in the statuses that
    reached it), all at once, repeated until nothing more has to be withheld."""
    values: dict[Figure, int] = {}
    lines: list[Line] = []
    for t, table in enumerate(tables):
        n_rows, n_cols = len(table.cells), len(table.columns)
        # Every row and every column of the full grid is "parts and their sum".
        grid = [[*row, sum(row)] for row in table.cells]
        grid.append([sum(grid[r][c] for r in range(n_rows)) for c in range(n_cols + 1)])
        values.update({(t, r, c): v for r, row in enumerate(grid) for c, v in enumerate(row)})
        lines += [[(t, r, c) for c in range(n_cols + 1)] for r in range(n_rows + 1)]
        lines += [[(t, r, c) for r in range(n_rows + 1)] for c in range(n_cols + 1)]
    lines += [[*parts, total] for parts, total in links]
    hidden = _withhold(values, lines, threshold)

    def shown(t: int, r: int, c: int) -> int | None:
        return None if (t, r, c) in hidden else values[(t, r, c)]

    published = []
    for t, table in enumerate(tables):
        n_rows, n_cols = len(table.cells), len(table.columns)
        published.append(
            Table(
                rows=list(table.rows),
                columns=list(table.columns),
                cells=[[shown(t, r, c) for c in range(n_cols)] for r in range(n_rows)],
                row_totals=[shown(t, r, n_cols) for r in range(n_rows)],
                column_totals=[shown(t, n_rows, c) for c in range(n_cols)],
                total=shown(t, n_rows, n_cols),
            )
        )
    return published


def suppress(
    rows: Sequence[str],
    columns: Sequence[str],
    counts: Sequence[Sequence[int]],
    *,
    threshold: int = THRESHOLD,
) -> Table:
    """Withhold small cells, then enough others that none can be recomputed from totals."""
    return suppress_together([Counts(rows, columns, counts)], threshold=threshold)[0]
