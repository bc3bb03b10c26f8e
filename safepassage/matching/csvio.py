"""Reading the person CSV and writing the pairs CSV.

The person CSV is typed or exported by field teams, so reading is forgiving
about form (a UTF-8 byte-order mark, blank optional cells, Arabic or Latin in
any column) and strict about meaning.  Every problem is reported as a
``CsvError`` naming the line, so the command line can print one clear message
instead of a traceback.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from safepassage.spreadsheet import cell_text

from .engine import Pair
from .records import PersonRecord, record_from_row

__all__ = ["COLUMNS", "CsvError", "parse_person_csv", "read_person_csv", "write_pairs_csv"]

COLUMNS = (
    "ref",
    "given_name",
    "father_name",
    "grandfather_name",
    "family_name",
    "mother_name",
    "sex",
    "birth_year",
    "home_place",
)


class CsvError(Exception):
    """The person CSV cannot be used; the message names the line."""


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CsvError(f"line {line}: not valid UTF-8 text (byte {exc.start})") from None


def parse_person_csv(data: bytes, reference_year: int | None = None) -> list[PersonRecord]:
    """Parse person CSV bytes; ages are counted back from ``reference_year``."""
    text = _decode(data)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise CsvError("line 1: the file is empty; expected a header row") from None
    except csv.Error as exc:
        raise CsvError(f"line 1: {exc}") from None
    names = [h.strip().casefold() for h in header]
    if "ref" not in names:
        raise CsvError("line 1: header has no 'ref' column")
    dupes = {n for n in names if n and names.count(n) > 1}
    if dupes:
        raise CsvError(f"line 1: header repeats column(s) {', '.join(sorted(dupes))}")
    records: list[PersonRecord] = []
    seen: dict[str, int] = {}
    line = 1
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(names):
                raise CsvError(f"line {line}: {len(row)} cells but the header has {len(names)}")
            cells = dict(zip(names, row, strict=False))
            try:
                rec = record_from_row(cells, reference_year)
            except ValueError as exc:
                raise CsvError(f"line {line}: {exc}") from None
            if rec.ref in seen:
                raise CsvError(f"line {line}: ref {rec.ref!r} already used on line {seen[rec.ref]}")
            seen[rec.ref] = line
            records.append(rec)
    except csv.Error as exc:
        raise CsvError(f"line {reader.line_num}: {exc}") from None
    return records


def read_person_csv(path: str | Path, reference_year: int | None = None) -> list[PersonRecord]:
    """Read a person CSV file (UTF-8, optional BOM)."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise CsvError(f"cannot read {path}: {exc.strerror}") from None
    return parse_person_csv(data, reference_year)


def write_pairs_csv(path: str | Path, pairs: Iterable[Pair]) -> int:
    """Write ``left_ref,right_ref,score`` atomically; returns the row count.

    The rows go to a temporary file in the target directory which is renamed
    into place, so a failure never leaves a half-written file behind.
    """
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
    count = 0
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(["left_ref", "right_ref", "score"])
            for p in pairs:
                writer.writerow([cell_text(p.left_ref), cell_text(p.right_ref), f"{p.score:.4f}"])
                count += 1
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return count
