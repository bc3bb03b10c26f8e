"""safepassage demo: initialise an empty data folder with a demo key and load demo data."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from safepassage.instance.demo import demo_code, demo_load, demo_loaded
from safepassage.instance.setup import demo_key_source, instance_create
from safepassage.vault.crypto import get_vault
from safepassage.vault.exceptions import VaultError


class Command(BaseCommand):
    help = (
        "Load the demo network. On an empty data folder this first creates an instance with "
        "a clearly labelled demo key (DEMO-KEY-NOT-SECURE.key) beside the data: never use it "
        "for real cases. Prints each demo account's password and authenticator secret once."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--code",
            metavar="USERNAME",
            help="Print the current six-digit code of a demo account (demo instances only).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("Demo data is never loaded in production.")
        try:
            if not settings.VAULT_KEYRING_PATH.exists():
                instance_create(source=demo_key_source(), demo=True)
                self.stdout.write(
                    self.style.WARNING(
                        f"Created a DEMO instance in {settings.DATA_DIR}: its key lies beside the "
                        "data and protects nothing. Use `safepassage init` for real work."
                    )
                )
            else:
                call_command("migrate", interactive=False, verbosity=0)
            vault = get_vault()
        except VaultError as exc:
            raise CommandError(str(exc)) from None
        if options["code"]:
            if not vault.keyring.demo:
                raise CommandError("--code works only on a demo instance.")
            try:
                self.stdout.write(demo_code(options["code"]))
            except Exception:
                raise CommandError(f"No demo account {options['code']!r}.") from None
            return
        if demo_loaded():
            self.stdout.write("Demo data is already loaded.")
            return
        accounts = demo_load()
        self.stdout.write(self.style.SUCCESS("Demo network loaded. Accounts (shown only now):"))
        self.stdout.write(f"{'codename':<10} {'role':<14} {'password':<26} authenticator secret")
        for account in accounts:
            self.stdout.write(
                f"{account.username:<10} {account.role:<14} {account.password:<26} "
                f"{account.totp_secret}"
            )
        self.stdout.write(
            "Add a secret to an authenticator app, or print the current code with "
            "`safepassage demo --code CODENAME`."
        )
