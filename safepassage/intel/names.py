"""Keyed hashes of name skeletons: find a place or holder by any spelling without decrypting.

A name is reduced to its consonant skeleton (``safepassage.matching``), so Tel Qasab, Tell
Qassab and تل قصب share keys. Keys are HMACs under a key derived from the vault, so the table
tells a thief nothing a dictionary attack without the key could recover.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable

from safepassage.matching.normalize import loosen, skeleton
from safepassage.vault.crypto import get_vault


def _digest(purpose: str, text: str) -> str:
    secret = get_vault().derive_key(f"intel.names.{purpose}")
    return hmac.new(secret, text.encode("utf-8"), hashlib.sha256).hexdigest()[:32]


def _parts(name: str) -> tuple[str, list[str]]:
    skel = loosen(skeleton(name))
    tokens = [t for t in skel.split() if t]
    return "".join(tokens), tokens


def name_keys(names: Iterable[str], *, purpose: str) -> set[str]:
    """Every key stored for these spellings: the whole name, and each word of it."""
    keys: set[str] = set()
    for name in names:
        whole, tokens = _parts(name)
        if whole:
            keys.add(_digest(purpose, "w:" + whole))
        for token in tokens:
            keys.add(_digest(purpose, "t:" + token))
    return keys


def query_keys(query: str, *, purpose: str) -> tuple[str | None, list[str]]:
    """The whole-name key of a search, and the keys of its words (all must match)."""
    whole, tokens = _parts(query)
    if not whole:
        return None, []
    return _digest(purpose, "w:" + whole), sorted({_digest(purpose, "t:" + t) for t in tokens})


def clean_names(values: Iterable[object]) -> list[str]:
    """Trimmed, non-empty, de-duplicated spellings in the order given."""
    seen: set[str] = set()
    out: list[str] = []
    for value in values:
        text = str(value).strip()
        if text and text not in seen:
            seen.add(text)
            out.append(text)
    return out
