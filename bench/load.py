"""Load: search, person page and report intake under 8 clients, 100,000 persons, real server.

Builds a throw-away instance (temporary data folder, new keys; SQLite there by default, or a
new PostgreSQL database with ``--postgres`` / ``--database-url``) and stores 100,000 generated
persons (``matching_generate``: clans, spelling variants in three scripts, typos) with bulk
inserts, written as the services write them: every name, number and note encrypted through
the model fields, the keyed blocking and search keys (``tracing.keys.record_digests``), the
first status change, one family report per person (phones as blind indexes and phone
sightings), and proof-of-life contacts for about 40 % of them. Eight coordinators (who see
every case) are created with ``accounts.services.user_create``.

Then it starts the production server (``safepassage serve``: gunicorn, its default workers and
threads) on a free loopback port with ``SAFEPASSAGE_ENV=production`` (HTTPS redirect off:
plain HTTP on loopback), signs each client in through the real login and code pages, and
runs each scenario for a fixed time with 8 client threads, each with its own connection
(kept alive when the server allows it; ``serve`` closes it after each answer, so each request
goes to a free worker):

* ``static``: ``GET /healthz`` without a session, a constant answer with no database work:
  what the same server does for a bare Django view;
* ``signed-in``: the same with the session cookie (session, user and code device loaded), to
  show how much of a page's cost is being signed in;
* ``person``: the person page of a random stored person;
* ``search``: the person list searched by a stored person's given and family name, in one of
  the spellings a report used;
* ``intake``: a new report through the intake page as a caseworker enters it: the "check for
  matches" POST, then the "new person" POST that stores it (each timed on its own).

The clients run on the same machine as the server, so they take CPU from it; the figures are
what one machine serving itself reaches. It prints the machine, per scenario the median, p95
and max latency and the throughput, the person page's throughput as a fraction of the static
view's, and PASS/FAIL against the targets: p95 <= 100 ms, and person page >= 1/3 of static.
Exit code 0 when every target is met.

    python bench/load.py                                  # SQLite, 100,000 persons, 20 s each
    python bench/load.py --postgres                       # PostgreSQL on 127.0.0.1:5432
    python bench/load.py --database-url postgres://user:pass@host:5432/ --db-name bench_load
    python bench/load.py --persons 5000 --seconds 5       # a quick look
    python bench/load.py --keep                           # keep the instance (and database)
    python bench/load.py --reuse DATA_DIR [--postgres]    # measure a kept instance, no build
    python bench/load.py --reuse DATA_DIR --only person --workers 4 --threads 2
"""

from __future__ import annotations

import argparse
import datetime
import html
import http.client
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _django
import matching_generate

DEFAULT_SERVER = "postgres://safepassage:safepassage-test@127.0.0.1:5432/"
TARGET_P95_MS = 100.0
TARGET_RATIO = 1 / 3
PASSWORD = "bench-load-password-long"  # noqa: S105
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CHECKED_RE = re.compile(r'name="checked" value="([^"]+)"')


# --- the instance --------------------------------------------------------------------------


def _phone(rng: random.Random) -> str:
    return f"+964 7{rng.randint(50, 79)} {rng.randint(100, 999)} {rng.randint(1000, 9999)}"


def build(persons_wanted: int, seed: int, received_by: object) -> tuple[int, int, int]:
    """Store the persons, reports and contacts; return how many of each."""
    from django.db import transaction
    from django.utils import timezone

    from safepassage.tracing.keys import matching_secret, person_record, record_digests
    from safepassage.tracing.models import (
        BlockingKey,
        Contact,
        ContactChannel,
        Person,
        PhoneSighting,
        Report,
        StatusChange,
    )
    from safepassage.tracing.services.persons import phone_index

    rows, _truth = matching_generate.generate(
        max(1000, int(persons_wanted / 2.17)), seed, extra_names=1500
    )
    rows = rows[:persons_wanted]
    rng = random.Random(seed)
    secret = matching_secret()
    now = timezone.now()
    today = timezone.localdate()
    channels = list(ContactChannel.values)
    n_persons = n_reports = n_contacts = 0
    batch = 2000
    for start in range(0, len(rows), batch):
        persons: list[Person] = []
        for row in rows[start : start + batch]:
            persons.append(
                _django.person_from_row(
                    row, matching_generate.REFERENCE_YEAR, created_by=received_by
                )
            )
        changes: list[StatusChange] = []
        reports: list[Report] = []
        contacts: list[Contact] = []
        sightings: list[PhoneSighting] = []
        for person in persons:
            changes.append(
                StatusChange(
                    person=person, from_status="", to_status=person.status, changed_by=None
                )
            )
            phones = [_phone(rng) for _ in range(rng.choice([0, 1, 1, 2]))]
            report = Report(
                id=uuid.uuid4(),
                person=person,
                reporter_name=f"{rng.choice(matching_generate.MALE)[1][0]} "
                f"{(person.family_names or ['Ali'])[0]}",
                relationship=rng.choice(["father", "brother", "mother", "uncle", "husband"]),
                reporter_phones=phones,
                reporter_village=person.home_place,
                preferred_language=rng.choice(["ar", "ckb", "kmr", ""]),
                names_as_reported={
                    "given_names": person.given_names,
                    "father_names": person.father_names,
                    "grandfather_names": person.grandfather_names,
                    "family_names": person.family_names,
                    "mother_names": person.mother_names,
                },
                knowledge="Taken from the village with her children; seen at a checkpoint "
                "two days later.",
                reported_on=today - datetime.timedelta(days=rng.randint(30, 3000)),
                received_by=received_by,
            )
            reports.append(report)
            for number in phones:
                sightings.append(
                    PhoneSighting(
                        number_index=phone_index(number),
                        source_type=Report._meta.label,
                        source_id=report.pk,
                        person=person,
                        seen_at=now,
                    )
                )
            if rng.random() < 0.4:
                for _ in range(rng.randint(1, 3)):
                    number = _phone(rng)
                    contact = Contact(
                        id=uuid.uuid4(),
                        person=person,
                        occurred_at=now - datetime.timedelta(days=rng.randint(1, 900)),
                        channel=rng.choice(channels),
                        number_used=number,
                        number_index=phone_index(number),
                        location_said="A house near the market, second floor.",
                        condition="Tired, not injured.",
                        what_she_asked="Tell my mother I am alive.",
                        taken_by=received_by,
                    )
                    contacts.append(contact)
                    sightings.append(
                        PhoneSighting(
                            number_index=contact.number_index,
                            source_type=Contact._meta.label,
                            source_id=contact.pk,
                            person=person,
                            seen_at=contact.occurred_at,
                        )
                    )
        with transaction.atomic():
            Person.objects.bulk_create(persons)
            StatusChange.objects.bulk_create(changes)
            BlockingKey.objects.bulk_create(
                [
                    BlockingKey(person=p, key=k)
                    for p in persons
                    for k in record_digests(person_record(p), secret)
                ]
            )
            Report.objects.bulk_create(reports)
            Contact.objects.bulk_create(contacts)
            PhoneSighting.objects.bulk_create(sightings)
        n_persons += len(persons)
        n_reports += len(reports)
        n_contacts += len(contacts)
    return n_persons, n_reports, n_contacts


def _postgres_url(server: str, name: str) -> str:
    parts = urllib.parse.urlsplit(server)
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, "/" + name, "", ""))


def _postgres_admin(server: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(_postgres_url(server, "postgres"), autocommit=True) as conn:
        conn.execute(sql)  # type: ignore[arg-type]


# --- the server ----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def server_memory(pid: int) -> tuple[int, float, float] | None:
    """The server's workers, and the memory of the server and its workers together: the
    proportional set size (shared pages split between the processes sharing them) and the
    resident size (shared pages counted in each), in MB. None where /proc cannot tell."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        kilobytes = {"Pss": 0, "Rss": 0}
        for process in (pid, *map(int, children)):
            for line in Path(f"/proc/{process}/smaps_rollup").read_text().splitlines():
                name, _, value = line.partition(":")
                if name in kilobytes:
                    kilobytes[name] += int(value.split()[0])
    except (OSError, ValueError):
        return None
    return len(children), kilobytes["Pss"] / 1024, kilobytes["Rss"] / 1024


def start_server(
    env: dict[str, str], port: int, log: Path, workers: int | None, threads: int | None
) -> subprocess.Popen[bytes]:
    server_env = {
        **os.environ,
        **env,
        "SAFEPASSAGE_ENV": "production",
        "SAFEPASSAGE_SSL_REDIRECT": "0",
        "SAFEPASSAGE_ALLOWED_HOSTS": "127.0.0.1",
        "SAFEPASSAGE_LOG_LEVEL": "WARNING",
    }
    command = [sys.executable, "-m", "safepassage", "serve", "--bind", f"127.0.0.1:{port}"]
    if workers:
        command += ["--workers", str(workers)]
    if threads:
        command += ["--threads", str(threads)]
    with log.open("wb") as out:
        proc = subprocess.Popen(command, env=server_env, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server stopped:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                conn.close()
                return proc
        except OSError:
            time.sleep(0.2)
    proc.terminate()
    raise SystemExit("the server did not answer within 60 s")


# --- the clients ---------------------------------------------------------------------------


@dataclass
class Client:
    """One browser: its connection (opened again when the server closed it) and cookies."""

    port: int
    cookies: dict[str, str] = field(default_factory=dict)
    csrf: str = ""
    conn: http.client.HTTPConnection | None = None

    def request(
        self,
        method: str,
        path: str,
        form: dict[str, str] | None = None,
        *,
        send_cookies: bool = True,
    ) -> tuple[int, str, str]:
        """(status, Location, body); reconnects once if the server closed the connection."""
        headers = {"Host": f"127.0.0.1:{self.port}"}
        if send_cookies and self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read().decode("utf-8", errors="replace")
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise
                continue
            if send_cookies:
                for header in response.headers.get_all("Set-Cookie") or []:
                    cookie: SimpleCookie = SimpleCookie()
                    cookie.load(header)
                    for name, morsel in cookie.items():
                        self.cookies[name] = morsel.value
            return response.status, response.headers.get("Location", ""), data
        raise AssertionError("unreachable")

    def sign_in(self, username: str, code: Callable[[], str]) -> None:
        """The real two steps: codename and password, then the authenticator's code."""
        status, _, page = self.request("GET", "/accounts/login/")
        token = CSRF_RE.search(page)
        if status != 200 or not token:
            raise SystemExit(f"login page: {status}")
        form = {"csrfmiddlewaretoken": token.group(1), "username": username, "password": PASSWORD}
        status, location, _ = self.request("POST", "/accounts/login/", form)
        if status != 302 or "login" not in location:
            raise SystemExit(f"sign-in of {username} refused ({status} {location})")
        verify = location
        status, _, page = self.request("GET", verify)
        token = CSRF_RE.search(page)
        if not token:
            raise SystemExit("code page without a form")
        form = {"csrfmiddlewaretoken": token.group(1), "token": code()}
        status, location, _ = self.request("POST", verify, form)
        if status != 302:
            raise SystemExit(f"code step of {username} refused ({status})")
        status, _, page = self.request("GET", "/persons/new/")
        token = CSRF_RE.search(page)
        if status != 200 or not token:
            raise SystemExit(f"intake page after sign-in: {status}")
        self.csrf = html.unescape(token.group(1))


Step = Callable[[Client, random.Random], list[tuple[str, float]]]


def timed(client: Client, label: str, method: str, path: str, expect: int, **kw: object) -> float:
    return timed_page(client, label, method, path, expect, **kw)[0]


def timed_page(
    client: Client, label: str, method: str, path: str, expect: int, **kw: object
) -> tuple[float, str]:
    """Milliseconds the request took, and the page it answered."""
    started = time.perf_counter()
    status, _, page = client.request(method, path, **kw)  # type: ignore[arg-type]
    elapsed = (time.perf_counter() - started) * 1000
    if status != expect:
        raise RuntimeError(f"{label}: {method} {path.split('?')[0]} gave {status}, not {expect}")
    return elapsed, page


def run_scenario(
    clients: list[Client], step: Step, seconds: float, warmup: float, seed: int
) -> tuple[dict[str, list[float]], float, int]:
    """Every client repeats ``step`` for ``warmup`` + ``seconds``; only the latter is kept."""
    results: dict[str, list[float]] = {}
    errors: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(len(clients) + 1)
    start_at = [0.0]

    def work(index: int, client: Client) -> None:
        rng = random.Random(seed * 100 + index)
        barrier.wait()
        measure_from = start_at[0] + warmup
        stop_at = measure_from + seconds
        mine: dict[str, list[float]] = {}
        try:
            while (now := time.perf_counter()) < stop_at:
                done = step(client, rng)
                if now >= measure_from:
                    for label, ms in done:
                        mine.setdefault(label, []).append(ms)
        except Exception as exc:
            errors.append(str(exc))
        with lock:
            for label, values in mine.items():
                results.setdefault(label, []).extend(values)

    threads = [
        threading.Thread(target=work, args=(i, c), daemon=True) for i, c in enumerate(clients)
    ]
    for t in threads:
        t.start()
    start_at[0] = time.perf_counter()
    barrier.wait()
    for t in threads:
        t.join()
    if errors:
        raise SystemExit(f"requests failed: {errors[0]} ({len(errors)} clients)")
    return results, seconds, sum(len(v) for v in results.values())


def percentile(sorted_values: list[float], q: float) -> float:
    """Nearest-rank percentile."""
    rank = max(1, -(-len(sorted_values) * q // 100))
    return sorted_values[int(rank) - 1]


# --- main ----------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20.0, help="measured time per scenario")
    parser.add_argument("--warmup", type=float, default=3.0, help="unmeasured time first")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--postgres", action="store_true", help=f"use {DEFAULT_SERVER}")
    parser.add_argument("--database-url", help="a PostgreSQL server whose role may CREATEDB")
    parser.add_argument("--db-name", default="safepassage_bench_load")
    parser.add_argument("--workers", type=int, help="gunicorn workers (default: serve's)")
    parser.add_argument("--threads", type=int, help="threads per worker (default: serve's)")
    parser.add_argument("--keep", action="store_true", help="keep the data folder and database")
    parser.add_argument(
        "--only", help="comma-separated scenarios to run (static,signed-in,person,search,intake)"
    )
    parser.add_argument(
        "--reuse",
        metavar="DATA_DIR",
        help="measure a kept instance again (no build; with --postgres/--database-url and "
        "--db-name for its database); nothing is deleted",
    )
    args = parser.parse_args(argv)

    server_url = args.database_url or (DEFAULT_SERVER if args.postgres else None)
    database_url = _postgres_url(server_url, args.db_name) if server_url else None
    keep = args.keep or args.reuse is not None
    if args.reuse is not None:
        data_dir = Path(args.reuse).resolve()
        env = {**_django.instance_env_for(data_dir), **_django.database_env(database_url)}
    else:
        if server_url:
            import psycopg

            try:
                _postgres_admin(server_url, f'CREATE DATABASE "{args.db_name}"')
            except psycopg.errors.DuplicateDatabase:
                raise SystemExit(
                    f"database {args.db_name} exists (kept by --keep?): measure it with "
                    "--reuse DATA_DIR, or drop it, or pass another --db-name"
                ) from None
        data_dir, env = _django.instance_env("safepassage-bench-load-", database_url)
    proc: subprocess.Popen[bytes] | None = None
    try:
        from django.db import connection

        if args.reuse is not None:
            _django.open_existing(env)
            from safepassage.accounts.models import User

            users = list(User.objects.filter(username__startswith="coordinator"))
            users = sorted(users, key=lambda u: u.username)[: args.clients]
        else:
            _django.setup(env, migrate=True)
            from safepassage.accounts.models import Role
            from safepassage.accounts.services import user_create

            users = [
                user_create(
                    actor=None,
                    username=f"coordinator{i}",
                    role=Role.COORDINATOR,
                    password=PASSWORD,
                )[0]
                for i in range(args.clients)
            ]
            started = time.perf_counter()
            n_persons, n_reports, n_contacts = build(args.persons, args.seed, users[0])
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
            print(
                f"stored {n_persons:,} persons, {n_reports:,} reports, {n_contacts:,} contacts "
                f"in {time.perf_counter() - started:.0f} s"
            )
        from safepassage.accounts.models import TOTPDevice
        from safepassage.tracing.models import Person

        ids = [str(pk) for pk in Person.objects.values_list("pk", flat=True)]
        # Search by names as stored: a given and a family name of random persons, each in
        # one of the spellings her reports used.
        sample = Person.objects.filter(
            pk__in=random.Random(args.seed).sample(ids, min(2000, len(ids)))
        )
        names = [(list(p.given_names), list(p.family_names)) for p in sample]
        machine = _django.machine()
        connection.close()

        port = free_port()
        proc = start_server(env, port, data_dir / "server.log", args.workers, args.threads)
        clients = [Client(port) for _ in users]

        def code_for(user_pk: object) -> Callable[[], str]:
            def code() -> str:
                device = TOTPDevice.objects.get(user_id=user_pk)
                now = time.time()
                step = device.totp(at=now).t()
                if device.last_t >= step:
                    now += device.step * (device.last_t - step + 1)
                return str(device.totp(at=now).token()).zfill(device.digits)

            return code

        for client, user in zip(clients, users, strict=True):
            client.sign_in(user.username, code_for(user.pk))
        connection.close()

        # New reports for the intake: people not stored (another seed).
        intake_rows, _ = matching_generate.generate(600, args.seed + 1, extra_names=0)

        def spelling(value: str | None, rng: random.Random) -> str:
            from safepassage.matching.records import split_spellings

            options = split_spellings(value)
            return rng.choice(options) if options else ""

        def static(client: Client, rng: random.Random) -> list[tuple[str, float]]:
            return [("static", timed(client, "static", "GET", "/healthz", 200, send_cookies=False))]

        def static_signed_in(client: Client, rng: random.Random) -> list[tuple[str, float]]:
            return [("static, signed in", timed(client, "static", "GET", "/healthz", 200))]

        def person(client: Client, rng: random.Random) -> list[tuple[str, float]]:
            path = f"/persons/{rng.choice(ids)}/"
            return [("person page", timed(client, "person", "GET", path, 200))]

        def search(client: Client, rng: random.Random) -> list[tuple[str, float]]:
            given, family = rng.choice(names)
            words = [rng.choice(given) if given else "", rng.choice(family) if family else ""]
            query = " ".join(w for w in words if w) or "Layla"
            form = {"csrfmiddlewaretoken": client.csrf, "q": query}
            return [("search", timed(client, "search", "POST", "/persons/", 200, form=form))]

        def intake(client: Client, rng: random.Random) -> list[tuple[str, float]]:
            row = rng.choice(intake_rows)
            form = {
                "csrfmiddlewaretoken": client.csrf,
                "given_names": row.get("given_name") or "Layla",
                "father_names": row.get("father_name") or "",
                "grandfather_names": row.get("grandfather_name") or "",
                "family_names": row.get("family_name") or "",
                "mother_names": row.get("mother_name") or "",
                "birth": (row.get("birth_year") or "").strip() if rng.random() < 0.5 else "",
                "home_place": row.get("home_place") or "",
                "reporter_name": "Khalil " + (spelling(row.get("family_name"), rng) or "Ali"),
                "relationship": "brother",
                "reporter_phones": _phone(rng),
                "reporter_village": row.get("home_place") or "",
                "knowledge": "Taken at the checkpoint with her sister.",
                "decision": "check",
            }
            check, page = timed_page(
                client, "intake check", "POST", "/persons/new/", 200, form=form
            )
            checked = CHECKED_RE.search(page)
            if not checked:
                raise RuntimeError("intake check: the page carries no mark of the check")
            save = timed(
                client,
                "intake save",
                "POST",
                "/persons/new/",
                302,
                form={**form, "decision": "new", "checked": html.unescape(checked.group(1))},
            )
            return [("intake: check", check), ("intake: save", save)]

        scenarios: list[tuple[str, Step]] = [
            ("static", static),
            ("signed-in", static_signed_in),
            ("person", person),
            ("search", search),
            ("intake", intake),
        ]
        if args.only:
            wanted = set(args.only.split(","))
            scenarios = [s for s in scenarios if s[0] in wanted or s[0] == "static"]
        table: list[tuple[str, int, float, float, float, float, float]] = []
        loads: list[str] = []
        for name, step in scenarios:
            loads.append(f"{name} {os.getloadavg()[0]:.1f}")
            results, seconds, _ = run_scenario(clients, step, args.seconds, args.warmup, args.seed)
            for label, values in results.items():
                values.sort()
                table.append(
                    (
                        label,
                        len(values),
                        statistics.median(values),
                        percentile(values, 95),
                        values[-1],
                        len(values) / seconds,
                        seconds,
                    )
                )
        memory = server_memory(proc.pid)
        rate = {row[0]: row[5] for row in table}
        ratio = rate.get("person page", 0.0) / rate["static"]

        workers = args.workers or "default"
        threads = args.threads or "default"
        print(f"machine: {machine}")
        print(
            f"server: safepassage serve (gunicorn gthread, workers {workers}, threads {threads}); "
            f"{args.clients} client threads, one connection each, on the same machine; "
            f"{args.seconds:g} s measured per scenario after {args.warmup:g} s warm-up"
        )
        print(f"load average (1 min) at the start of each scenario: {', '.join(loads)}")
        print()
        print("| scenario | requests | median ms | p95 ms | max ms | req/s | p95 <= 100 ms |")
        print("|---|---|---|---|---|---|---|")
        ok = True
        for label, count, median, p95, top, per_second, _ in table:
            baseline = label.startswith("static")
            met = baseline or p95 <= TARGET_P95_MS
            ok = ok and met
            verdict = "-" if baseline else ("PASS" if met else "FAIL")
            print(
                f"| {label} | {count:,} | {median:.1f} | {p95:.1f} | {top:.1f} | "
                f"{per_second:.1f} | {verdict} |"
            )
        ratio_met = ratio >= TARGET_RATIO
        ok = ok and ratio_met
        print()
        print(
            f"person page / static throughput: {ratio:.2f} "
            f"(target >= {TARGET_RATIO:.2f}: {'PASS' if ratio_met else 'FAIL'})"
        )
        if "static, signed in" in rate and "person page" in rate:
            print(
                f"person page / static signed in (session, user and code device loaded): "
                f"{rate['person page'] / rate['static, signed in']:.2f} (for comparison, no target)"
            )
        if memory is not None:
            count, pss, rss = memory
            print(
                f"server memory after the run, master and {count} workers: {pss:.0f} MB "
                f"proportional (shared pages split), {rss:.0f} MB resident (counted in each)"
            )
        print(f"all targets: {'PASS' if ok else 'FAIL'}")
        return 0 if ok else 1
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
        if keep:
            print(
                f"kept: data folder {data_dir}"
                + (f", database {args.db_name}" if server_url else "")
            )
        else:
            _django.cleanup(data_dir)
            if server_url:
                from django.db import connections

                connections.close_all()
                _postgres_admin(server_url, f'DROP DATABASE IF EXISTS "{args.db_name}"')


if __name__ == "__main__":
    sys.exit(main())
