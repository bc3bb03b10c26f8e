"""safepassage audit verify: check the whole hash chain; exit 1 when it is broken."""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from safepassage.audit.services import audit_verify


class Command(BaseCommand):
    help = (
        "Audit log tools. `audit verify` checks every event's hash and its link to the one before."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="Verify the chain end to end; exit code 1 if broken.")

    def handle(self, *args: Any, **options: Any) -> None:
        verdict = audit_verify()
        if verdict.ok:
            self.stdout.write(
                self.style.SUCCESS(
                    f"OK: {verdict.checked} events, chain intact. Head hash {verdict.last_hash}"
                )
            )
            return
        self.stderr.write(
            f"BROKEN: the first bad event is #{verdict.broken_seq}: {verdict.reason}. "
            f"{verdict.checked} events before it verified."
        )
        sys.exit(1)
