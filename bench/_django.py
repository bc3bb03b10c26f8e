"""Shared set-up for the benchmarks that need Django: a throw-away instance.

``instance_env`` makes a temporary data folder with a key file and returns the environment a
``safepassage`` process needs to open it; ``setup`` configures Django in this process against
that environment and creates the keyring. Nothing here touches a real data folder.
"""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def instance_env(prefix: str, database_url: str | None = None) -> tuple[Path, dict[str, str]]:
    """A new temporary data folder and the environment variables that point at it."""
    data_dir = Path(tempfile.mkdtemp(prefix=prefix))
    return data_dir, {**instance_env_for(data_dir), **database_env(database_url)}


def instance_env_for(data_dir: Path) -> dict[str, str]:
    """The environment of the bench instance in ``data_dir`` (new or kept)."""
    return {
        "SAFEPASSAGE_ENV": "development",
        "SAFEPASSAGE_DATA_DIR": str(data_dir),
        "SAFEPASSAGE_KEY_FILE": str(data_dir / "bench.key"),
        "SAFEPASSAGE_SECRET_KEY": "bench-secret-" + "b" * 50,
        "DJANGO_SETTINGS_MODULE": "safepassage.settings",
    }


def database_env(database_url: str | None) -> dict[str, str]:
    return {"DATABASE_URL": database_url} if database_url else {}


def open_existing(env: dict[str, str]) -> None:
    """Configure Django for a kept bench instance and unlock its keyring (nothing written)."""
    os.environ.update(env)
    if "DATABASE_URL" not in env:
        os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.conf import settings

    from safepassage.vault import crypto
    from safepassage.vault.keyring import KekSource, Keyring, read_document

    source = KekSource.from_key_file(Path(env["SAFEPASSAGE_KEY_FILE"]))
    crypto.install(Keyring.unwrap(read_document(settings.VAULT_KEYRING_PATH), source))


def setup(env: dict[str, str], *, migrate: bool) -> None:
    """Configure Django in this process for ``env``; write the key file and the keyring."""
    os.environ.update(env)
    if "DATABASE_URL" not in env:
        os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()

    from safepassage.vault.keyring import KekSource, write_key_file
    from safepassage.vault.services import keyring_create

    key_file = Path(env["SAFEPASSAGE_KEY_FILE"])
    write_key_file(key_file)
    keyring_create(source=KekSource.from_key_file(key_file))
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)


def cleanup(data_dir: Path) -> None:
    shutil.rmtree(data_dir, ignore_errors=True)


def machine() -> str:
    """One line naming the machine and the database in use (after ``setup``)."""
    from django.db import connection

    cores = subprocess.run(["nproc"], capture_output=True, text=True, check=False).stdout.strip()
    if connection.vendor == "postgresql":
        version = connection.pg_version  # type: ignore[attr-defined]
        database = f"PostgreSQL {version // 10000}.{version % 10000}"
    else:
        import sqlite3

        database = f"SQLite {sqlite3.sqlite_version}"
    return (
        f"{cores or os.cpu_count()} cores (nproc), Python {platform.python_version()}, "
        f"{database}, {platform.machine()}"
    )


def person_from_row(row: dict[str, str], reference_year: int, **extra: Any) -> Any:
    """An unsaved ``tracing.Person`` holding a generated row's names, as intake would store them."""
    from safepassage.matching import record_from_row
    from safepassage.tracing.models import Person

    record = record_from_row(row, reference_year)
    return Person(
        given_names=list(record.given_names),
        father_names=list(record.father_names),
        grandfather_names=list(record.grandfather_names),
        family_names=list(record.family_names),
        mother_names=list(record.mother_names),
        sex=record.sex or "",
        birth_year=record.birth_year,
        birth_year_uncertainty=record.birth_year_uncertainty,
        home_place=" / ".join(record.home_places),
        **extra,
    )
