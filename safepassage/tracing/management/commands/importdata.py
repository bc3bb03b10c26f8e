"""safepassage import persons FILE.csv | safepassage import pfif FILE.xml (``import`` is an alias).

All rows or none: a bad row means nothing is written, every bad row is listed, exit 1.
"""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from safepassage.accounts.models import User
from safepassage.accounts.permissions import ActionRefused
from safepassage.tracing.importing import ImportResult, persons_import_csv
from safepassage.tracing.pfif import import_pfif

MAX_BYTES = 50 * 1024 * 1024  # read whole into memory: refuse anything bigger unread


class Command(BaseCommand):
    help = "Import persons from a person CSV or a PFIF 1.4 file (all records or none)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("kind", choices=["persons", "pfif"], help="persons (CSV) or pfif")
        parser.add_argument("file", help="The file to import.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check everything, write nothing."
        )
        parser.add_argument(
            "--as", dest="as_user", default="", help="Import as this user (codename)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        actor = None
        if options["as_user"]:
            actor = User.objects.filter(username=options["as_user"], is_decoy=False).first()
            if actor is None:
                raise CommandError(f"no user {options['as_user']!r}")
        path = Path(options["file"])
        try:
            if path.stat().st_size > MAX_BYTES:
                raise CommandError(f"{path.name}: larger than 50 MB; split the file.")
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {options['file']}: {exc.strerror}") from None
        try:
            if options["kind"] == "persons":
                result = persons_import_csv(actor=actor, data=data, dry_run=options["dry_run"])
            else:
                result = import_pfif(actor=actor, data=data, dry_run=options["dry_run"])
        except ActionRefused:
            raise CommandError(f"{options['as_user']} may not import persons") from None
        self._report(result)

    def _report(self, result: ImportResult) -> None:
        if result.errors:
            for error in result.errors:
                self.stderr.write(f"error: {error}")
            raise CommandError(
                f"nothing imported: {len(result.errors)} problem(s); fix them and run again"
            )
        verb = "would import" if result.dry_run else "imported"
        line = f"{verb} {result.created} person(s)"
        skipped = []
        if result.skipped:
            skipped.append(f"{result.skipped} already imported")
        if result.notes_skipped:
            skipped.append(f"{result.notes_skipped} note(s) about persons imported before")
        if skipped:
            line += ", skipped " + " and ".join(skipped)
        self.stdout.write(line + ("; dry run: nothing written" if result.dry_run else ""))
