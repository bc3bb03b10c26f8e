"""From a missed check-in deadline to a visible alert, with the real worker running.

Target: at most 60 s for every one of 20 deadlines.

Builds a throw-away demo instance (``safepassage demo`` in a temporary data folder: SQLite and
the labelled demo key), starts the real ``safepassage worker`` as a separate process, then
creates 20 underway operations through the services, each started so that its check-in
deadline (interval 1 minute, grace 0) passes at a staggered moment over the next ~2 minutes.
Nobody checks in. The script polls the database for each operation's overdue alert; the
latency of a deadline is the alert's ``created_at`` minus the moment the deadline (plus grace)
passed, which is when an alert becomes due. An alert row is what coordinators' pages show
(the alert panel polls it). Prints each latency, the median, the maximum and PASS/FAIL.

    python bench/alert_latency.py
    python bench/alert_latency.py --deadlines 20 --spread 120
"""

from __future__ import annotations

import argparse
import datetime
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

TARGET_SECONDS = 60.0
SAFEPASSAGE = str(Path(sys.executable).with_name("safepassage"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deadlines", type=int, default=20)
    parser.add_argument("--spread", type=float, default=120.0, help="seconds over which they pass")
    parser.add_argument("--first", type=float, default=20.0, help="seconds until the first")
    args = parser.parse_args()

    data_dir = Path(tempfile.mkdtemp(prefix="safepassage-bench-alerts-"))
    env = {
        **os.environ,
        "SAFEPASSAGE_ENV": "demo",
        "SAFEPASSAGE_DATA_DIR": str(data_dir),
        "DJANGO_SETTINGS_MODULE": "safepassage.settings",
    }
    for name in ("DATABASE_URL", "SAFEPASSAGE_KEY_FILE", "SAFEPASSAGE_PASSPHRASE"):
        env.pop(name, None)
    worker = None
    try:
        started = time.perf_counter()
        subprocess.run([SAFEPASSAGE, "demo"], env=env, check=True, capture_output=True)
        print(f"demo instance in {time.perf_counter() - started:.1f} s (SQLite, demo key)")
        os.environ.clear()
        os.environ.update(env)
        import django

        django.setup()
        import _django

        print(_django.machine())
        worker = subprocess.Popen(
            [SAFEPASSAGE, "worker"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        return run(args)
    finally:
        if worker is not None:
            worker.terminate()
            try:
                worker.wait(timeout=20)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()
        shutil.rmtree(data_dir, ignore_errors=True)


def run(args: argparse.Namespace) -> int:
    from django.utils import timezone

    from safepassage.accounts.models import User
    from safepassage.intel.models import Member, Place
    from safepassage.operations import clock, services
    from safepassage.operations.models import Alert, Operation
    from safepassage.verification.models import RescueRequest
    from safepassage.verification.selectors import request_is_cleared

    falcon = User.objects.get(username="falcon", is_decoy=False)
    cleared = [r for r in RescueRequest.objects.filter(status="open") if request_is_cleared(r)]
    member = Member.objects.filter(status="active").first()
    places = list(Place.objects.order_by("created_at")[:2])
    assert cleared and member is not None and len(places) == 2, "demo data missing"
    interval = datetime.timedelta(minutes=1)
    base = timezone.now() + datetime.timedelta(seconds=args.first)
    step = args.spread / max(args.deadlines - 1, 1)
    deadlines: dict[str, datetime.datetime] = {}
    for i in range(args.deadlines):
        operation = services.operation_create(
            actor=falcon,
            codename=f"Bench {i + 1:02d}",
            check_in_interval_minutes=1,
            grace_minutes=0,
            check_in_code="bench code",
            duress_code="bench duress",
        )
        services.operation_add_request(actor=falcon, operation=operation, rescue_request=cleared[0])
        services.team_member_add(actor=falcon, operation=operation, member=member, role="lead")
        for hours, place in enumerate(places):
            services.waypoint_add(
                actor=falcon,
                operation=operation,
                kind="pickup",
                place=place,
                planned_arrival=timezone.now() + datetime.timedelta(hours=hours + 1),
            )
        services.operation_approve(actor=falcon, operation=operation)
        due = base + datetime.timedelta(seconds=i * step)
        # Started one interval before its deadline: the deadline passes at ``due``.
        with clock.frozen_at(due - interval):
            operation = services.operation_start(actor=falcon, operation=operation)
        deadlines[str(operation.pk)] = due
    print(
        f"{args.deadlines} underway operations; deadlines pass from {args.first:.0f} s to "
        f"{args.first + args.spread:.0f} s from now, nobody checks in; worker running"
    )

    latencies: dict[str, float] = {}
    give_up = max(deadlines.values()) + datetime.timedelta(seconds=TARGET_SECONDS * 2)
    while len(latencies) < len(deadlines) and timezone.now() < give_up:
        for alert in Alert.objects.filter(
            kind="overdue", operation_id__in=list(deadlines), due_at__isnull=False
        ).exclude(operation_id__in=list(latencies)):
            key = str(alert.operation_id)
            latencies[key] = (alert.created_at - deadlines[key]).total_seconds()
        time.sleep(0.25)

    names = dict(Operation.objects.filter(pk__in=list(deadlines)).values_list("pk", "codename"))
    for key, due in sorted(deadlines.items(), key=lambda kv: kv[1]):
        value = latencies.get(key)
        shown = f"{value:6.1f} s" if value is not None else "  none"
        print(f"{names[uuid.UUID(key)]}  due {due:%H:%M:%S}  alert after {shown}")
    missing = len(deadlines) - len(latencies)
    values = sorted(latencies.values())
    if values:
        print(
            f"median {statistics.median(values):.1f} s, max {max(values):.1f} s, "
            f"min {min(values):.1f} s over {len(values)} deadlines; missing {missing}"
        )
    ok = missing == 0 and bool(values) and max(values) <= TARGET_SECONDS
    print(
        f"{'PASS' if ok else 'FAIL'}: every missed deadline alerted within {TARGET_SECONDS:.0f} s"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
