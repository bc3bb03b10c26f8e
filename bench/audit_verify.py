"""Wall time of ``safepassage audit verify`` over a large audit log (default 1,000,000 events).

Builds a throw-away instance (temporary data folder with a key file and keyring; SQLite there
by default, or an empty PostgreSQL database with ``--database-url``), migrates it and fills the
audit log directly: events with realistic fields (actors, roles, actions, record ids, request
ids, some with a JSON detail) and correct chain hashes computed with
``safepassage.audit.chain.event_hash``, written with ``bulk_create`` in batches, then the head
row. This set-up is timed separately and is not part of the figure.

Then ``safepassage audit verify`` runs as a separate process, as an operator would run it; the
figure is its wall time (``time.perf_counter`` around the whole process, start-up included)
and its peak RSS (``resource.getrusage(RUSAGE_CHILDREN)``). The run must report the chain
intact. Target: at most 10 s for 1,000,000 events.

    python bench/audit_verify.py                           # SQLite, 1,000,000 events
    python bench/audit_verify.py --events 1000000 --repeat 3
    python bench/audit_verify.py --database-url postgres://user:pass@127.0.0.1:5432/emptydb
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _django

TARGET_SECONDS = 10.0
ROLES = ["coordinator", "caseworker", "liaison", "field", "analyst", "auditor", "administrator"]
ACTIONS = [
    ("view", 40),
    ("view.list", 15),
    ("update", 15),
    ("create", 10),
    ("login", 8),
    ("login.failed", 2),
    ("export", 1),
    ("delete", 1),
]
OBJECT_TYPES = [
    "tracing.Person",
    "tracing.Report",
    "operations.Operation",
    "operations.Alert",
    "accounts.User",
]


def fill(events: int, batch: int, seed: int = 3) -> str:
    """Append ``events`` chained events and the head; return the last hash."""
    from django.db import transaction

    from safepassage.audit.chain import GENESIS, event_hash
    from safepassage.audit.models import AuditEvent, AuditHead

    rng = random.Random(seed)
    actors = [(str(uuid.UUID(int=rng.getrandbits(128))), rng.choice(ROLES)) for _ in range(60)]
    objects = [str(uuid.UUID(int=rng.getrandbits(128))) for _ in range(5000)]
    actions = [a for a, _ in ACTIONS]
    weights = [w for _, w in ACTIONS]
    start = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
    stamp_ms = 0
    prev = GENESIS
    seq = 0
    request_id = ""
    while seq < events:
        todo = min(batch, events - seq)
        rows = []
        for _ in range(todo):
            seq += 1
            stamp_ms += rng.randrange(1, 2000)
            created_at = start + datetime.timedelta(milliseconds=stamp_ms)
            actor_id, role = rng.choice(actors)
            action = rng.choices(actions, weights)[0]
            object_type = object_id = detail = ""
            if action.startswith("login"):
                actor_id, role = ("", "") if action == "login.failed" else (actor_id, role)
                detail = json.dumps({"reason": "password"}) if action == "login.failed" else ""
            elif action == "view.list":
                object_type = rng.choice(OBJECT_TYPES)
                ids = rng.sample(objects, rng.randrange(2, 12))
                detail = json.dumps({"ids": ids}, sort_keys=True)
            else:
                object_type = rng.choice(OBJECT_TYPES)
                object_id = rng.choice(objects)
                if action == "update":
                    detail = json.dumps({"fields": ["notes", "status"]}, sort_keys=True)
            if rng.random() < 0.7:  # several events per request, as a page view makes
                request_id = uuid.UUID(int=rng.getrandbits(128)).hex
            digest = event_hash(
                seq=seq,
                created_at=created_at,
                actor_id=actor_id,
                actor_role=role,
                action=action,
                object_type=object_type,
                object_id=object_id,
                request_id=request_id,
                detail=detail,
                prev_hash=prev,
            )
            rows.append(
                AuditEvent(
                    seq=seq,
                    created_at=created_at,
                    actor_id=actor_id,
                    actor_role=role,
                    action=action,
                    object_type=object_type,
                    object_id=object_id,
                    request_id=request_id,
                    detail=detail,
                    prev_hash=prev,
                    hash=digest,
                )
            )
            prev = digest
        with transaction.atomic():
            AuditEvent.objects.bulk_create(rows)
    AuditHead.objects.update_or_create(
        singleton=1, defaults={"last_seq": events, "last_hash": prev}
    )
    return prev


def verify_command() -> list[str]:
    script = Path(sys.executable).with_name("safepassage")
    if script.exists():
        return [str(script), "audit", "verify"]
    return [sys.executable, "-m", "safepassage", "audit", "verify"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000, help="events in the log")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of audit verify")
    parser.add_argument("--batch", type=int, default=5000, help="events per bulk_create")
    parser.add_argument(
        "--database-url",
        default=None,
        help="an EMPTY PostgreSQL database to use instead of SQLite in the data folder",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary data folder")
    args = parser.parse_args(argv)

    data_dir, env = _django.instance_env("safepassage-bench-audit-", args.database_url)
    try:
        start = time.perf_counter()
        _django.setup(env, migrate=True)
        from django.db import connection

        last_hash = fill(args.events, args.batch)
        build = time.perf_counter() - start
        print(f"machine: {_django.machine()}")
        connection.close()
        print(f"events: {args.events:,}; build (not timed): {build:.1f} s")
        command = verify_command()
        print(f"command: {' '.join(['safepassage', *command[-2:]])} (a separate process)")
        child_env = {**os.environ, **env}
        expected = f"OK: {args.events} events, chain intact. Head hash {last_hash}"
        walls = []
        for i in range(args.repeat):
            start = time.perf_counter()
            done = subprocess.run(command, env=child_env, capture_output=True, text=True)
            wall = time.perf_counter() - start
            if done.returncode != 0 or expected not in done.stdout:
                print(done.stdout, done.stderr, sep="\n")
                print("FAIL: audit verify did not report the chain intact")
                return 2
            walls.append(wall)
            print(f"  run {i + 1}: {wall:.2f} s")
        peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        median = statistics.median(walls)
        print()
        print(
            f"{'events':>10} {'wall s (median)':>16} {'best s':>8} "
            f"{'events/s':>11} {'peak RSS':>10}"
        )
        print(
            f"{args.events:>10,} {median:>16.2f} {min(walls):>8.2f} "
            f"{args.events / median:>11,.0f} {peak_mib:>6.0f} MiB"
        )
        ok = median <= TARGET_SECONDS * args.events / 1_000_000
        limit = TARGET_SECONDS * args.events / 1_000_000
        print()
        print(f"target: <= {limit:.1f} s for {args.events:,} events: {'PASS' if ok else 'FAIL'}")
        return 0 if ok else 1
    finally:
        if args.keep:
            print(f"data folder kept: {data_dir}")
        else:
            _django.cleanup(data_dir)


if __name__ == "__main__":
    sys.exit(main())
