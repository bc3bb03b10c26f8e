"""Public and donor exports: CSV with HXL hashtags and a printable PDF, small cells withheld."""

from __future__ import annotations

import csv
import io

from fpdf import FPDF

from safepassage.reports.selectors import STAGES, Statistics
from safepassage.reports.suppression import THRESHOLD, Table, suppress

HXL = {
    "month": "#date+month",
    "reported": "#affected+abducted+reported",
    "located": "#affected+abducted+located",
    "rescued": "#affected+abducted+rescued",
    "reunited": "#affected+abducted+reunited",
    "total": "#affected+total",
}


def public_table(stats: Statistics) -> Table:
    """Months × stages, suppressed. The only table that leaves the system."""
    stages = [stage for stage, _ in STAGES]
    counts = [[stats.per_month[s][i] for s in stages] for i in range(len(stats.months))]
    return suppress(stats.months, stages, counts, threshold=THRESHOLD)


def _cell(value: int | None) -> str:
    return "" if value is None else str(value)


def to_csv(table: Table) -> str:
    """CSV: a header row, an HXL hashtag row, one row per month, a totals row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["month", *table.columns, "total"])
    writer.writerow([HXL["month"], *(HXL[c] for c in table.columns), HXL["total"]])
    for name, row, total in zip(table.rows, table.cells, table.row_totals, strict=True):
        writer.writerow([name, *(_cell(v) for v in row), _cell(total)])
    writer.writerow(["total", *(_cell(v) for v in table.column_totals), _cell(table.total)])
    return out.getvalue()


def to_pdf(table: Table, *, generated: str) -> bytes:
    """A one-page printable report of the same suppressed table."""
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
    headers = ["Month", *(c.capitalize() for c in table.columns), "Total"]
    widths = [30] + [30] * len(table.columns) + [30]
    pdf.set_font("Helvetica", "B", 10)
    for header, w in zip(headers, widths, strict=True):
        pdf.cell(w, 7, header, border=1, align="C")
    pdf.ln()
    pdf.set_font("Helvetica", "", 10)

    def show(value: int | None) -> str:
        return "-" if value is None else str(value)

    rows = [
        [name, *(show(v) for v in row), show(total)]
        for name, row, total in zip(table.rows, table.cells, table.row_totals, strict=True)
    ]
    rows.append(["Total", *(show(v) for v in table.column_totals), show(table.total)])
    for row in rows:
        for value, w in zip(row, widths, strict=True):
            pdf.cell(w, 6, value, border=1, align="C")
        pdf.ln()
    return bytes(pdf.output())
