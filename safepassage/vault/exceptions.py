"""Named vault errors. Their messages never contain key material or plaintext."""


class VaultError(Exception):
    """Base class for every vault failure."""


class KeyLocked(VaultError):
    """No key is available to open the vault (not initialised, locked, or shredded)."""


class WrongKey(VaultError):
    """The passphrase or key file given does not open this keyring or backup."""


class KeysInUse(VaultError):
    """Another process holds the keys, so they cannot be changed under it (rotation)."""


class DecryptionFailed(VaultError):
    """A ciphertext was altered, truncated, or encrypted under a key this vault lacks."""


class KeyringExists(VaultError):
    """A keyring already exists; refusing to overwrite it."""


class BackupError(VaultError):
    """A backup file is malformed or cannot be restored into this instance."""
