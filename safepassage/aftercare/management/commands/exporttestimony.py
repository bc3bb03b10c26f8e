"""safepassage export testimony DIR: consented testimony for investigators, with checksums."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from safepassage.aftercare.services import (
    FILES,
    bundle_to_directory,
    testimony_export_build,
)


class Command(BaseCommand):
    help = (
        "Write testimony.json, testimony.csv and manifest.json (SHA-256 of each) into DIR: only "
        "testimony whose person agreed to sharing with investigators and has not withdrawn it."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("directory", help="An existing folder without earlier export files.")

    def handle(self, *args: Any, **options: Any) -> None:
        directory = Path(options["directory"])
        if not directory.is_dir():
            raise CommandError(f"The folder {directory} does not exist. Nothing was written.")
        taken = [n for n in (*FILES, "manifest.json") if (directory / n).exists()]
        if taken:
            raise CommandError(
                f"{', '.join(taken)} already in {directory}; choose an empty folder. "
                "Nothing was written."
            )
        try:
            bundle = testimony_export_build(
                actor=None, deliver=lambda built: bundle_to_directory(built, directory)
            )
        except OSError as exc:
            raise CommandError(
                f"Cannot write into {directory} ({exc.strerror or exc.__class__.__name__}). "
                "Nothing was written."
            ) from None
        self.stdout.write(
            self.style.SUCCESS(f"Exported {bundle.count} testimonies to {directory}.")
        )
