"""What one page costs in-process: CPU time and SQL statements per request, no HTTP, no load.

Opens an instance kept by ``bench/load.py --keep`` (100,000 persons), signs a coordinator in
(a session with her code device, as the sign-in pages leave it) and sends each kind of
request of the load benchmark through Django's test client, with the production settings
the server uses: the person page of a random person, a search by a stored person's given
and family name, the intake's "check for matches" and its "new person" save (after a check of
the same details, not timed: the intake saves only what it checked), and a constant answer
with the session (what being signed in costs). It prints, per kind, the median over
several rounds of the mean time per request, and the statements one request sends.

The figures are one process on an otherwise idle machine: the cost the load benchmark's
throughput is made of, without the clients, the server's workers or their queueing. Run it
twice to compare two versions of the code: ``--code DIR`` imports Safe Passage from another
checkout (the instance's schema must suit both).

    python bench/page_cost.py DATA_DIR                        # SQLite instance of load.py
    python bench/page_cost.py DATA_DIR --database-url postgres://u:p@127.0.0.1:5432/bench_load
    python bench/page_cost.py DATA_DIR --code ../older-checkout --rounds 5 --requests 200
    python bench/page_cost.py DATA_DIR --split    # where the person page's time goes

``--split`` times the parts of the person page apart (the time inside each, summed over the
requests): her record and its timeline (of which finding her and the audit event), her
location reports, her rescue requests and the rendering of the page; the rest is the
middleware (session, user, code device), the view's forms and the test client.
"""

from __future__ import annotations

import argparse
import html
import random
import re
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

NAME_FIELDS = ("given_names", "family_names")


def _prepare(data_dir: Path, code: Path | None, database_url: str | None) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import _django  # puts this checkout first on the path

    if code is not None:
        sys.path.insert(0, str(code.resolve()))

    env = {
        **_django.instance_env_for(data_dir),
        **_django.database_env(database_url),
        "SAFEPASSAGE_ENV": "production",
        "SAFEPASSAGE_SSL_REDIRECT": "0",
        "SAFEPASSAGE_ALLOWED_HOSTS": "testserver",
        "SAFEPASSAGE_LOG_LEVEL": "ERROR",
    }
    warnings.simplefilter("ignore")  # production settings warn of the missing static folder
    _django.open_existing(env)


Send = Callable[[Any], Any]


def _requests(rng: random.Random) -> dict[str, tuple[Send | None, Send]]:
    """Each kind of request: an untimed step before it (or None), and a function of the
    client that sends one and checks the answer."""
    from safepassage.tracing.models import Person

    persons = [p for p in Person.objects.all()[:600] if p.given_names and p.family_names]
    ids = [str(p.pk) for p in persons]

    def form(person: Any) -> dict[str, str]:
        return {
            "given_names": person.given_names[0],
            "father_names": (person.father_names or [""])[0],
            "family_names": person.family_names[0],
            "home_place": person.home_place,
            "reporter_name": "Khalil Ali",
            "relationship": "brother",
            "reporter_phones": f"+964 750 {rng.randrange(10**7):07d}",
            "reporter_village": person.home_place,
            "knowledge": "Taken at the checkpoint with her sister.",
            "decision": "check",
        }

    def expect(response: Any, status: int) -> None:
        if response.status_code != status:
            raise SystemExit(f"expected {status}, got {response.status_code}")

    checked: dict[str, str] = {}

    def check_first(client: Any) -> None:
        """Untimed: the check a caseworker runs before "new person" (the intake saves only
        details it has checked, and its page carries the signed mark of that check)."""
        checked.clear()
        checked.update(form(rng.choice(persons)))
        response = client.post("/persons/new/", checked)
        expect(response, 200)
        mark = re.search(r'name="checked" value="([^"]+)"', response.content.decode())
        if mark is None:
            raise SystemExit("the check's page carries no mark of the check")
        checked.update(decision="new", checked=html.unescape(mark.group(1)))

    def save(client: Any) -> None:
        expect(client.post("/persons/new/", checked), 302)

    return {
        "static, signed in": (None, lambda c: expect(c.get("/healthz"), 200)),
        "person page": (None, lambda c: expect(c.get(f"/persons/{rng.choice(ids)}/"), 200)),
        "search": (
            None,
            lambda c: expect(
                c.post(
                    "/persons/",
                    {"q": " ".join(getattr(rng.choice(persons), f)[0] for f in NAME_FIELDS)},
                ),
                200,
            ),
        ),
        "intake: check": (
            None,
            lambda c: expect(c.post("/persons/new/", form(rng.choice(persons))), 200),
        ),
        "intake: save": (check_first, save),
    }


class _Counter:
    """A database execute wrapper that counts the statements Django sends."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute: Any, sql: str, *rest: Any) -> Any:
        self.count += 1
        return execute(sql, *rest)


def _signed_in_client() -> Any:
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY

    from safepassage.accounts.models import TOTPDevice, User

    user = User.objects.filter(role="coordinator", is_active=True).order_by("username").first()
    if user is None:
        raise SystemExit("no coordinator in this instance: is it one kept by bench/load.py?")
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user).persistent_id
    session.save()
    return client


# (label, module, function): the parts of the person page timed apart by ``--split``.
PARTS = (
    ("her record and timeline", "safepassage.tracing.views", "selectors.person_page_for_user"),
    ("  of which: finding her", "safepassage.tracing.selectors", "_person_resolve"),
    ("  of which: the audit event", "safepassage.tracing.selectors", "audit_views"),
    ("her location reports", "safepassage.tracing.views", "location_reports_for_person"),
    ("her rescue requests", "safepassage.tracing.views", "requests_for_person"),
    ("the page rendered", "safepassage.tracing.views", "render"),
)


def _split(client: Any, send: Send, requests: int) -> None:
    """Time the parts of the person page apart (wrapping each function in place)."""
    import importlib

    spent = dict.fromkeys((label for label, _, _ in PARTS), 0.0)

    def timed(label: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[label] += time.perf_counter() - start

        return wrapper

    for label, module_name, name in PARTS:
        owner: Any = importlib.import_module(module_name)
        *path, attribute = name.split(".")
        for step in path:
            owner = getattr(owner, step)
        setattr(owner, attribute, timed(label, getattr(owner, attribute)))
    start = time.perf_counter()
    for _ in range(requests):
        send(client)
    whole = (time.perf_counter() - start) / requests * 1000
    print()
    print("| person page, part | ms per request |")
    print("|---|---|")
    for label, seconds in spent.items():
        print(f"| {label} | {seconds / requests * 1000:.2f} |")
    parts = sum(v for k, v in spent.items() if not k.startswith(" ")) / requests * 1000
    print(f"| the rest (middleware, forms, client) | {whole - parts:.2f} |")
    print(f"| whole request | {whole:.2f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data_dir", type=Path, help="an instance kept by bench/load.py --keep")
    parser.add_argument("--database-url", help="its PostgreSQL database, when it has one")
    parser.add_argument("--code", type=Path, help="import Safe Passage from this checkout")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--requests", type=int, default=150, help="per kind and round")
    parser.add_argument(
        "--split", action="store_true", help="then time the parts of the person page apart"
    )
    args = parser.parse_args()
    _prepare(args.data_dir, args.code, args.database_url)

    from django.db import connection

    import safepassage

    client = _signed_in_client()
    kinds = _requests(random.Random(11))
    for before, send in kinds.values():  # warm the caches: templates, translations, connections
        for _ in range(10):
            if before is not None:
                before(client)
            send(client)
    print(f"code: {Path(safepassage.__file__).resolve().parent.parent}; {connection.vendor}")
    print(f"{args.rounds} rounds of {args.requests} requests of each kind; median of the rounds")
    print()
    print("| request | ms per request | statements |")
    print("|---|---|---|")
    for name, (before, send) in kinds.items():
        if before is not None:
            before(client)
        statements = _Counter()
        with connection.execute_wrapper(statements):
            send(client)
        means = []
        for _ in range(args.rounds):
            spent = 0.0
            for _ in range(args.requests):
                if before is not None:
                    before(client)
                start = time.perf_counter()
                send(client)
                spent += time.perf_counter() - start
            means.append(spent / args.requests * 1000)
        print(f"| {name} | {statistics.median(means):.2f} | {statements.count} |")
    if args.split:
        _split(client, kinds["person page"][1], args.requests * args.rounds)


if __name__ == "__main__":
    main()
