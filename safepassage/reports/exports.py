"""Public and donor exports: CSV with HXL hashtags and a printable PDF, small cells withheld."""

from __future__ import annotations

import csv
import io

from safepassage.reports.selectors import Statistics, withhold
from safepassage.reports.suppression import THRESHOLD, Table

HXL = {
    "month": "#date+month",
    "reported": "#affected+abducted+reported",
    "located": "#affected+abducted+located",
    "rescued": "#affected+abducted+rescued",
    "reunited": "#affected+abducted+reunited",
}


def public_table(stats: Statistics) -> Table:
    """Months × stages, suppressed. The only table that leaves the system.

    Its exports publish each month's row and each stage's total over the months, not a
    month's total over the stages: a woman reported, located and rescued in one month would
    count three times in it, and the HXL tag of people affected would say three women.
    Withholding still treats those sums as published, so it withholds no less for them. It
    is withheld together with the by-status table (the statistics page shows both), and is
    the page's month table, figure for figure, for every reader."""
    return withhold(stats)[1]


def _cell(value: int | None) -> str:
    return "" if value is None else str(value)


def to_csv(table: Table) -> str:
    """CSV: a header row, an HXL hashtag row, one row per month, a row of each stage's total
    over the months."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["month", *table.columns])
    writer.writerow([HXL["month"], *(HXL[c] for c in table.columns)])
    for name, row in zip(table.rows, table.cells, strict=True):
        writer.writerow([name, *(_cell(v) for v in row)])
    writer.writerow(["total", *(_cell(v) for v in table.column_totals)])
    return out.getvalue()


def to_pdf(table: Table, *, generated: str) -> bytes:
    """A one-page printable report of the same suppressed table."""
    from fpdf import FPDF  # half a second to import: only when a PDF is asked for

    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_title("Safe Passage - public statistics")
    pdf.set_creator("Safe Passage")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(
        0,
        10,
        "Safe Passage - people reported, located, rescued and reunited",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_font("Helvetica", "", 10)
    pdf.multi_cell(
        0,
        5,
        f"Generated {generated}. Counts below {THRESHOLD}, and any count that could be worked "
        "out from the totals, are withheld and shown as a dash.",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(3)
    headers = ["Month", *(c.capitalize() for c in table.columns)]
    widths = [30] + [30] * len(table.columns)
    pdf.set_font("Helvetica", "B", 10)
    for header, w in zip(headers, widths, strict=True):
        pdf.cell(w, 7, header, border=1, align="C")
    pdf.ln()
    pdf.set_font("Helvetica", "", 10)

    def show(value: int | None) -> str:
        return "-" if value is None else str(value)

    rows = [
        [name, *(show(v) for v in row)] for name, row in zip(table.rows, table.cells, strict=True)
    ]
    rows.append(["Total", *(show(v) for v in table.column_totals)])
    for row in rows:
        for value, w in zip(row, widths, strict=True):
            pdf.cell(w, 6, value, border=1, align="C")
        pdf.ln()
    return bytes(pdf.output())
