"""safepassage vault rotate: a new data key, every value re-encrypted, the keyring re-wrapped."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from safepassage.vault.exceptions import VaultError
from safepassage.vault.keyring import KekSource, write_key_file
from safepassage.vault.services import keyring_rotate


class Command(BaseCommand):
    help = (
        "Manage the vault's keys. `vault rotate` makes a new data key and re-encrypts everything."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        rotate = sub.add_parser("rotate", help="New data key; re-encrypt every value; re-wrap.")
        rotate.add_argument(
            "--new-key-file", help="Wrap under this key file from now on (created if missing)."
        )
        rotate.add_argument("--new-passphrase-file", help="Wrap under this passphrase from now on.")

    def handle(self, *args: Any, **options: Any) -> None:
        new_source: KekSource | None = None
        try:
            if options.get("new_key_file"):
                path = Path(options["new_key_file"])
                if not path.exists():
                    write_key_file(path)
                new_source = KekSource.from_key_file(path)
            elif options.get("new_passphrase_file"):
                text = Path(options["new_passphrase_file"]).read_text(encoding="utf-8").strip()
                new_source = KekSource.from_passphrase(text)
            result = keyring_rotate(new_source=new_source)
        except (VaultError, OSError) as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Rotated to data key {result.new_key_id}: {result.values} values and "
                f"{result.files} files re-encrypted; old data keys forgotten."
            )
        )
        if new_source is not None:
            self.stdout.write("From now on unlock with the new key file or passphrase.")
