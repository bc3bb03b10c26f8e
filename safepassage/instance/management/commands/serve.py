"""safepassage serve: the production WSGI server (gunicorn), keys unlocked before forking."""

from __future__ import annotations

import gc
import os
from argparse import ArgumentParser, ArgumentTypeError
from collections.abc import Callable
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from gunicorn.app.base import BaseApplication

from safepassage.instance.keysource import kek_source
from safepassage.vault.crypto import get_vault, unlock
from safepassage.vault.exceptions import VaultError


class _Server(BaseApplication):  # type: ignore[misc]
    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from safepassage.wsgi import application

        return application


def _at_least_one(option: str) -> Callable[[str], int]:
    """An option's parser: a whole number of 1 or more (0 workers or threads serve nothing)."""

    def parse(text: str) -> int:
        try:
            number = int(text)
        except ValueError:
            number = 0
        if number < 1:
            raise ArgumentTypeError(f"{option} must be a whole number, 1 or more (not {text!r}).")
        return number

    return parse


def default_workers() -> int:
    """One worker a processor core and one more, at most 8 (about 100 MB each).

    A page is Python work (templates, decryption), not waiting: workers beyond the cores
    only take turns on them, so each request takes longer, and on SQLite more of them queue
    for its one writer. The one more works while another waits on the disk or a lock. Under
    the load benchmark on two cores (docs/benchmarks.md), 3 workers against gunicorn's
    advice of 5 (two a core and one more): the slowest twentieth of match checks at 65-77 ms
    against 93-116, with more pages a second.
    """
    return min((os.cpu_count() or 1) + 1, 8)


class Command(BaseCommand):
    help = "Serve the web app and API with gunicorn (a production server, not runserver)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--bind", default="127.0.0.1:8000", help="Address:port (default 127.0.0.1:8000)."
        )
        # One thread a worker: a worker's threads share one interpreter lock. Under the load
        # benchmark (docs/benchmarks.md) 5 x 1 on two cores kept the slowest twentieth of
        # report saves at 136 ms, against 203 ms for the former 2 x 4 (and 3 x 1 at 52-63 ms).
        parser.add_argument(
            "--workers",
            type=_at_least_one("--workers"),
            default=None,
            help="Worker processes (default: one a processor core and one more, at most 8).",
        )
        parser.add_argument(
            "--threads",
            type=_at_least_one("--threads"),
            default=1,
            help="Threads per worker (default 1).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            get_vault()
        except VaultError:
            # No key in the environment: ask for the passphrase once, before forking.
            try:
                unlock(kek_source(key_file=None, passphrase_file=None))
            except VaultError as exc:
                raise CommandError(str(exc)) from None
        self.stdout.write(f"Serving on http://{options['bind']}/")
        _Server(
            server_options(
                bind=options["bind"],
                workers=options["workers"] or default_workers(),
                threads=options["threads"],
            )
        ).run()


def _freeze_before_fork(server: Any, worker: Any) -> None:
    """gunicorn's ``pre_fork``: what the app loaded before forking lives as long as the server,
    so the workers' collector need not scan it (Python's advice for forking servers).

    Every full collection in a worker walked the 160,000 objects of Django, the app and its
    templates: a pause of tens of milliseconds now and then, and memory pages copied that the
    workers could have shared.
    """
    gc.freeze()


def server_options(*, bind: str, workers: int, threads: int) -> dict[str, Any]:
    """gunicorn's settings for ``safepassage serve``."""
    return {
        "bind": bind,
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread",
        # A worker takes a connection only when a thread of its own is free for it, and
        # closes it after the answer: the next request goes to whichever worker is free.
        # gunicorn's default let a busy worker take connections and keep them alive, so a
        # client could wait behind another's request while a worker sat idle (load
        # benchmark, 8 clients on 5 workers: person page p95 115 ms against 62 ms).
        "worker_connections": threads,
        "keepalive": 0,
        "preload_app": True,
        "pre_fork": _freeze_before_fork,
        "accesslog": "-",
        # Log method, path and status only: query strings can carry names.
        "access_log_format": '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms',
        # The error log leaves out what a client sent too (a request it refused, a query).
        "logger_class": "safepassage.instance.serverlog.ServerLog",
        "timeout": 60,
        # No runtime control socket: nothing uses it, and its default path in the home
        # folder is shared by every gunicorn of the same user (instances steal and delete
        # each other's socket).
        "control_socket_disable": True,
    }
