"""safepassage rekey: rebuild the stored match and search keys of persons, places, holders."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from safepassage.intel.services import name_keys_rebuild
from safepassage.tracing.services import keys_rebuild


class Command(BaseCommand):
    help = (
        "Rebuild the stored match and search keys of every person, place and holder from "
        "their names as this version "
        "reads them. Run it once after an upgrade that changes how names are read; running it "
        "again changes nothing."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--batch", type=int, default=500, help="Persons a transaction (default 500)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["batch"] < 1:
            raise CommandError("--batch must be at least 1.")
        read, changed = keys_rebuild(batch=options["batch"])
        self.stdout.write(
            self.style.SUCCESS(f"Read {read} persons; the keys of {changed} changed.")
        )
        read, changed = name_keys_rebuild()
        self.stdout.write(
            self.style.SUCCESS(f"Read {read} places and holders; the keys of {changed} changed.")
        )
