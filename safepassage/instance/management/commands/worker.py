"""safepassage worker: run the database-backed task queue (deadlines, alerts, re-matching)."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from safepassage.operations.scheduler import Scheduler, discover
from safepassage.vault.crypto import get_vault
from safepassage.vault.exceptions import VaultError


class Command(BaseCommand):
    help = (
        "Run the background worker: executes queued tasks from the database and enqueues "
        "periodic jobs (check-in deadlines) on their intervals."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--interval", type=float, default=1.0, help="Seconds between polls (default 1)."
        )
        parser.add_argument(
            "--max-tasks", type=int, default=None, help="Stop after this many tasks."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            get_vault()
        except VaultError as exc:
            raise CommandError(str(exc)) from None
        discover()
        scheduler = Scheduler()
        scheduler.start()
        worker_args = ["--interval", str(options["interval"]), "--no-startup-delay"]
        if options["max_tasks"] is not None:
            worker_args += ["--max-tasks", str(options["max_tasks"])]
        try:
            call_command("db_worker", *worker_args)
        finally:
            scheduler.stopped.set()
