"""Creating an instance: the data folder, the Django secret, the keyring, the schema."""

from __future__ import annotations

import errno
import os
import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from safepassage.vault.exceptions import BackupError
from safepassage.vault.keyring import KekSource, write_key_file
from safepassage.vault.services import (
    OpenedBackup,
    backup_restore,
    instance_is_empty,
    keyring_create,
)


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


def instance_restore(*, backup: OpenedBackup) -> int:
    """Make an instance from an opened backup, in a new or empty target, all or nothing.

    Refused or failed at any step (records that do not fit, a full disk, an interruption),
    the target is as it was: a data folder or database that did not exist does not exist,
    one that existed holds, byte for byte, what it held (its schema is not migrated either).
    """
    try:
        if not _target_is_empty():
            raise BackupError(
                "This instance already holds records; restore only into an empty instance "
                "(a new data folder or database). Nothing was changed."
            )
        with _folder_kept(settings.DATA_DIR), _database_kept():
            data_dir_prepare()
            call_command("migrate", interactive=False, verbosity=0)
            return backup_restore(backup=backup)
    except (OSError, DatabaseError) as exc:  # a full disk; a server that cannot be reached
        # Its first line only: what a database server adds below may quote a record's values.
        lines = (getattr(exc, "strerror", None) or str(exc)).strip().splitlines()
        reason = lines[0] if lines else exc.__class__.__name__
        raise BackupError(
            f"Cannot restore {backup.path} ({reason}). Nothing was changed."
        ) from None


def _sqlite_file() -> Path | None:
    if connection.vendor != "sqlite":
        return None
    return Path(connection.settings_dict["NAME"])


def _target_is_empty() -> bool:
    """Whether the target database holds no records; asked without creating or migrating it."""
    database = _sqlite_file()
    if database is not None and not database.exists():
        return True  # opening it would create it
    try:
        return instance_is_empty()
    finally:
        connection.close()  # SQLite folds and removes the WAL of a database it only read


@contextmanager
def _folder_kept(folder: Path) -> Iterator[None]:
    """Put the folder back as it was if the block fails: remove what it made, and write back
    what it overwrote (the keyring, stored files; the database is kept by ``_database_kept``)."""
    top = folder  # the highest of the folders the block would make
    while not top.parent.exists():
        top = top.parent
    existed = folder.exists()
    before = set(folder.rglob("*")) if existed else set()
    database = _sqlite_file()
    kept = {
        path: path.read_bytes()
        for path in before
        if path.is_file()
        and not path.is_symlink()
        and path != database
        and not path.is_relative_to(folder / "static")
    }
    try:
        yield
    except BaseException:
        connection.close()
        if not existed:
            shutil.rmtree(top, ignore_errors=True)
            raise
        made = set(folder.rglob("*")) - before
        for path in sorted(made, key=lambda p: len(p.parts), reverse=True):
            with suppress(OSError):
                path.rmdir() if path.is_dir() and not path.is_symlink() else path.unlink()
        for path, data in kept.items():
            with suppress(OSError):
                if not path.exists() or path.read_bytes() != data:
                    path.write_bytes(data)
        raise


@contextmanager
def _database_kept() -> Iterator[None]:
    """Migrate and fill the database in the block only if all of it succeeds.

    SQLite: a new database file beside the target's, put in its place at the end (``migrate``
    cannot run inside one transaction there). PostgreSQL: one transaction, schema included.
    """
    database = _sqlite_file()
    if database is None:
        with transaction.atomic():
            yield
        return
    staged = database.with_name(database.name + ".restoring")
    for path in _sqlite_files(staged):
        path.unlink(missing_ok=True)  # left by a restore cut short
    connection.close()
    connection.settings_dict["NAME"] = str(staged)
    try:
        yield
        _fold_wal(staged)
        os.replace(staged, database)
    finally:
        connection.close()
        connection.settings_dict["NAME"] = str(database)
        for path in _sqlite_files(staged):
            path.unlink(missing_ok=True)


def _fold_wal(database: Path) -> None:
    """Close the database with every committed page in its file: only the file is moved."""
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        busy = cursor.fetchone()[0]
    connection.close()
    wal = database.with_name(database.name + "-wal")
    if busy or (wal.exists() and wal.stat().st_size):
        raise OSError(errno.EBUSY, "the restored database could not be closed whole")


def _sqlite_files(database: Path) -> list[Path]:
    return [
        database.with_name(database.name + suffix) for suffix in ("", "-wal", "-shm", "-journal")
    ]
