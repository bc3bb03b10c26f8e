"""``safepassage importplaces FILE.csv [--dry-run]`` (also ``safepassage import places``).

Checks every row first; a single bad row writes nothing. Exits 1 with one line per error.
"""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from safepassage.intel.services import places_import_csv

MAX_BYTES = 50 * 1024 * 1024


class Command(BaseCommand):
    help = (
        "Import gazetteer places from a UTF-8 CSV with columns kind, names (spellings "
        "separated by |), latitude, longitude, control, control_as_of, notes[, secret]."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Check every row and write nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            if path.stat().st_size > MAX_BYTES:
                raise CommandError(f"{path.name}: larger than 50 MB; split the file.")
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise CommandError(f"{path}: no such file.") from None
        except UnicodeDecodeError:
            raise CommandError(f"{path.name}: not UTF-8 text.") from None
        except OSError as exc:
            raise CommandError(f"{path.name}: cannot read ({exc.__class__.__name__}).") from None
        result = places_import_csv(actor=None, text=text, dry_run=options["dry_run"])
        for error in result.errors:
            self.stderr.write(error)
        if not result.ok:
            raise CommandError(f"{len(result.errors)} error(s); nothing was imported.")
        if result.dry_run:
            self.stdout.write(f"{result.rows} row(s) checked; nothing written (dry run).")
        else:
            self.stdout.write(f"{result.created} place(s) imported.")
