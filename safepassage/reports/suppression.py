"""Small-cell suppression for public tables (pure functions, no Django).

A published count below ``threshold`` (1–4 by default) could point at one family, so it is
withheld. Withholding one cell in a row or column whose total is published would let anyone
get it back by subtraction, so a second cell is withheld there too (secondary suppression),
and totals themselves below the threshold are withheld. A reader may also add and subtract
several rows and columns at once (rows 1 and 2 minus columns 1 and 2 can leave one cell
alone): a withheld value that any such combination pins down gets a further partner, until
none does. A reader also knows that no count is negative: two withheld cells whose sum comes
out as 0 are both 0, so a withheld zero protects a partner only while it could be more.
Tables shown together are withheld together, with the sums that link them.

Partners are chosen one at a time, the smallest that frees a withheld value wherever it is
(another row, the other table, a total), not row by row; then each is published again if it
is no longer needed. A small network keeps most of its figures this way.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TypeVar

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


class _Reduced:
    """The published equations restricted to the withheld figures, in reduced row echelon form.

    Each line says "these parts add up to this total". Written over the withheld values (the
    published ones moved to the other side), the lines are reduced by row operations recorded
    in ``combination``: row ``i`` of the reduced form is the lines summed with the factors of
    ``combination[i]``. A withheld value is determined (pinned) when it is a pivot whose row has
    no other withheld value left free. Zeros are eliminated first, so that the directions in
    which the withheld values can move together are spelled out over the other values.
    """

    def __init__(
        self, lines: list[Line], hidden: set[Figure], zeros: set[Figure], *, track: bool
    ) -> None:
        # Whole numbers throughout: a row is scaled instead of divided (each row still says
        # "these multiples of the withheld values make a known number"), then divided by the
        # greatest common divisor of its numbers to keep them small.
        self.weights = [_weights(line) for line in lines]
        rows = [{f: w for f, w in weights.items() if f in hidden} for weights in self.weights]
        combination = [{n: 1} for n in range(len(lines))]
        self.pivot: dict[Figure, int] = {}
        for figure in sorted(hidden, key=lambda f: (f not in zeros, f)):
            top = len(self.pivot)
            row = next((i for i in range(top, len(rows)) if figure in rows[i]), None)
            if row is None:
                continue
            rows[top], rows[row] = rows[row], rows[top]
            combination[top], combination[row] = combination[row], combination[top]
            lead = rows[top][figure]
            for i, other in enumerate(rows):
                factor = other.get(figure) if i != top else None
                if factor:
                    rows[i] = _combine(lead, other, factor, rows[top])
                    if track:
                        combination[i] = _combine(lead, combination[i], factor, combination[top])
                    divisor = math.gcd(
                        *rows[i].values(), *(combination[i].values() if track else ())
                    )
                    if divisor > 1:
                        rows[i] = {f: v // divisor for f, v in rows[i].items()}
                        if track:
                            combination[i] = {n: v // divisor for n, v in combination[i].items()}
            self.pivot[figure] = top
        self.rows, self.combination = rows, combination
        self.free = sorted(hidden - set(self.pivot))

    def pinned(self) -> list[Figure]:
        """The withheld values that the published ones determine exactly."""
        return [figure for figure, i in self.pivot.items() if len(self.rows[i]) == 1]

    def directions(self) -> list[dict[Figure, Fraction]]:
        """Ways the withheld values can move together and keep every published sum: one for
        each value left free, which moves by one while the others follow."""
        return [
            {
                free: Fraction(1),
                **{
                    f: Fraction(-self.rows[i][free], self.rows[i][f])
                    for f, i in self.pivot.items()
                    if free in self.rows[i]
                },
            }
            for free in self.free
        ]

    def frees(self, figure: Figure, candidate: Figure) -> bool:
        """Whether withholding ``candidate`` too leaves the pinned ``figure`` undetermined.

        Withheld, the candidate adds a column to the equations; the values can then move
        together along a new direction (the candidate by one) exactly when that column lies in
        the span of the others, and the pinned figure moves with it when its row of the
        reduced form, applied to that column, is not zero."""
        column = {n: w[candidate] for n, w in enumerate(self.weights) if candidate in w}

        def applied(i: int) -> int:
            factors = self.combination[i]
            return sum(factors[n] * w for n, w in column.items() if n in factors)

        if any(applied(i) for i in range(len(self.pivot), len(self.rows))):
            return False  # the candidate itself would be pinned: no new direction
        return applied(self.pivot[figure]) != 0


Key = TypeVar("Key")


def _combine(a: int, row: dict[Key, int], b: int, other: dict[Key, int]) -> dict[Key, int]:
    """``a * row - b * other``, without its zeros."""
    result = {key: a * value for key, value in row.items()}
    for key, value in other.items():
        result[key] = result.get(key, 0) - b * value
        if not result[key]:
            del result[key]
    return result


def _weights(line: Line) -> dict[Figure, int]:
    *parts, total = line
    weights = dict.fromkeys(parts, 1)
    weights[total] = -1
    return weights


def _exposed(
    values: dict[Figure, int], lines: list[Line], hidden: set[Figure], *, track: bool
) -> tuple[_Reduced, list[Figure]]:
    """The withheld values a reader can work out, and the equations that show it (with the
    row operations recorded when ``track``, for ``_Reduced.frees``).

    First by adding and subtracting the published sums. Then also using that no count is
    negative: a withheld zero can only move up, so where every way of moving the withheld
    values that raises it lowers another withheld zero, a reader knows it is zero (two
    withheld zeros whose sum is published as 0, say) and may use it to work out the rest.
    A withheld zero is taken as free only when a way of moving the values is found that
    raises it and lowers no withheld zero; the others are taken as known to the reader,
    which can only withhold more."""
    zeros = {f for f in hidden if values[f] == 0}
    reduced = _Reduced(lines, hidden, zeros, track=track)
    pinned = reduced.pinned()
    if pinned or not zeros:
        return reduced, pinned
    free: set[Figure] = set()
    for direction in reduced.directions():
        signs = {value > 0 for f, value in direction.items() if f in zeros}
        if len(signs) == 1:  # every withheld zero it moves, it moves the same way
            free |= {f for f in direction if f in zeros}
    if free == zeros:
        return reduced, []
    reduced = _Reduced(lines, hidden - (zeros - free), free, track=track)
    return reduced, [f for f in reduced.pinned() if values[f]]


def _withhold(
    values: dict[Figure, int],
    lines: list[Line],
    threshold: int,
    known: set[Figure],
    avoid: set[Figure],
) -> set[Figure]:
    """The figures to withhold: the small ones, then few and small partners, until no withheld
    value can be worked out.

    A line with one withheld part and its total published gets the smallest other part of it.
    While some withheld value can still be worked out, the smallest published value whose
    withholding frees it is withheld too, wherever it is: another row, the other table, or a
    total. Then every partner, the largest first, is published again if nothing withheld can
    be worked out without it: one chosen early for one value is often no longer needed once
    later partners protect that value too. Partners are chosen twice, zeros first (they cost
    the reader least) and without zeros (a withheld zero protects only while it can move up),
    and the choice that withholds fewer figures is kept. A ``known`` figure is never a
    partner; one to ``avoid`` (a reader may learn it elsewhere) only when nothing else does.
    """
    small = {figure for figure, value in values.items() if _small(value, threshold)}
    choices: list[tuple[bool, int, int, set[Figure]]] = []
    for zeros in (True, False):
        hidden = _partners(values, lines, small, known | avoid, zeros=zeros)
        exposed = bool(_exposed(values, lines, hidden, track=False)[1])
        if exposed:
            hidden = _partners(values, lines, small, known, zeros=zeros)
            exposed = bool(_exposed(values, lines, hidden, track=False)[1])
        # An exposed choice is never kept over a safe one (never reached in practice).
        choices.append((exposed, len(hidden), sum(values[f] for f in hidden), hidden))
    return min(choices, key=lambda choice: choice[:3])[3]


def _partners(
    values: dict[Figure, int],
    lines: list[Line],
    small: set[Figure],
    known: set[Figure],
    *,
    zeros: bool,
) -> set[Figure]:
    """``small`` and partners enough that none of them can be worked out (see _withhold);
    a ``known`` figure is never a partner."""
    hidden = set(small)

    def cost(figure: Figure) -> tuple[int, Figure]:
        return values[figure], figure

    def allowed(figure: Figure) -> bool:
        return figure not in hidden | known and (zeros or values[figure] != 0)

    changed = True
    while changed:
        changed = False
        for line in lines:
            options = sorted(filter(allowed, line), key=cost)
            if sum(f in hidden for f in line) == 1 and options:
                hidden.add(options[0])
                changed = True
    while True:
        reduced, exposed = _exposed(values, lines, hidden, track=True)
        published = sorted(filter(allowed, values), key=cost)
        if not (exposed and published):
            break  # with every allowed figure withheld, nothing can be worked out
        freeing = [f for f in published if reduced.frees(exposed[0], f)]
        hidden.add((freeing or published)[0])
    # A figure equal to another (a row of one cell and its total) is published with it.
    twins: dict[Figure, set[Figure]] = {f: {f} for f in values}
    for line in lines:
        if len(line) == 2:
            group = twins[line[0]] | twins[line[1]]
            twins.update(dict.fromkeys(group, group))

    def alone(withheld: set[Figure]) -> bool:
        """Whether a line has one withheld figure only: a quick sign of one worked out."""
        return any(sum(f in withheld for f in line) == 1 for line in lines)

    for partner in sorted(hidden - small, key=cost, reverse=True):
        group = twins[partner]
        if group <= hidden and alone(hidden - group):
            continue
        if (
            group <= hidden
            and not group & small
            and not _exposed(values, lines, hidden - group, track=False)[1]
        ):
            hidden -= group
    return hidden


@dataclass(frozen=True)
class Counts:
    """One table to publish: its row and column names and its cells."""

    rows: Sequence[str]
    columns: Sequence[str]
    cells: Sequence[Sequence[int]]


def suppress_together(
    tables: Sequence[Counts],
    links: Sequence[Link] = (),
    *,
    threshold: int = THRESHOLD,
    known: set[Figure] | frozenset[Figure] = frozenset(),
    avoid: set[Figure] | frozenset[Figure] = frozenset(),
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
    hidden = _withhold(values, lines, threshold, set(known), set(avoid) - set(known))

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
