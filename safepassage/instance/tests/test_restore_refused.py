"""A backup this release cannot restore is refused with a clear error, and changes nothing.

A backup from a newer release (migrations this code does not know, records with columns it
lacks), a truncated or otherwise damaged file, a wrong key: each ends with a message and a
non-zero exit, never a traceback, and the target is as it was: a data folder that did not exist
does not exist afterwards, an existing one keeps every file byte for byte.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import secrets
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from safepassage.instance.tests.cli import demo, run
from safepassage.vault.crypto import Vault
from safepassage.vault.keyring import KekSource, Keyring

pytestmark = pytest.mark.sqlite_only

MAGIC = b"SAFEPASSAGE-BACKUP-1\n"


def _open(raw: bytes, key: Path) -> tuple[dict[str, object], bytes]:
    """The header and the plain payload of a backup (as a newer release would have made it)."""
    size = int.from_bytes(raw[len(MAGIC) : len(MAGIC) + 8], "big")
    header_bytes = raw[len(MAGIC) + 8 : len(MAGIC) + 8 + size]
    header = json.loads(header_bytes)
    nonce = raw[len(MAGIC) + 8 + size : len(MAGIC) + 8 + size + 12]
    body = raw[len(MAGIC) + 8 + size + 12 :]
    keyring = Keyring.unwrap(header["keyring"], KekSource.from_key_file(key))
    backup_key = Vault(keyring).derive_key("backup")
    return header, gzip.decompress(AESGCM(backup_key).decrypt(nonce, body, header_bytes))


def _seal(header: dict[str, object], payload: bytes, key: Path) -> bytes:
    header_bytes = json.dumps(header).encode()
    keyring = Keyring.unwrap(header["keyring"], KekSource.from_key_file(key))  # type: ignore[arg-type]
    nonce = secrets.token_bytes(12)
    body = AESGCM(Vault(keyring).derive_key("backup")).encrypt(
        nonce, gzip.compress(payload), header_bytes
    )
    return MAGIC + len(header_bytes).to_bytes(8, "big") + header_bytes + nonce + body


def _newer_column(payload: bytes) -> bytes:
    """A record with a column a later release added."""
    lines = payload.splitlines()
    for i, line in enumerate(lines):
        if b'"model": "accounts.user"' in line:
            records = json.loads(line)
            records[0]["fields"]["added_in_a_later_release"] = "x"
            lines[i] = json.dumps(records).encode()
            return b"\n".join(lines)
    raise AssertionError("no user in the backup")


def test_a_backup_this_release_cannot_restore_is_refused_and_changes_nothing(
    tmp_path: Path,
) -> None:
    source = tmp_path / "source"
    assert demo(source).returncode == 0
    backup = tmp_path / "b.spb"
    assert run(source, "backup", str(backup)).returncode == 0
    key = source / "DEMO-KEY-NOT-SECURE.key"
    raw = backup.read_bytes()
    header, payload = _open(raw, key)

    def newer_migrations() -> bytes:
        recorded = list(header["migrations"])  # type: ignore[call-overload]
        assert "tracing.0001_initial" in recorded
        return _seal(
            {**header, "migrations": [*recorded, "tracing.9999_from_the_future"]}, payload, key
        )

    cases: dict[str, tuple[Callable[[], bytes], str]] = {
        "newer-migrations": (newer_migrations, "newer release"),
        "newer-column": (lambda: _seal(header, _newer_column(payload), key), "cannot be restored"),
        "truncated-body": (lambda: raw[: len(raw) // 2], "damaged"),
        "truncated-header": (lambda: raw[: len(MAGIC) + 20], "damaged"),
        "header-not-a-record": (
            lambda: MAGIC + (4).to_bytes(8, "big") + b"[12]" + raw[-40:],
            "damaged",
        ),
        "payload-not-records": (lambda: _seal(header, b"not json at all\n", key), "cannot be"),
    }
    for name, (make, message) in cases.items():
        bad = tmp_path / f"{name}.spb"
        bad.write_bytes(make())
        target = tmp_path / f"target-{name}"
        result = run(target, "restore", str(bad), "--key-file", str(key))
        assert result.returncode != 0, name
        assert "Traceback" not in result.stderr, (name, result.stderr)
        assert message in result.stderr and "Nothing was changed" in result.stderr, (
            name,
            result.stderr,
        )
        assert not (target / "keyring.json").exists(), name
        database = target / "safepassage.sqlite3"
        if database.exists():
            db = sqlite3.connect(database)
            assert db.execute("SELECT COUNT(*) FROM accounts_user").fetchone() == (0,), name
        # A target that did not exist does not exist afterwards: no empty, migrated folder.
        assert not target.exists(), (name, sorted(p.name for p in target.rglob("*")))


def _state(folder: Path) -> dict[str, str | None]:
    """Every path under a folder with the digest of its bytes (None for a folder)."""
    return {
        str(path.relative_to(folder)): (
            hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None
        )
        for path in sorted(folder.rglob("*"))
    }


def test_a_refused_restore_leaves_an_existing_target_as_it_was(tmp_path: Path) -> None:
    """An empty folder, a folder holding something else, a whole instance: a restore refused
    after it could have prepared the target (records that do not fit, a payload of the wrong
    shape, an instance that holds records) leaves every file as it was, byte for byte."""
    source = tmp_path / "source"
    assert demo(source).returncode == 0
    backup = tmp_path / "b.spb"
    assert run(source, "backup", str(backup)).returncode == 0
    key = source / "DEMO-KEY-NOT-SECURE.key"
    header, payload = _open(backup.read_bytes(), key)
    unfit = tmp_path / "unfit.spb"
    unfit.write_bytes(_seal(header, _newer_column(payload), key))
    shapeless = tmp_path / "shapeless.spb"
    shapeless.write_bytes(_seal(header, b"not json at all\n", key))

    empty = tmp_path / "empty"
    empty.mkdir()
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("kept\n")
    (other / "files").mkdir()
    (other / "files" / "stray").write_bytes(b"stray")
    whole = tmp_path / "whole"
    assert demo(whole).returncode == 0
    cases = (
        (empty, unfit, "cannot be restored"),
        (other, shapeless, "cannot be restored"),
        (whole, unfit, "already holds records"),
        (whole, backup, "already holds records"),
    )
    for target, bad, message in cases:
        before = _state(target)
        result = run(target, "restore", str(bad), "--key-file", str(key))
        assert result.returncode != 0, (target.name, bad.name)
        assert "Traceback" not in result.stderr, (target.name, bad.name, result.stderr)
        assert message in result.stderr and "Nothing was changed" in result.stderr, (
            target.name,
            bad.name,
            result.stderr,
        )
        assert _state(target) == before, (target.name, bad.name)
