"""Wall time and peak memory of deduplicating 100,000 generated reports.

Generates the reports in memory with ``matching_generate`` (not timed), then
times ``find_pairs`` on them: normalisation, blocking, comparison, EM fitting
and scoring.  Peak RSS is the process maximum from ``resource.getrusage``.
Also prints pair precision/recall at this scale.

    python bench/matching_dedupe_100k.py --records 100000 --seed 5
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from matching_generate import generate, true_pairs

from safepassage.matching.engine import DEFAULT_THRESHOLD, find_pairs
from safepassage.matching.records import record_from_row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=100_000, help="number of reports")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    parser.add_argument(
        "--workers",
        type=int,
        default=None,
        help="comparison processes (default: automatic, at most 2)",
    )
    parser.add_argument(
        "--extra-names",
        type=int,
        default=1500,
        help="synthetic names per list added to the hand lexicon",
    )
    args = parser.parse_args(argv)
    # About 2.2 reports per person: ask for enough people, then cut.
    rows, truth = generate(int(args.records / 2.15) + 10, args.seed, 2025, args.extra_names)
    rows, truth = rows[: args.records], truth[: args.records]
    records = [record_from_row(r, 2025) for r in rows]
    gold = true_pairs(truth)
    start = time.perf_counter()
    pairs = find_pairs(records, threshold=args.threshold, workers=args.workers)
    elapsed = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Comparison workers are forked children; their peak is reported apart
    # (RUSAGE_CHILDREN gives the largest child, so the sum bounds the total).
    child_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    found = {(p.left_ref, p.right_ref) for p in pairs}
    tp = len(found & gold)
    precision = tp / len(found) if found else 0.0
    recall = tp / len(gold) if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(f"records: {len(records)}  true pairs: {len(gold)}  pairs found: {len(found)}")
    print(f"wall time find_pairs: {elapsed:.1f} s")
    print(
        f"peak RSS: main process {peak_kib / 1024:.0f} MiB, largest worker "
        f"{child_kib / 1024:.0f} MiB (workers share pages with the main process)"
    )
    print(f"precision {precision:.4f} recall {recall:.4f} F1 {f1:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
