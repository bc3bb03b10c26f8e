"""The keyring: data keys wrapped by a key-encryption key that never touches the data disk.

Envelope encryption. Every sensitive value is encrypted with AES-256-GCM under a *data key*.
Data keys and the separate *index key* (for blind indexes) are stored only wrapped, in
``keyring.json`` in the data folder, under a *key-encryption key* (KEK) that is either
derived from a passphrase with Argon2id or read from a key file kept on separate media.
Destroying ``keyring.json`` (crypto-shred) makes every encrypted value unreadable.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from safepassage.vault.exceptions import KeyLocked, VaultError, WrongKey

KEY_BYTES = 32
NONCE_BYTES = 12
KEYRING_FORMAT = "safepassage-keyring"
KEYRING_VERSION = 1

KekKind = Literal["argon2id", "keyfile"]


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


@dataclass(frozen=True)
class KekSource:
    """Where the key-encryption key comes from: a passphrase or a key file's bytes."""

    kind: KekKind
    secret: bytes

    @classmethod
    def from_passphrase(cls, passphrase: str) -> KekSource:
        if len(passphrase) < 12:
            raise VaultError("A passphrase must be at least 12 characters long.")
        return cls("argon2id", passphrase.encode("utf-8"))

    @classmethod
    def from_key_file(cls, path: Path) -> KekSource:
        try:
            text = path.read_text(encoding="ascii").strip()
            raw = _unb64(text)
        except (OSError, ValueError, UnicodeDecodeError):
            raise KeyLocked(f"The key file {path} cannot be read as a Safe Passage key.") from None
        if len(raw) != KEY_BYTES:
            raise KeyLocked(f"The key file {path} does not hold a {KEY_BYTES}-byte key.")
        return cls("keyfile", raw)


def write_key_file(path: Path) -> None:
    """Write a new random key file readable only by its owner; refuse to overwrite one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(_b64(secrets.token_bytes(KEY_BYTES)) + "\n")


@dataclass
class Keyring:
    """The unwrapped keys of one instance, held only in memory."""

    instance_id: str
    data_keys: dict[str, bytes]
    current_key_id: str
    index_key: bytes
    demo: bool = False
    kek_params: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def generate(cls, *, demo: bool = False) -> Keyring:
        key_id = secrets.token_hex(4)
        return cls(
            instance_id=str(uuid.uuid4()),
            data_keys={key_id: AESGCM.generate_key(bit_length=256)},
            current_key_id=key_id,
            index_key=secrets.token_bytes(KEY_BYTES),
            demo=demo,
        )

    def add_data_key(self) -> str:
        """Create a new data key, make it current, and return its id."""
        key_id = secrets.token_hex(4)
        while key_id in self.data_keys:
            key_id = secrets.token_hex(4)
        self.data_keys[key_id] = AESGCM.generate_key(bit_length=256)
        self.current_key_id = key_id
        return key_id

    def retire_other_keys(self) -> None:
        """Forget every data key but the current one (after re-encryption)."""
        self.data_keys = {self.current_key_id: self.data_keys[self.current_key_id]}

    # --- wrapping -------------------------------------------------------------------------

    def wrap(self, source: KekSource, *, memory_kib: int, time_cost: int) -> dict[str, Any]:
        """Return the JSON document that stores this keyring wrapped under ``source``."""
        kek_doc: dict[str, Any] = {"type": source.kind}
        if source.kind == "argon2id":
            kek_doc.update(
                salt=_b64(secrets.token_bytes(16)),
                memory_kib=memory_kib,
                time_cost=time_cost,
                parallelism=1,
            )
        kek = _derive_kek(source, kek_doc)
        payload = json.dumps(
            {
                "data_keys": {k: _b64(v) for k, v in self.data_keys.items()},
                "current": self.current_key_id,
                "index_key": _b64(self.index_key),
            }
        ).encode("utf-8")
        nonce = secrets.token_bytes(NONCE_BYTES)
        wrapped = AESGCM(kek).encrypt(nonce, payload, self._aad())
        return {
            "format": KEYRING_FORMAT,
            "version": KEYRING_VERSION,
            "instance_id": self.instance_id,
            "demo": self.demo,
            "kek": kek_doc,
            "wrapped": _b64(nonce + wrapped),
        }

    @classmethod
    def unwrap(cls, document: dict[str, Any], source: KekSource) -> Keyring:
        """Open a stored keyring document; ``WrongKey`` when ``source`` does not fit."""
        try:
            if document.get("format") != KEYRING_FORMAT:
                raise VaultError("This is not a Safe Passage keyring.")
            instance_id = str(document["instance_id"])
            kek_doc = dict(document["kek"])
            blob = _unb64(document["wrapped"])
        except (KeyError, TypeError, ValueError):
            raise VaultError("The keyring is damaged and cannot be read.") from None
        if kek_doc.get("type") != source.kind:
            expected = "a passphrase" if kek_doc.get("type") == "argon2id" else "a key file"
            raise WrongKey(f"This keyring is opened with {expected}.")
        kek = _derive_kek(source, kek_doc)
        try:
            payload = AESGCM(kek).decrypt(
                blob[:NONCE_BYTES], blob[NONCE_BYTES:], _aad_for(instance_id)
            )
        except InvalidTag:
            raise WrongKey("The passphrase or key file does not open this keyring.") from None
        inner = json.loads(payload)
        return cls(
            instance_id=instance_id,
            data_keys={k: _unb64(v) for k, v in inner["data_keys"].items()},
            current_key_id=inner["current"],
            index_key=_unb64(inner["index_key"]),
            demo=bool(document.get("demo", False)),
            kek_params=kek_doc,
        )

    def _aad(self) -> bytes:
        return _aad_for(self.instance_id)


def _aad_for(instance_id: str) -> bytes:
    return f"safepassage-keyring-v{KEYRING_VERSION}:{instance_id}".encode()


def _derive_kek(source: KekSource, kek_doc: dict[str, Any]) -> bytes:
    if source.kind == "keyfile":
        return source.secret
    try:
        salt = _unb64(kek_doc["salt"])
        memory_kib = int(kek_doc["memory_kib"])
        time_cost = int(kek_doc["time_cost"])
        parallelism = int(kek_doc.get("parallelism", 1))
    except (KeyError, TypeError, ValueError):
        raise VaultError("The keyring's key-derivation parameters are damaged.") from None
    return hash_secret_raw(
        source.secret,
        salt,
        time_cost=time_cost,
        memory_cost=memory_kib,
        parallelism=parallelism,
        hash_len=KEY_BYTES,
        type=Type.ID,
    )


def read_document(path: Path) -> dict[str, Any]:
    """Read a stored keyring document; ``KeyLocked`` when there is none."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise KeyLocked(
            "No keyring in the data folder: run `safepassage init` (or `safepassage restore`)."
        ) from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError:
        raise VaultError("The keyring file is damaged or has been shredded.") from None
    if not isinstance(document, dict):
        raise VaultError("The keyring file is damaged or has been shredded.")
    return document


def write_document(path: Path, document: dict[str, Any]) -> None:
    """Write a keyring atomically (temp file, fsync, rename) so a crash never leaves half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(document, handle, indent=2)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def shred_file(path: Path) -> bool:
    """Overwrite a file with random bytes, sync, and delete it. Return whether it existed."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return False
    with open(path, "r+b") as handle:
        for _ in range(3):
            handle.seek(0)
            handle.write(secrets.token_bytes(max(size, 1)))
            handle.flush()
            os.fsync(handle.fileno())
    path.unlink()
    _fsync_dir(path.parent)
    return True


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
