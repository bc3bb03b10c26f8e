"""Pair precision, recall and F1 of ``safepassage match-file`` on generated reports.

Generates a labelled file with ``matching_generate`` for each seed, runs the
command-line ``main`` on it exactly as a user would, and compares the written
pairs with the truth.  Also prints blocking recall (true pairs that reach the
comparison stage at all) and, with ``--sweep``, F1 across thresholds, which is
how ``DEFAULT_THRESHOLD`` was chosen.

    python bench/matching_quality.py --persons 2000 --seeds 11 23 --sweep
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from matching_generate import generate, true_pairs, write

from safepassage.matching.cli import main as match_file
from safepassage.matching.compare import prepare
from safepassage.matching.csvio import read_person_csv
from safepassage.matching.engine import DEFAULT_THRESHOLD, score_all
from safepassage.matching.keys import candidate_pairs


def prf(found: set[tuple[str, str]], truth: set[tuple[str, str]]) -> tuple[float, float, float]:
    tp = len(found & truth)
    p = tp / len(found) if found else 0.0
    r = tp / len(truth) if truth else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def run(persons: int, seed: int, threshold: float, sweep: bool, reference_year: int) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        rows, truth = generate(persons, seed, reference_year)
        write(rows, truth, d / "persons.csv", d / "truth.csv")
        gold = true_pairs(truth)
        start = time.perf_counter()
        code = match_file(
            [
                str(d / "persons.csv"),
                "--out",
                str(d / "pairs.csv"),
                "--threshold",
                str(threshold),
                "--reference-year",
                str(reference_year),
            ]
        )
        elapsed = time.perf_counter() - start
        if code != 0:
            raise SystemExit(f"match-file exited with {code}")
        with (d / "pairs.csv").open(encoding="utf-8") as fh:
            found = {tuple(sorted((r["left_ref"], r["right_ref"]))) for r in csv.DictReader(fh)}
        found_pairs: set[tuple[str, str]] = {(a, b) for a, b in found}
        p, r, f = prf(found_pairs, gold)
        records = read_person_csv(d / "persons.csv", reference_year)
        prepared = [prepare(x) for x in records]
        cands = {
            tuple(sorted((records[i].ref, records[j].ref))) for i, j in candidate_pairs(prepared)
        }
        block_recall = len({(a, b) for a, b in cands} & gold) / len(gold)
        print(
            f"seed {seed}: {len(rows)} reports, {len(gold)} true pairs, "
            f"{len(cands)} candidate pairs, blocking recall {block_recall:.4f}"
        )
        print(
            f"seed {seed}: threshold {threshold:g}: precision {p:.4f} recall {r:.4f} "
            f"F1 {f:.4f} ({len(found_pairs)} pairs, {elapsed:.1f} s)"
        )
        if sweep:
            _, scored = score_all(records)
            for t in (0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99):
                sel = {
                    tuple(sorted((records[i].ref, records[j].ref))) for i, j, s in scored if s >= t
                }
                sp, sr, sf = prf({(a, b) for a, b in sel}, gold)
                print(f"  sweep t={t:<5g} P {sp:.4f} R {sr:.4f} F1 {sf:.4f}")
        return f


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--persons", type=int, default=2000)
    parser.add_argument("--seeds", type=int, nargs="+", default=[11, 23])
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    parser.add_argument("--reference-year", type=int, default=2025)
    parser.add_argument("--sweep", action="store_true", help="also print F1 across thresholds")
    args = parser.parse_args(argv)
    scores = [
        run(args.persons, s, args.threshold, args.sweep, args.reference_year) for s in args.seeds
    ]
    print(f"mean F1 over seeds {args.seeds}: {sum(scores) / len(scores):.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
