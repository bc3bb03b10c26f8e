"""safepassage createuser USERNAME --role ROLE: an account with its authenticator secret."""

from __future__ import annotations

import os
import secrets
from argparse import ArgumentParser
from base64 import b32encode
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from safepassage.accounts.models import Role
from safepassage.accounts.services import user_create


class Command(BaseCommand):
    help = (
        "Create an account. The password comes from --password-file or SAFEPASSAGE_NEW_PASSWORD, "
        "or is generated; the password (if generated) and the TOTP secret are printed once."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("username", help="The codename the member signs in with.")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--password-file", help="A file holding the first password.")

    def handle(self, *args: Any, **options: Any) -> None:
        password = os.environ.get("SAFEPASSAGE_NEW_PASSWORD", "")
        if options["password_file"]:
            try:
                password = Path(options["password_file"]).read_text(encoding="utf-8").strip()
            except OSError as exc:
                raise CommandError(
                    f"Cannot read the password file ({exc.__class__.__name__})."
                ) from None
        generated = not password
        password = password or secrets.token_urlsafe(15)
        try:
            user, device = user_create(
                actor=None, username=options["username"], role=options["role"], password=password
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stdout.write(self.style.SUCCESS(f"Created {user.username} ({user.role})."))
        if generated:
            self.stdout.write(f"Password (shown once): {password}")
        self.stdout.write(
            f"Authenticator secret (shown once): {b32encode(device.bin_key).decode()}"
        )
