"""Creating an instance: the data folder, the Django secret, the keyring, the schema."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

from safepassage.vault.keyring import KekSource, write_key_file
from safepassage.vault.services import keyring_create


def data_dir_prepare() -> Path:
    data_dir: Path = settings.DATA_DIR
    data_dir.mkdir(parents=True, exist_ok=True)
    os.chmod(data_dir, 0o700)
    (data_dir / "static").mkdir(exist_ok=True)
    secret_file = data_dir / "django-secret"
    if not secret_file.exists() and not os.environ.get("SAFEPASSAGE_SECRET_KEY"):
        fd = os.open(secret_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(50))
    return data_dir


def instance_create(*, source: KekSource, demo: bool = False) -> None:
    data_dir_prepare()
    keyring_create(source=source, demo=demo)
    call_command("migrate", interactive=False, verbosity=0)


def demo_key_source() -> KekSource:
    path: Path = settings.VAULT_DEMO_KEY_PATH
    if not path.exists():
        write_key_file(path)
    return KekSource.from_key_file(path)
