"""Check one new report against 100,000 stored (encrypted) persons: median <= 50 ms.

Builds a throw-away instance (temporary data folder, SQLite, new keys), stores about 100,000
generated persons (``matching_generate``: clans, spelling variants in three scripts, typos)
with bulk inserts: every name field encrypted, and their keyed blocking and search keys in
``BlockingKey``. Then it times the intake's "check for matches" step for new reports, as a
coordinator (who may see every person): ``tracing.selectors.candidates_for_user``, which looks
the report's keyed blocking keys up, decrypts only the candidates found, scores them and
writes the audit event. Prints the median and 95th percentile over the queries.

    python bench/tracing_check_report.py                    # about 100,000 persons, 200 queries
    python bench/tracing_check_report.py --persons 46000 --queries 200
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _django
import matching_generate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=46_000, help="generated people (rows ~2.2x)")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args(argv)

    data_dir, env = _django.instance_env("safepassage-bench-tracing-")
    try:
        _django.setup(env, migrate=True)
        from django.db import transaction

        from safepassage.accounts.models import Role
        from safepassage.accounts.services import user_create
        from safepassage.matching import record_from_row
        from safepassage.tracing.keys import matching_secret, person_record, record_digests
        from safepassage.tracing.models import BlockingKey, Person
        from safepassage.tracing.selectors import candidates_for_user

        rows, _truth = matching_generate.generate(args.persons, args.seed, extra_names=1500)
        rows = rows[:100_000]
        secret = matching_secret()
        started = time.perf_counter()
        keys_total = 0
        batch = 2000
        for start in range(0, len(rows), batch):
            persons: list[Person] = []
            for row in rows[start : start + batch]:
                persons.append(_django.person_from_row(row, matching_generate.REFERENCE_YEAR))
            with transaction.atomic():
                Person.objects.bulk_create(persons)
                keys = [
                    BlockingKey(person=p, key=k)
                    for p in persons
                    for k in record_digests(person_record(p), secret)
                ]
                BlockingKey.objects.bulk_create(keys)
            keys_total += len(keys)
        build = time.perf_counter() - started
        print(f"stored {len(rows):,} persons and {keys_total:,} keys in {build:.1f} s")

        user, _ = user_create(
            actor=None,
            username="bench",
            role=Role.COORDINATOR,
            password="bench-password-long",  # noqa: S106
        )
        # Half the queries are further reports of stored people (their stored reports, so
        # candidates are found and scored), half are reports of people not stored at all.
        rng = random.Random(args.seed)
        known = rng.sample(rows, args.queries // 2)
        new_rows, _ = matching_generate.generate(args.queries, args.seed + 1000, extra_names=0)
        queries = [
            record_from_row({**r, "ref": f"Q{i}"}, matching_generate.REFERENCE_YEAR)
            for i, r in enumerate([*known, *new_rows[: args.queries - len(known)]])
        ]
        for record in queries[:5]:  # warm-up: caches, page cache
            candidates_for_user(user=user, details=record)
        times: list[float] = []
        found = 0
        for record in queries:
            t0 = time.perf_counter()
            result = candidates_for_user(user=user, details=record)
            times.append((time.perf_counter() - t0) * 1000)
            found += len(result)
        times.sort()
        median = statistics.median(times)
        p95 = times[int(len(times) * 0.95) - 1]
        print(f"machine: {_django.machine()}")
        print(
            f"{len(times)} queries: median {median:.1f} ms, p95 {p95:.1f} ms, "
            f"max {times[-1]:.1f} ms; {found / len(times):.1f} candidates shown per query"
        )
        print(f"target median <= 50 ms: {'met' if median <= 50 else 'NOT met'}")
        return 0 if median <= 50 else 1
    finally:
        _django.cleanup(data_dir)


if __name__ == "__main__":
    sys.exit(main())
