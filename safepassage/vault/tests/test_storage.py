"""Encrypted files: bytes on disk are ciphertext; reading gives the original back."""

from __future__ import annotations

import resource
import signal
from pathlib import Path

import pytest
from django.core.files.base import ContentFile

from safepassage.vault.exceptions import DecryptionFailed
from safepassage.vault.storage import EncryptedFileSystemStorage

PHOTO = b"\x89PNG\r\n\x1a\n" + "صورة جيهان — Jihan's photo".encode() * 20


def test_file_round_trip_and_ciphertext_on_disk(tmp_path: Path) -> None:
    storage = EncryptedFileSystemStorage(location=str(tmp_path))
    name = storage.save("tracing/abc123", ContentFile(PHOTO))
    on_disk = (tmp_path / name).read_bytes()
    assert b"PNG" not in on_disk and "جيهان".encode() not in on_disk
    assert storage.open(name).read() == PHOTO
    assert storage.iter_names() == [name]
    with pytest.raises(NotImplementedError):
        storage.url(name)


def test_swapped_file_is_refused(tmp_path: Path) -> None:
    storage = EncryptedFileSystemStorage(location=str(tmp_path))
    first = storage.save("a/one", ContentFile(b"first"))
    second = storage.save("a/two", ContentFile(b"second"))
    (tmp_path / first).write_bytes((tmp_path / second).read_bytes())
    with pytest.raises(DecryptionFailed):
        storage.open(first)


def test_reencryption_cut_short_keeps_the_file(tmp_path: Path) -> None:
    storage = EncryptedFileSystemStorage(location=str(tmp_path))
    name = storage.save("tracing/photo", ContentFile(PHOTO))
    # The disk fills up (a file-size limit here) while the file is being rewritten.
    limit = resource.getrlimit(resource.RLIMIT_FSIZE)
    handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (64, limit[1]))
    try:
        with pytest.raises(OSError):
            storage.reencrypt(name)
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, limit)
        signal.signal(signal.SIGXFSZ, handler)
    assert storage.open(name).read() == PHOTO
    assert storage.iter_names() == [name]  # and nothing half-written beside it
    storage.reencrypt(name)
    assert storage.open(name).read() == PHOTO
