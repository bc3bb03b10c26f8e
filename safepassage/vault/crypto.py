"""Encrypt, decrypt and blind-index values with the unlocked keyring.

Ciphertext layout: ``0x01 | key id (4 bytes) | nonce (12) | AES-256-GCM ciphertext+tag``.
The associated data binds a ciphertext to its purpose (e.g. ``tracing.Person.given_name``),
so a value copied into another column fails to decrypt instead of being misread.
"""

from __future__ import annotations

import fcntl
import hashlib
import hmac
import os
import threading
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

from safepassage.vault.exceptions import DecryptionFailed, KeyLocked, KeysInUse
from safepassage.vault.keyring import NONCE_BYTES, KekSource, Keyring, read_document

FORMAT_VERSION = 1
_HEADER = 1 + 4 + NONCE_BYTES
_MIN_BLOB = _HEADER + 16  # header and the GCM tag


class Vault:
    """The unlocked keys of this process, with fast encrypt/decrypt helpers."""

    def __init__(self, keyring: Keyring) -> None:
        self.keyring = keyring
        self._ciphers = {
            bytes.fromhex(key_id): AESGCM(key) for key_id, key in keyring.data_keys.items()
        }
        self._current_id = bytes.fromhex(keyring.current_key_id)
        self._current = self._ciphers[self._current_id]
        self._prefix = bytes([FORMAT_VERSION]) + self._current_id

    def encrypt(self, plaintext: bytes, aad: bytes) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        return self._prefix + nonce + self._current.encrypt(nonce, plaintext, aad)

    def decrypt(self, blob: bytes, aad: bytes) -> bytes:
        if len(blob) < _MIN_BLOB or blob[0] != FORMAT_VERSION:
            raise DecryptionFailed("The value is not a Safe Passage ciphertext.")
        if blob.__class__ is not bytes:
            # One copy for memoryview/bytearray (some drivers); slices of bytes are bytes.
            blob = bytes(blob)
        # Hot path (every record opened): the rare failures are handled as exceptions.
        try:
            return self._ciphers[blob[1:5]].decrypt(blob[5:_HEADER], blob[_HEADER:], aad)
        except KeyError:
            raise DecryptionFailed(
                "The value was encrypted under a key this vault does not hold."
            ) from None
        except InvalidTag:
            raise DecryptionFailed("The value was altered or does not belong here.") from None

    def key_id_of(self, blob: bytes) -> str:
        return bytes(blob[1:5]).hex()

    def blind_index(self, value: str, purpose: str) -> str:
        """Keyed hash for exact look-ups on an encrypted value (128 bits, hex)."""
        message = purpose.encode("utf-8") + b"\x00" + value.encode("utf-8")
        return hmac.new(self.keyring.index_key, message, hashlib.sha256).hexdigest()[:32]

    def derive_key(self, purpose: str) -> bytes:
        """A sub-key for a named purpose (backups, matching keys), bound to this keyring."""
        return hmac.new(self.keyring.index_key, b"derive:" + purpose.encode(), "sha256").digest()


_lock = threading.Lock()
_vault: Vault | None = None
# A shared lock on ``keyring.lock`` that a process holds from the moment it reads the keys
# until it exits (forked workers inherit it): rotation forgets the old data key, which a
# process still holding it would go on encrypting under, so rotation runs only alone.
_holder: int | None = None


def _hold_keys() -> int | None:
    """Take this process's shared lock on the keys (once; waits while a rotation runs)."""
    global _holder
    if _holder is None:
        path: Path = settings.VAULT_KEYRING_PATH.with_name("keyring.lock")
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        except FileNotFoundError:
            return None  # no data folder yet: there are no keys to hold either
        fcntl.flock(fd, fcntl.LOCK_SH)
        _holder = fd
    return _holder


@contextmanager
def keys_held_alone() -> Iterator[None]:
    """Run the block as the only process holding the keys; ``KeysInUse`` when another does."""
    with _lock:
        fd = _hold_keys()
    if fd is None:
        raise KeyLocked("No keyring in the data folder.")
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        fcntl.flock(fd, fcntl.LOCK_SH)  # a refused conversion may have dropped the shared lock
        raise KeysInUse(
            "Another process holds the keys (safepassage serve, worker or another command): "
            "stop it first, then try again. Nothing was changed."
        ) from None
    try:
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_SH)


def kek_source_from_settings() -> KekSource:
    """Find what opens the keyring: a key file, a passphrase, or (demo only) the demo key."""
    key_file = getattr(settings, "VAULT_KEY_FILE", None)
    passphrase = getattr(settings, "VAULT_PASSPHRASE", None)
    if key_file:
        return KekSource.from_key_file(Path(key_file))
    if passphrase:
        return KekSource.from_passphrase(passphrase)
    demo_key: Path = settings.VAULT_DEMO_KEY_PATH
    if settings.VAULT_ALLOW_DEMO_KEY and demo_key.exists():
        return KekSource.from_key_file(demo_key)
    raise KeyLocked(
        "The vault is locked: set SAFEPASSAGE_KEY_FILE or SAFEPASSAGE_PASSPHRASE "
        "(or SAFEPASSAGE_PASSPHRASE_FILE)."
    )


def get_vault() -> Vault:
    """Return this process's vault, unlocking it on first use."""
    global _vault
    vault = _vault
    if vault is not None:
        return vault
    with _lock:
        if _vault is None:
            _hold_keys()  # before reading: keys read during a rotation would be stale
            document = read_document(settings.VAULT_KEYRING_PATH)
            _vault = Vault(Keyring.unwrap(document, kek_source_from_settings()))
        return _vault


def unlock(source: KekSource) -> Vault:
    """Unlock with an explicit source (a passphrase typed at start-up)."""
    global _vault
    with _lock:
        _hold_keys()
        document = read_document(settings.VAULT_KEYRING_PATH)
        _vault = Vault(Keyring.unwrap(document, source))
        return _vault


def install(keyring: Keyring | None) -> None:
    """Replace the in-memory keys (after init, rotation, restore or shred)."""
    global _vault
    with _lock:
        if keyring is not None:
            _hold_keys()
        _vault = Vault(keyring) if keyring is not None else None


def normalise_phone(number: str) -> str:
    """Digits only (in any script), in the international form without prefix, so one number
    always indexes alike: ``+964 750 123 4567``, ``00964 750 123 4567``, ``0750 123 4567``
    (the national form, read as a number of ``PHONE_COUNTRY_CODE``) and ``+964 (0)750 123 4567``
    all give ``9647501234567``."""
    digits = "".join(
        str(unicodedata.digit(ch)) for ch in number if unicodedata.digit(ch, None) is not None
    )
    country = str(getattr(settings, "PHONE_COUNTRY_CODE", "") or "")
    if digits.startswith("00"):
        digits = digits[2:]
    elif digits.startswith("0") and country:
        # The national form: its trunk 0 stands for the network's own country code.
        digits = country + digits[1:]
    if country and digits.startswith(country + "0"):
        # The trunk 0 kept after the country code, as in "+964 (0)750…".
        digits = country + digits[len(country) + 1 :]
    return digits


def normalise_text(value: str) -> str:
    """Case- and width-insensitive form for exact look-ups on free text."""
    return unicodedata.normalize("NFKC", value).strip().casefold()
