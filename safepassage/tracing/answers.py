"""Answers to authentication questions and agreed words: normalised, then kept only as hashes.

A frightened woman on a bad line answers "xelil" where her sister wrote "Xelîl", or a
caseworker types خلیل with a Persian yeh where the family wrote خليل. The answer is folded
before hashing (case, Latin diacritics, Arabic letter forms through the matching engine's
``fold_arabic``, spacing and punctuation), so the same answer always gives the same form.
Characters that show nothing (a zero-width non-joiner that older Sorani typing puts inside a
word, a direction mark pasted from a phone) are dropped first, as matching drops them: a
duress word agreed as زه‌یتوون is the duress word when she says it and it is typed زەیتوون.
The stored value is an Argon2 hash (Django's password hasher): no one can read the answer
back, the caseworker only learns "pass" or "fail".
"""

from __future__ import annotations

import re
import unicodedata

from django.contrib.auth.hashers import check_password, make_password

from safepassage.matching import fold_arabic
from safepassage.matching.normalize import drop_invisible

_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)


def normalise_answer(answer: str) -> str:
    """Fold an answer to one comparable form (the form that is hashed)."""
    return _folded(drop_invisible(answer))


def _folded(text: str) -> str:
    text = fold_arabic(text)
    # Latin diacritics: î → i, ş → s (Arabic letters carry no combining marks after folding).
    decomposed = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    text = unicodedata.normalize("NFC", text).casefold()
    text = text.replace("ı", "i")
    return " ".join(part for part in _NOT_WORD.split(text) if part)


def answer_hash(answer: str) -> str:
    return make_password(normalise_answer(answer))


def answer_matches(answer: str, stored_hash: str) -> bool:
    normalised = normalise_answer(answer)
    if not normalised:
        return False
    if check_password(normalised, stored_hash):
        return True
    # A hash kept before invisible characters were dropped holds the answer folded with them
    # (a zero-width non-joiner split the word there): the answer typed as it was then passes,
    # and so does one typed with Sorani ە where it was typed the older way, ه and a ZWNJ.
    tried = {normalised}
    for before in (_folded(answer), _folded(answer.replace("ە", "ه\u200c"))):
        if before and before not in tried:
            tried.add(before)
            if check_password(before, stored_hash):
                return True
    return False
