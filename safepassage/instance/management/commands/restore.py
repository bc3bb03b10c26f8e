"""safepassage restore FILE: bring a backup back into an empty instance, all or nothing."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from safepassage.instance.keysource import kek_source
from safepassage.instance.setup import instance_restore
from safepassage.vault.exceptions import VaultError
from safepassage.vault.services import backup_open


class Command(BaseCommand):
    help = (
        "Restore a backup into an empty instance (a new data folder or database). The backup's "
        "passphrase or key file is needed; a wrong one changes nothing."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", help="The backup file.")
        parser.add_argument("--key-file", help="The key file the backup was made with.")
        parser.add_argument("--passphrase-file", help="A file holding the backup's passphrase.")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No backup file at {path}.")
        source = kek_source(
            key_file=options["key_file"], passphrase_file=options["passphrase_file"]
        )
        try:
            # Read, decrypted and checked before the target is touched; then restored all or
            # nothing: refused at any step, the target is as it was.
            backup = backup_open(path=path, source=source)
            count = instance_restore(backup=backup)
        except VaultError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(f"Restored {count} records from {path}."))
