"""Find the key-encryption key for commands: options first, then the environment, then a prompt."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

from django.core.management.base import CommandError

from safepassage.vault.crypto import kek_source_from_settings
from safepassage.vault.exceptions import VaultError
from safepassage.vault.keyring import KekSource


def kek_source(
    *, key_file: str | None, passphrase_file: str | None, confirm: bool = False
) -> KekSource:
    try:
        if key_file:
            return KekSource.from_key_file(Path(key_file))
        if passphrase_file:
            text = Path(passphrase_file).read_text(encoding="utf-8").strip()
            return KekSource.from_passphrase(text)
        try:
            return kek_source_from_settings()
        except VaultError:
            if not sys.stdin.isatty():
                raise
        first = getpass.getpass("Passphrase: ")
        if confirm and getpass.getpass("Passphrase again: ") != first:
            raise CommandError("The two passphrases differ.")
        return KekSource.from_passphrase(first)
    except OSError as exc:
        raise CommandError(
            f"Cannot read the key or passphrase file ({exc.__class__.__name__})."
        ) from None
    except VaultError as exc:
        raise CommandError(str(exc)) from None
