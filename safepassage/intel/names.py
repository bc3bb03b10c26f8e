"""Keyed hashes of name skeletons: find a place or holder by any spelling without decrypting.

A name is reduced to its consonant skeleton (``safepassage.matching``), so Tel Qasab, Tell
Qassab and تل قصب share keys. A place name is read every way the matcher reads a home place
(``place_readings``): كوجو is also read with ج as "ch", so a search for Kocho finds it, and
Kocho finds كوجو. As in matching, that guess meets only a spelling that wrote "ch": its keys
are kept apart from the others (``_GUESSED``), and a reading that wrote "ch" is also filed
under the keys a guess looks for (``_WROTE_CH``). A holder's name is read as a name. Keys are
HMACs under a key derived from the vault, so the table tells a thief nothing a dictionary
attack without the key could recover.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable

from safepassage.matching.normalize import (
    loosen,
    name_tokens,
    place_readings,
    token_skeleton,
    writes_ch,
)
from safepassage.matching.records import tidy_spelling
from safepassage.vault.crypto import get_vault

PLACE = "place"
# Key families: readings as written (the keys stored before place readings), readings that
# guess ج was "ch", and readings that wrote "ch" (what a guess may meet).
_WRITTEN, _GUESSED, _WROTE_CH = "", "g", "c"

Reading = tuple[tuple[str, ...], bool]
Keys = tuple[str, list[str]]


def _digest(purpose: str, text: str) -> str:
    secret = get_vault().derive_key(f"intel.names.{purpose}")
    return hmac.new(secret, text.encode("utf-8"), hashlib.sha256).hexdigest()[:32]


def _readings(name: str, purpose: str) -> tuple[Reading, ...]:
    """A place name's readings as matching reads a home place; a holder's as a name."""
    if purpose == PLACE:
        return place_readings(name)
    return ((tuple(name_tokens(name)), False),)


def _families(tokens: tuple[str, ...], guess: bool, purpose: str, *, stored: bool) -> list[str]:
    """The key families of one place reading: a guess is stored among guesses and looks
    among readings that wrote "ch"; a reading that wrote "ch" is stored there too and looks
    among guesses as well. A holder's name has readings as written only."""
    if guess:
        return [_GUESSED if stored else _WROTE_CH]
    if purpose == PLACE and writes_ch(tokens):
        return [_WRITTEN, _WROTE_CH if stored else _GUESSED]
    return [_WRITTEN]


def _keys(purpose: str, family: str, tokens: tuple[str, ...]) -> Keys | None:
    """The whole-name key of one reading and the keys of its words, in one key family."""
    parts = [p for p in (loosen(token_skeleton(t)) for t in tokens) if p]
    if not parts:
        return None
    whole = _digest(purpose, f"{family}w:" + "".join(parts))
    return whole, sorted({_digest(purpose, f"{family}t:" + p) for p in parts})


def name_keys(names: Iterable[str], *, purpose: str) -> set[str]:
    """Every key stored for these spellings: the whole name, and each word of it, for every
    reading of every spelling."""
    keys: set[str] = set()
    for name in names:
        for tokens, guess in _readings(name, purpose):
            for family in _families(tokens, guess, purpose, stored=True):
                found = _keys(purpose, family, tokens)
                if found is not None:
                    keys.add(found[0])
                    keys.update(found[1])
    return keys


def query_keys(query: str, *, purpose: str) -> list[Keys]:
    """What a search looks for, one entry for each reading of the query: the whole-name key
    and the keys of its words (a name is found by the whole key, or by all its words). A
    reading that guesses a "ch" looks among readings that wrote one; one that wrote "ch"
    also looks among guesses."""
    out: list[Keys] = []
    for tokens, guess in _readings(query, purpose):
        for family in _families(tokens, guess, purpose, stored=False):
            found = _keys(purpose, family, tokens)
            if found is not None and found not in out:
                out.append(found)
    return out


def clean_names(values: Iterable[object]) -> list[str]:
    """Trimmed, de-duplicated spellings in the order given, each as ``tidy_spelling`` keeps
    it; one in which nothing shows is left out."""
    seen: set[str] = set()
    out: list[str] = []
    for value in values:
        text = tidy_spelling(str(value))
        if text and text not in seen:
            seen.add(text)
            out.append(text)
    return out
