"""Cells of the CSV files the system writes for a person to open in a spreadsheet."""

from __future__ import annotations

# A cell starting with one of these is run as a formula by spreadsheet programs.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell_text(value: str) -> str:
    """``value`` as a cell a spreadsheet shows as text: a leading apostrophe when it would
    otherwise be read as a formula (a name typed as ``=HYPERLINK(…)``)."""
    return "'" + value if value[:1] in _FORMULA_STARTS else value
