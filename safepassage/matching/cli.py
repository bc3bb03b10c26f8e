"""``safepassage match-file``: find probable duplicate reports in a person CSV.

Kept free of Django so field teams can run it on an offline laptop.  Input
problems end in one ``error:`` line and exit status 2, never a traceback, and
never a partial output file.
"""

from __future__ import annotations

import argparse
import sys
import time

from .csvio import CsvError, read_person_csv, write_pairs_csv
from .engine import DEFAULT_THRESHOLD, find_pairs

__all__ = ["main"]


def _threshold(value: str) -> float:
    try:
        t = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not 0.0 <= t <= 1.0:
        raise argparse.ArgumentTypeError("threshold must be between 0 and 1")
    return t


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="safepassage match-file",
        usage="%(prog)s FILE.csv --out PAIRS.csv [--threshold T]",
        description=(
            "Find pairs of reports in a person CSV that probably describe the same person. "
            "Columns: ref, given_name, father_name, grandfather_name, family_name, "
            "mother_name, sex, birth_year, home_place (only ref is required)."
        ),
    )
    parser.add_argument("file", metavar="FILE.csv", help="person CSV (UTF-8)")
    parser.add_argument(
        "--out", required=True, metavar="PAIRS.csv", help="where to write left_ref,right_ref,score"
    )
    parser.add_argument(
        "--threshold",
        type=_threshold,
        default=DEFAULT_THRESHOLD,
        metavar="T",
        help=f"minimum match probability (default {DEFAULT_THRESHOLD})",
    )
    parser.add_argument(
        "--reference-year",
        type=int,
        default=None,
        metavar="YEAR",
        help="year that ages in birth_year count back from (default: this year)",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    started = time.perf_counter()
    try:
        records = read_person_csv(args.file, args.reference_year)
    except CsvError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    pairs = find_pairs(records, threshold=args.threshold)
    try:
        written = write_pairs_csv(args.out, pairs)
    except OSError as exc:
        print(f"error: cannot write {args.out}: {exc.strerror}", file=sys.stderr)
        return 2
    elapsed = time.perf_counter() - started
    print(
        f"{len(records)} records, {written} pairs at threshold {args.threshold:g} "
        f"written to {args.out} in {elapsed:.1f} s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
