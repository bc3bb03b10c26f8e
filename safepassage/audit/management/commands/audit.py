"""safepassage audit verify: check the whole hash chain; exit 1 when it is broken."""

from __future__ import annotations

import re
import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from safepassage.audit.services import audit_event_hash, audit_verify

_ANCHOR = re.compile(r"([1-9][0-9]*):([0-9a-f]{64})")


class Command(BaseCommand):
    help = (
        "Audit log tools. `audit verify` checks every event's hash and its link to the one before."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser(
            "verify", help="Verify the chain end to end; exit code 1 if broken."
        )
        verify.add_argument(
            "--anchor",
            action="append",
            default=[],
            metavar="SEQ:HASH",
            help="A head an earlier run printed, written down away from the database: check "
            "that the log still holds that event with that hash. Finds what the chain alone "
            "cannot: events removed at the end with the head moved back, or events rewritten "
            "with every hash after them recomputed. May be given more than once.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        anchors: list[tuple[int, str]] = []
        for text in options.get("anchor") or []:
            match = _ANCHOR.fullmatch(text.strip().lower())
            if match is None:
                raise CommandError(
                    f"--anchor takes SEQ:HASH as `audit verify` printed it ({text!r} is not)."
                )
            anchors.append((int(match.group(1)), match.group(2)))
        verdict = audit_verify()
        if not verdict.ok:
            self.stderr.write(
                f"BROKEN: the first bad event is #{verdict.broken_seq}: {verdict.reason}. "
                f"{verdict.checked} events before it verified."
            )
            sys.exit(1)
        for seq, digest in anchors:
            stored = audit_event_hash(seq=seq)
            if stored == digest:
                continue
            if stored is None:
                reason = (
                    f"the log ends at event #{verdict.checked}: events at the end were removed "
                    "and the head moved back"
                )
            else:
                reason = "the log was rewritten from this event or one before it"
            self.stderr.write(
                f"BROKEN: event #{seq} does not have the hash written down ({reason}). "
                f"The chain itself holds ({verdict.checked} events)."
            )
            sys.exit(1)
        held = " The events written down hold too." if anchors else ""
        head = ""
        if verdict.checked:
            head = (
                f" Head hash #{verdict.checked} {verdict.last_hash}: write it down away from "
                f"this machine; `audit verify --anchor {verdict.checked}:{verdict.last_hash}` "
                "checks later that the log still holds it."
            )
        self.stdout.write(
            self.style.SUCCESS(f"OK: {verdict.checked} events, chain intact.{held}{head}")
        )
