"""safepassage backup FILE: one encrypted file holding the wrapped keys and every record."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from safepassage.vault.exceptions import VaultError
from safepassage.vault.services import backup_create


class Command(BaseCommand):
    help = "Write an encrypted backup. It opens only with this instance's passphrase or key file."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", help="Where to write the backup.")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if path.exists():
            raise CommandError(f"{path} exists; choose a new file name. Nothing was written.")
        if not path.parent.is_dir():
            raise CommandError(f"The folder {path.parent} does not exist. Nothing was written.")
        try:
            count = backup_create(path=path)
        except VaultError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(f"Backed up {count} records to {path}."))
