"""Vault services: create the keyring, rotate keys, crypto-shred, and encrypted backups."""

from __future__ import annotations

import base64
import contextlib
import datetime
import gzip
import io
import json
import os
import secrets
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.core.management.color import no_style
from django.db import DatabaseError, connection, transaction
from django.db.models import Model

from safepassage.audit.services import audit_record
from safepassage.vault import crypto
from safepassage.vault.exceptions import BackupError, KeyringExists, VaultError, WrongKey
from safepassage.vault.fields import EncryptedField
from safepassage.vault.keyring import (
    KekSource,
    Keyring,
    read_document,
    shred_file,
    write_document,
)
from safepassage.vault.sealed import (
    RECORD_COLUMN,
    SealedModel,
    SealedRecordField,
    is_touched,
    reseal,
)
from safepassage.vault.signals import data_key_rotating
from safepassage.vault.storage import EncryptedFileSystemStorage


def _wrap(keyring: Keyring, source: KekSource) -> dict[str, Any]:
    return keyring.wrap(
        source,
        memory_kib=settings.VAULT_ARGON2_MEMORY_KIB,
        time_cost=settings.VAULT_ARGON2_TIME_COST,
    )


def keyring_create(*, source: KekSource, demo: bool = False) -> Keyring:
    """Create this instance's keys, wrapped under ``source``; refuse to overwrite keys."""
    path: Path = settings.VAULT_KEYRING_PATH
    if path.exists():
        raise KeyringExists(f"A keyring already exists at {path}; refusing to replace it.")
    keyring = Keyring.generate(demo=demo)
    write_document(path, _wrap(keyring, source))
    crypto.install(keyring)
    return keyring


# --- rotation -------------------------------------------------------------------------------


def encrypted_models() -> Iterator[tuple[type[Model], list[str]]]:
    """Every model with encrypted columns (sealed records, encrypted fields): their names."""
    for model in apps.get_models():
        names = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, EncryptedField | SealedRecordField)
        ]
        if names:
            yield model, names


@dataclass(frozen=True)
class RotationResult:
    new_key_id: str
    values: int
    files: int


def keyring_rotate(*, new_source: KekSource | None = None, actor: Any = None) -> RotationResult:
    """Make a new data key, re-encrypt every value and file under it, and re-wrap the keyring.

    The keyring holding both keys is written before the database changes, under the key
    that opens it now, so a crash in between loses nothing and the instance still opens as
    configured (running it again finishes the rotation); old keys are forgotten, and the
    new key file or passphrase takes over, only after the re-encryption committed.
    Refused (``KeysInUse``) while another process holds the keys: serve, worker or a command
    would go on encrypting under the old key after it is forgotten.
    """
    current = crypto.kek_source_from_settings()
    vault = crypto.get_vault()
    with crypto.keys_held_alone():
        return _rotate(vault=vault, current=current, source=new_source or current, actor=actor)


def _rotate(
    *, vault: crypto.Vault, current: KekSource, source: KekSource, actor: Any
) -> RotationResult:
    keyring = Keyring(
        instance_id=vault.keyring.instance_id,
        data_keys=dict(vault.keyring.data_keys),
        current_key_id=vault.keyring.current_key_id,
        index_key=vault.keyring.index_key,
        demo=vault.keyring.demo,
    )
    new_id = keyring.add_data_key()
    path: Path = settings.VAULT_KEYRING_PATH
    write_document(path, _wrap(keyring, current))
    crypto.install(keyring)
    values = 0
    with transaction.atomic():
        for model, names in encrypted_models():
            batch: list[Model] = []
            for obj in model._base_manager.only("pk", *names).iterator(chunk_size=500):
                if RECORD_COLUMN in names:
                    reseal(obj)  # bulk_update writes the attribute as it is: seal it afresh
                batch.append(obj)
                values += len(names)
                if len(batch) == 500:
                    model._base_manager.bulk_update(batch, names)
                    batch = []
            if batch:
                model._base_manager.bulk_update(batch, names)
        data_key_rotating.send(sender=Keyring)
        audit_record(actor=actor, action="vault.rotate", detail={"key_id": new_id})
    storage = _file_storage()
    names = storage.iter_names()
    for name in names:
        storage.reencrypt(name)
    keyring.retire_other_keys()
    write_document(path, _wrap(keyring, source))
    crypto.install(keyring)
    return RotationResult(new_key_id=new_id, values=values, files=len(names))


def keyring_shred(*, actor: Any = None) -> list[Path]:
    """Destroy the keys in the data folder; every encrypted value becomes unreadable.

    The audit event goes first (the keys open the log no more once gone), and only when
    there are keys to destroy: a shred that finds none did nothing, and says so by its
    empty list, not by an event.
    """
    keyring: Path = settings.VAULT_KEYRING_PATH
    # keyring.tmp: a whole wrapped copy, when a keyring write was cut short before its rename
    paths = (keyring, keyring.with_suffix(".tmp"), settings.VAULT_DEMO_KEY_PATH)
    if not any(path.exists() for path in paths):
        crypto.install(None)
        return []
    audit_record(actor=actor, action="vault.shred")
    destroyed = [path for path in paths if shred_file(path)]
    crypto.install(None)
    return destroyed


# --- backups --------------------------------------------------------------------------------

BACKUP_MAGIC = b"SAFEPASSAGE-BACKUP-1\n"
_SKIP_APPS = {"sessions", "contenttypes", "auth", "django_tasks_database", "admin"}


def _backup_models() -> list[type[Model]]:
    app_list = [
        (config, None) for config in apps.get_app_configs() if config.label not in _SKIP_APPS
    ]
    return [
        m
        for m in serializers.sort_dependencies(app_list, allow_cycles=True)
        if m._meta.managed and not m._meta.proxy
    ]


def _backup_key(keyring: Keyring) -> bytes:
    return crypto.Vault(keyring).derive_key("backup")


@contextmanager
def _snapshot() -> Iterator[None]:
    """One read-only view of the whole database for the block, without stopping writers.

    Read table by table outside a transaction, a backup of a running instance would hold a
    record without the rows written after its table was read (an audit head ahead of its
    events: a restored chain that reads as tampered; a report without its person).
    """
    if connection.in_atomic_block:  # the caller's transaction is the view
        yield
        return
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        # A deferred transaction only reads: under WAL it keeps the snapshot of its first
        # read while the server goes on writing (IMMEDIATE would hold their lock throughout).
        mode = connection.transaction_mode  # type: ignore[attr-defined]
        connection.transaction_mode = None  # type: ignore[attr-defined]
        try:
            with transaction.atomic():
                yield
        finally:
            connection.transaction_mode = mode  # type: ignore[attr-defined]
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def backup_create(*, path: Path, actor: Any = None) -> int:
    """Write one encrypted file holding the wrapped keyring and every record. Return the count."""
    vault = crypto.get_vault()
    document = read_document(settings.VAULT_KEYRING_PATH)
    buffer = io.BytesIO()
    count = 0
    with _snapshot(), gzip.GzipFile(fileobj=buffer, mode="wb") as zipped:
        migrations = _migrations_applied()
        for model in _backup_models():
            queryset = model._base_manager.order_by("pk")
            for obj in queryset.iterator(chunk_size=1000):
                text = serializers.serialize(
                    "json", [obj], use_natural_foreign_keys=True, use_natural_primary_keys=False
                )
                zipped.write(text.encode("utf-8") + b"\n")
                count += 1
        # The queue's pending tasks (ids of work enqueued but not yet done, such as a rematch
        # after an intake): the restored instance's worker runs them. One running as this
        # moment was read may not have finished in it: it goes back as pending, to run again.
        for task in _pending_tasks():
            zipped.write(_task_line(task) + b"\n")
            count += 1
        # Stored files are copied as their ciphertext: the restored keyring opens them.
        storage = _file_storage()
        for name in storage.iter_names():
            with open(storage.path(name), "rb") as handle:
                blob = base64.b64encode(handle.read()).decode("ascii")
            zipped.write(json.dumps({"file": name, "blob": blob}).encode("utf-8") + b"\n")
    header = json.dumps(
        {
            "created": datetime.datetime.now(datetime.UTC).isoformat(),
            "instance_id": vault.keyring.instance_id,
            "records": count,
            "migrations": migrations,
            "keyring": document,
        }
    ).encode("utf-8")
    nonce = secrets.token_bytes(12)
    body = AESGCM(_backup_key(vault.keyring)).encrypt(nonce, buffer.getvalue(), header)
    tmp = path.with_name(path.name + ".partial")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(BACKUP_MAGIC)
            handle.write(len(header).to_bytes(8, "big"))
            handle.write(header)
            handle.write(nonce)
            handle.write(body)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
        # Once the file is whole: a backup that could not be written carried nothing out.
        audit_record(actor=actor, action="export", object_type="backup")
    except OSError as exc:
        # A full disk or a folder it may not write in: no half-written file stays behind.
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise BackupError(
            f"Cannot write the backup {path} ({exc.strerror or exc.__class__.__name__}). "
            "Nothing was written."
        ) from None
    return count


def _pending_tasks() -> Iterator[Model]:
    """The task queue's rows not yet run, or running and so not known to be done."""
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    pending = (TaskResultStatus.READY, TaskResultStatus.RUNNING)
    yield from DBTaskResult.objects.filter(status__in=pending).order_by("pk").iterator()


def _task_line(task: Model) -> bytes:
    """A pending task as a backup record: ready to run, as no worker has started it."""
    from django_tasks_db.compat import TaskResultStatus

    record = json.loads(serializers.serialize("json", [task]))
    record[0]["fields"].update(status=TaskResultStatus.READY, started_at=None, worker_ids=[])
    return json.dumps(record).encode("utf-8")


def _migrations_applied() -> list[str]:
    """The migrations the database has applied (``app.name``): the schema a backup was made in."""
    from django.db.migrations.recorder import MigrationRecorder

    return sorted(
        f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations()
    )


def _migrations_unknown(recorded: Any) -> list[str]:
    """The migrations of a backup's schema this code does not have (a newer release's)."""
    from django.db.migrations.loader import MigrationLoader

    if not isinstance(recorded, list) or not all(isinstance(m, str) for m in recorded):
        raise ValueError("not a list of migrations")
    installed = {config.label for config in apps.get_app_configs()}
    known = {f"{app}.{name}" for app, name in MigrationLoader(None).disk_migrations}
    return [m for m in recorded if m.partition(".")[0] in installed and m not in known]


@dataclass(frozen=True)
class OpenedBackup:
    """A backup read, decrypted and found to fit this release: ready to restore."""

    path: Path
    header: dict[str, Any]
    keyring: Keyring
    payload: bytes


def backup_open(*, path: Path, source: KekSource) -> OpenedBackup:
    """Read and decrypt a backup, and check this release can restore it. Changes nothing."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise BackupError(f"Cannot read {path} ({exc.__class__.__name__}).") from None
    if not raw.startswith(BACKUP_MAGIC):
        raise BackupError(f"{path} is not a Safe Passage backup.")
    damaged = f"{path} is damaged (cut short or altered). Nothing was changed."
    offset = len(BACKUP_MAGIC)
    try:
        size = int.from_bytes(raw[offset : offset + 8], "big")
        header_bytes = raw[offset + 8 : offset + 8 + size]
        header = json.loads(header_bytes)
        nonce_start = offset + 8 + size
        nonce = raw[nonce_start : nonce_start + 12]
        body = raw[nonce_start + 12 :]
        if not isinstance(header, dict) or not isinstance(header.get("keyring"), dict):
            raise ValueError("not a backup header")
    except ValueError:  # a JSON or Unicode error, or a header of the wrong shape
        raise BackupError(damaged) from None
    try:
        keyring = Keyring.unwrap(header["keyring"], source)
    except WrongKey:
        raise WrongKey(
            "The passphrase or key file does not open this backup. Nothing was changed."
        ) from None
    except (VaultError, KeyError, TypeError, ValueError):
        raise BackupError(damaged) from None
    try:
        payload = gzip.decompress(AESGCM(_backup_key(keyring)).decrypt(nonce, body, header_bytes))
    except (InvalidTag, ValueError, OSError, EOFError, zlib.error):
        raise BackupError(damaged) from None
    try:
        # A backup from before releases recorded their schema carries none: restored as before.
        unknown = _migrations_unknown(header.get("migrations", []))
    except ValueError:
        raise BackupError(damaged) from None
    if unknown:
        raise BackupError(
            f"{path} was made by a newer release of Safe Passage (its database has changes "
            f"this release does not know: {', '.join(unknown[:5])}). Install that release or a "
            "later one, then restore. Nothing was changed."
        )
    return OpenedBackup(path=path, header=header, keyring=keyring, payload=payload)


def instance_is_empty() -> bool:
    """Whether the database holds no record a backup would carry (the audit head aside).

    Read table by table whatever the schema (an instance of an older release, a database not
    migrated yet), so it can be asked before ``migrate`` changes anything.
    """
    tables = set(connection.introspection.table_names())
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in _backup_models():
            table = model._meta.db_table
            if model._meta.label == "audit.AuditHead" or table not in tables:
                continue
            cursor.execute(f"SELECT 1 FROM {quote(table)} LIMIT 1")  # nosec B608 # noqa: S608
            if cursor.fetchone() is not None:
                return False
    return True


# What a record that does not fit this schema raises as it is read or written.
_UNFIT = (
    serializers.base.DeserializationError,
    SuspiciousOperation,  # a stored file's name that leads out of the files folder
    ValidationError,
    DatabaseError,
    LookupError,
    TypeError,
    ValueError,
)


def backup_restore(*, backup: OpenedBackup) -> int:
    """Restore an opened backup into an empty instance, adopting its keys. All or nothing."""
    if not instance_is_empty():
        raise BackupError(
            "This instance already holds records; restore only into an empty instance "
            "(a new data folder or database). Nothing was changed."
        )
    previous = crypto._vault
    crypto.install(backup.keyring)
    touched: set[type[Model]] = set()
    count = 0
    try:
        with transaction.atomic():
            from safepassage.audit.models import AuditHead

            # Records go in by primary key, a reference before what it refers to (a report
            # corroborated by a later one): checked once all are in. A ``migrate`` run in the
            # same transaction (PostgreSQL) left the checks immediate.
            deferred = connection.vendor == "postgresql"
            if deferred:
                with connection.cursor() as cursor:
                    cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            AuditHead.objects.all().delete()
            files: list[tuple[str, bytes]] = []
            for line in backup.payload.splitlines():
                if not line.strip():
                    continue
                if line.startswith(b'{"file"'):
                    entry = json.loads(line)
                    files.append((str(entry["file"]), base64.b64decode(entry["blob"])))
                    continue
                for item in serializers.deserialize("json", line.decode("utf-8")):
                    _bring_forward(item.object)
                    item.save()
                    touched.add(type(item.object))
                    count += 1
            _reset_sequences(touched)
            if deferred:  # here, not at a commit that may be the caller's
                connection.check_constraints()
            audit_record(actor=None, action="restore", detail={"records": count})
            # Before the records are committed: keys or files that cannot be written (a full
            # disk) leave no records behind that nothing opens.
            write_document(settings.VAULT_KEYRING_PATH, backup.header["keyring"])
            storage = _file_storage()
            for name, blob in files:
                target = Path(storage.path(name))
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(blob)
    except _UNFIT:
        crypto.install(previous.keyring if previous else None)
        raise BackupError(
            f"{backup.path} cannot be restored into this release: its records do not fit this "
            "release's database (made by another release, or damaged). Nothing was changed."
        ) from None
    except BaseException:
        crypto.install(previous.keyring if previous else None)
        raise
    return count


def _bring_forward(record: Model) -> None:
    """A record of an older release's shape (its backup's schema lacks a later migration
    that moved its values) in this release's: a model's own ``from_older_release`` moves what
    it must (a house's clear coordinates into its sealed record), and a value kept in a column
    then (a rules change's reason) goes into the sealed record, which a restore's raw save
    writes as it comes. A record of this release's shape is left as it is."""
    bring_forward = getattr(record, "from_older_release", None)
    if bring_forward is not None:
        bring_forward()
    if isinstance(record, SealedModel) and is_touched(record):
        reseal(record)


def _file_storage() -> EncryptedFileSystemStorage:
    return EncryptedFileSystemStorage(location=str(settings.DATA_DIR / "files"))


def _reset_sequences(touched: set[type[Model]]) -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), list(touched))
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
