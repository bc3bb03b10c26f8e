"""Small-cell suppression for public tables (pure functions, no Django).

A published count below ``threshold`` (1–4 by default) could point at one family, so it is
withheld. Withholding one cell in a row or column whose total is published would let anyone
get it back by subtraction, so a second cell is withheld there too (secondary suppression),
and totals themselves below the threshold are withheld. A reader may also add and subtract
several rows and columns at once (rows 1 and 2 minus columns 1 and 2 can leave one cell
alone): a withheld value that any such combination pins down gets a further partner, until
none does.
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


Cell = tuple[int, int]


def _pinned(lines: list[list[Cell]], hidden: list[list[bool]]) -> Cell | None:
    """A withheld value that the published ones determine exactly, or None.

    Each line of the grid says "these parts add up to this total". Restricted to the withheld
    values, the equations have a reduced row echelon form; a withheld value is determined
    when it is a pivot whose row has no other withheld value left free.
    """
    unknown = [(r, c) for r, row in enumerate(hidden) for c, h in enumerate(row) if h]
    position = {cell: k for k, cell in enumerate(unknown)}
    matrix: list[list[Fraction]] = []
    for *parts, total in lines:
        equation = [Fraction(0)] * len(unknown)
        for cell in parts:
            if cell in position:
                equation[position[cell]] = Fraction(1)
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


def suppress(
    rows: Sequence[str],
    columns: Sequence[str],
    counts: Sequence[Sequence[int]],
    *,
    threshold: int = THRESHOLD,
) -> Table:
    """Withhold small cells, then enough others that none can be recomputed from totals."""
    n_rows, n_cols = len(counts), len(columns)
    # The full grid: cells, a last column of row totals, a last row of column totals and the
    # grand total in the corner. Every row and every column of it is "parts and their sum".
    grid = [[*row, sum(row)] for row in counts]
    grid.append([sum(grid[r][c] for r in range(n_rows)) for c in range(n_cols + 1)])
    hidden = [[_small(v, threshold) for v in row] for row in grid]
    lines = [[(r, c) for c in range(n_cols + 1)] for r in range(n_rows + 1)]
    lines += [[(r, c) for r in range(n_rows + 1)] for c in range(n_cols + 1)]

    while True:
        changed = True
        while changed:
            changed = False
            for line in lines:
                *parts, (tr, tc) = line
                if hidden[tr][tc]:
                    continue
                withheld = [p for p in parts if hidden[p[0]][p[1]]]
                if len(withheld) != 1:
                    continue
                others = [(grid[r][c], r, c) for r, c in parts if not hidden[r][c]]
                if others:
                    # Withhold the smallest other part (zeros first: they cost the reader least).
                    _, r, c = min(others)
                    hidden[r][c] = True
                else:
                    hidden[tr][tc] = True
                changed = True
        pinned = _pinned(lines, hidden)
        if pinned is None:
            break
        # Withhold the smallest published value in its row or column (anywhere, if those
        # are all withheld), then check again. With everything withheld nothing is pinned.
        pr, pc = pinned
        near = [
            (grid[r][c], r, c) for r, c in {*lines[pr], *lines[n_rows + 1 + pc]} if not hidden[r][c]
        ]
        anywhere = [
            (v, r, c) for r, row in enumerate(grid) for c, v in enumerate(row) if not hidden[r][c]
        ]
        _, r, c = min(near or anywhere)
        hidden[r][c] = True

    def shown(r: int, c: int) -> int | None:
        return None if hidden[r][c] else grid[r][c]

    return Table(
        rows=list(rows),
        columns=list(columns),
        cells=[[shown(r, c) for c in range(n_cols)] for r in range(n_rows)],
        row_totals=[shown(r, n_cols) for r in range(n_rows)],
        column_totals=[shown(n_rows, c) for c in range(n_cols)],
        total=shown(n_rows, n_cols),
    )
