"""safepassage init: create the data folder, keys, database and the first coordinator."""

from __future__ import annotations

import os
import secrets
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from safepassage.accounts.models import Role
from safepassage.accounts.services import user_create, user_details_check
from safepassage.instance.keysource import kek_source
from safepassage.instance.setup import instance_create
from safepassage.vault.exceptions import VaultError
from safepassage.vault.keyring import KekSource, write_key_file


class Command(BaseCommand):
    help = (
        "Create a new instance: data folder, keys (passphrase or key file), database, and the "
        "first coordinator account. Every answer can be given as an option or environment "
        "variable, so it runs unattended."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--key-file",
            help="Use this key file (created if missing) to wrap the keys. Keep it on separate "
            "media. Default: $SAFEPASSAGE_KEY_FILE.",
        )
        parser.add_argument(
            "--passphrase-file",
            help="Read the passphrase from this file (or set SAFEPASSAGE_PASSPHRASE[_FILE]).",
        )
        parser.add_argument(
            "--coordinator",
            default=os.environ.get("SAFEPASSAGE_INIT_COORDINATOR", "coordinator"),
            help="Codename of the first coordinator (default: coordinator).",
        )
        parser.add_argument(
            "--password-file",
            help="Read the coordinator's password from this file (or set "
            "SAFEPASSAGE_INIT_PASSWORD); otherwise one is generated and printed once.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.VAULT_KEYRING_PATH.exists():
            raise CommandError(
                f"{settings.DATA_DIR} already holds an instance (keyring.json). "
                "Nothing was changed."
            )
        password = self._password(options["password_file"])
        generated = password is None
        password = password or secrets.token_urlsafe(15)
        try:
            # Before anything is made: a refused answer leaves no half-made instance behind.
            user_details_check(
                username=options["coordinator"], role=Role.COORDINATOR, password=password
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages) + " Nothing was changed.") from None
        key_file = options["key_file"] or settings.VAULT_KEY_FILE
        if key_file and not options["passphrase_file"]:
            path = Path(key_file)
            if not path.exists():
                write_key_file(path)
                self.stdout.write(f"Wrote a new key file: {path}. Keep it off this disk.")
            source: KekSource = kek_source(key_file=str(path), passphrase_file=None)
        else:
            source = kek_source(
                key_file=None, passphrase_file=options["passphrase_file"], confirm=True
            )
        try:
            instance_create(source=source)
            user, device = user_create(
                actor=None,
                username=options["coordinator"],
                role=Role.COORDINATOR,
                password=password,
            )
        except (VaultError, ValidationError) as exc:
            raise CommandError("; ".join(getattr(exc, "messages", [str(exc)]))) from None
        from base64 import b32encode

        self.stdout.write(self.style.SUCCESS(f"Instance created in {settings.DATA_DIR}."))
        self.stdout.write(f"Coordinator: {user.username}")
        if generated:
            self.stdout.write(f"Password (shown once): {password}")
        self.stdout.write(
            f"Authenticator secret (shown once): {b32encode(device.bin_key).decode()}"
        )
        self.stdout.write(f"Authenticator URI: {device.config_url}")

    def _password(self, path: str | None) -> str | None:
        if path:
            try:
                return Path(path).read_text(encoding="utf-8").strip()
            except OSError as exc:
                raise CommandError(f"Cannot read {path} ({exc.__class__.__name__}).") from None
        return os.environ.get("SAFEPASSAGE_INIT_PASSWORD") or None
