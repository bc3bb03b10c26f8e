"""Small-cell suppression for public tables (pure functions, no Django).

A published count below ``threshold`` (1–4 by default) could point at one family, so it is
withheld. Withholding one cell in a row or column whose total is published would let anyone
get it back by subtraction, so a second cell is withheld there too (secondary suppression),
and totals themselves below the threshold are withheld.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

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
