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
    earlier = (_folded(answer), _folded(answer.replace("ە", "ه\u200c")))
    for before in (*earlier, *_split_after_heh(normalised)):
        if before and before not in tried:
            tried.add(before)
            if check_password(before, stored_hash):
                return True
    return False


# At most this many ه inside one answer are tried as the place of a lost joiner (2^n - 1
# more hashes to check, each about 50 ms: 7 for three).
_MOST_HEH_TRIED = 3


def _split_after_heh(normalised: str) -> list[str]:
    """The forms an earlier version hashed from this answer typed with a ZWNJ after some of
    its ه: the joiner split the word there. Typed now with a plain ه (an Arabic keyboard
    writes ە so), where the joiners were is not known, so each choice of them is a form;
    with more than a few ه none is tried (the answer then passes only as it was typed)."""
    places = [i for i, ch in enumerate(normalised[:-1]) if ch == "ه" and normalised[i + 1] != " "]
    if not places or len(places) > _MOST_HEH_TRIED:
        return []
    forms = []
    for chosen in range(1, 2 ** len(places)):
        cut = {place for bit, place in enumerate(places) if chosen >> bit & 1}
        forms.append("".join(ch + " " if i in cut else ch for i, ch in enumerate(normalised)))
    return forms
