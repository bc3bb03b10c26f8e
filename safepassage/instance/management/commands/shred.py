"""safepassage shred: destroy the keys so that no encrypted value can ever be read again."""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from safepassage.vault.services import keyring_shred

CONFIRM_WORD = "SHRED"


class Command(BaseCommand):
    help = (
        "Crypto-shred: overwrite and delete the keyring (and a demo key). Every name, number, "
        "place and testimony in the database becomes unreadable, for good. A backup holds its "
        "own copy of the wrapped keys: it still opens with the key file or passphrase, so "
        "destroy the backups, or the key file, too. "
        f"Asks you to type {CONFIRM_WORD}; give --confirm {CONFIRM_WORD} to run unattended."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--confirm", default="", help=f"Type {CONFIRM_WORD} to confirm.")

    def handle(self, *args: Any, **options: Any) -> None:
        answer = options["confirm"]
        if not answer and sys.stdin.isatty():
            answer = input(f"This destroys the keys of {settings.DATA_DIR}. Type {CONFIRM_WORD}: ")
        if answer.strip() != CONFIRM_WORD:
            raise CommandError(f"Not confirmed (expected {CONFIRM_WORD}). Nothing was destroyed.")
        destroyed = keyring_shred()
        if not destroyed:
            raise CommandError("No keys were found to destroy.")
        for path in destroyed:
            self.stdout.write(f"Destroyed {path}")
        if settings.VAULT_KEY_FILE:
            self.stdout.write(
                f"Also destroy the key file {settings.VAULT_KEY_FILE} if it still exists."
            )
        self.stdout.write(
            "Backups still open with the key file or passphrase: destroy them, or the key file, "
            "too if they must be gone."
        )
        self.stdout.write(self.style.SUCCESS("The keys are gone. Encrypted data is unreadable."))
