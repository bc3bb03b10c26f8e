"""File storage that encrypts every file's bytes with the vault before they touch the disk."""

from __future__ import annotations

import contextlib
import os
from typing import Any

from django.core.files.base import ContentFile, File
from django.core.files.storage import FileSystemStorage

from safepassage.vault.crypto import get_vault

_FILE_AAD = b"safepassage.file"
_REWRITE = ".rewrite"  # a file being re-encrypted, until it replaces the stored one


class EncryptedFileSystemStorage(FileSystemStorage):
    """Encrypted at rest; never served directly (no URL), only through access-checked views."""

    def _save(self, name: str, content: File[Any]) -> str:
        content.seek(0)
        blob = get_vault().encrypt(content.read(), _FILE_AAD + b":" + name.encode())
        return str(super()._save(name, ContentFile(blob)))  # type: ignore[misc]

    def _open(self, name: str, mode: str = "rb") -> File[Any]:
        if "w" in mode or "a" in mode:
            raise ValueError("Encrypted files are written only through save().")
        with super()._open(name, "rb") as handle:  # type: ignore[misc]
            blob = handle.read()
        data = get_vault().decrypt(blob, _FILE_AAD + b":" + name.encode())
        return ContentFile(data, name=name)

    def url(self, name: str | None) -> str:
        raise NotImplementedError("Encrypted files have no public URL.")

    def reencrypt(self, name: str) -> None:
        """Re-encrypt one stored file under the current data key (rotation).

        The new ciphertext goes to a file beside it that then replaces it: a rotation cut
        short (a full disk, a kill) leaves the old ciphertext, which the keyring still opens.
        """
        plaintext = self._open(name).read()
        path = self.path(name)
        blob = get_vault().encrypt(plaintext, _FILE_AAD + b":" + name.encode())
        tmp = path + _REWRITE
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(blob)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise

    def iter_names(self) -> list[str]:
        """Every stored file name, for rotation."""
        names: list[str] = []
        stack = [""]
        while stack:
            folder = stack.pop()
            if not self.exists(folder or "."):
                continue
            dirs, files = self.listdir(folder or ".")
            files = [f for f in files if not f.endswith(_REWRITE)]  # a rewrite cut short
            names.extend(f"{folder}/{f}" if folder else f for f in files)
            stack.extend(f"{folder}/{d}" if folder else d for d in dirs)
        return names
