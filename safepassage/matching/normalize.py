"""Name normalisation across Arabic script, English-style Latin and Kurmanji Latin.

Relatives report the same captive with spellings that differ in script, in
transliteration convention and in typing accuracy.  Matching therefore works on
three derived forms of every name:

* ``fold_arabic``   - Arabic-script orthographic folding (hamza carriers, ta
  marbuta, alif maqsura, diacritics, Persian/Kurdish letters), so two Arabic
  spellings of one name become one string.
* ``name_tokens``   - a lower-case Latin form ("latin fold"): Arabic is
  transliterated, Kurmanji letters are rewritten, articles and connectors are
  removed, and ``abd``/``abu`` compounds are joined.  Long vowels are kept as
  doubled letters (Arabic و/ي/ا, Kurmanji û/î/ê) because they are what tells
  Hassan from Hussein once the vowels are ignored.
* ``skeleton``      - the consonant skeleton of each token: vowels dropped,
  doubled consonants collapsed and consonant spellings of one Arabic sound
  merged (kh/x/gh, sh/ch/ş/ç, j/c/dj/zh, q/k/g, f/v/ph, th/t, dh/d).  All
  script variants of a common name share one skeleton; it is the blocking key
  and the first comparison level.

``vowel_slots`` exposes the vowels between consonants so that the comparison
can tell names that share a skeleton but not their long vowels apart.

``place_readings`` reads a place name with the same transliteration, and adds
what Arabic-script spellings of Kurdish and Iraqi place names call for: Sorani
ە is a vowel (not the letter h) and a word-initial ئ only carries a vowel; and
Arabic, which has no letter for "ch", writes it ج (Kocho = كوجو).

Every reading first drops the characters that show nothing of their own
(``drop_invisible``): format characters pasted from phones and messaging apps (zero-width
space and joiners, direction marks, embeddings and isolates, the byte-order mark, the soft
hyphen) and tatweel. They never split or change a token. A zero-width non-joiner after ه is
how older Sorani typing wrote ە (حه‌سه‌ن for حەسەن), and is read as ە; but not after اه,
which Sorani never writes for ە and Persian writes for h (ماه‌رخ, Mahrokh).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = [
    "GENERIC_PLACE_WORDS",
    "clear_normalize_caches",
    "drop_invisible",
    "fold_arabic",
    "has_arabic",
    "is_invisible",
    "latin_fold",
    "loosen",
    "name_tokens",
    "normalize_name",
    "place_core",
    "place_readings",
    "skeleton",
    "sorani_spelling",
    "token_skeleton",
    "vowel_slots",
    "vowels_compatible",
    "writes_ch",
]

# Arabic orthographic folding.  Hamza carriers and variant letters are folded
# to the letter a reader would accept as "the same"; Persian and Kurdish
# letters are folded to their nearest Arabic letter so Sorani/Persian typing
# of a name equals the Arabic typing.
_ARABIC_FOLD = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ٲ": "ا",
        "ٳ": "ا",
        "ؤ": "و",
        "ئ": "ي",
        "ة": "ه",
        "ى": "ي",
        "ک": "ك",
        "ڪ": "ك",
        "گ": "ك",
        "ی": "ي",
        "ې": "ي",
        "ێ": "ي",
        "ۍ": "ي",
        "ە": "ه",
        "ہ": "ه",
        "ھ": "ه",
        "ۀ": "ه",
        "ۆ": "و",
        "ۇ": "و",
        "ۉ": "و",
        "ۊ": "و",
        "ڵ": "ل",
        "ڕ": "ر",
        "ڤ": "ف",
        "ڨ": "ق",
        "پ": "ب",
        "ٹ": "ت",
        "ـ": None,  # tatweel is typographic stretching only
    }
)
# Harakat, tanwin, shadda, sukun, dagger alif and Quranic annotation marks.
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_ARABIC_LETTER = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]")

# Transliteration of folded Arabic.  Long vowels are written doubled ("ii",
# "uu", "aa") so they survive into the Latin fold as length markers.  Ayn and
# the lone hamza are dropped: Latin writers render them as nothing, an
# apostrophe or an arbitrary vowel.
_HAMZA_MARK_CHAR = "\ue000"
# Private-use stand-ins for the Kurdish reading of place names (``place_readings``):
# Sorani ە, a vowel (fold_arabic folds it to ه, which reads as h); a word-initial ئ,
# which in Sorani only carries the vowel after it; ج read as "ch".
_SORANI_E = "\ue001"
_VOWEL_CARRIER = "\ue002"
_JIM_CH = "\ue003"
_ARABIC_TO_LATIN = {
    "ا": "aa",
    "ب": "b",
    "ت": "t",
    "ث": "th",
    "ج": "j",
    "ح": "h",
    "خ": "kh",
    "د": "d",
    "ذ": "dh",
    "ر": "r",
    "ز": "z",
    "س": "s",
    "ش": "sh",
    "ص": "s",
    "ض": "d",
    "ط": "t",
    "ظ": "z",
    "ع": "",
    "غ": "gh",
    "ف": "f",
    "ق": "q",
    "ك": "k",
    "ل": "l",
    "م": "m",
    "ن": "n",
    "ه": "h",
    "ء": "",
    _HAMZA_MARK_CHAR: "a",
    _SORANI_E: "e",
    _VOWEL_CARRIER: "",
    _JIM_CH: "ch",
    "چ": "ch",
    "ژ": "zh",
}

# Kurmanji (and Turkish) letters that carry a consonant value of their own;
# rewritten before diacritics are stripped.  Circumflex vowels are long and
# are doubled for the same reason as Arabic long vowels.
_LATIN_SPECIAL = {
    "ş": "sh",
    "ç": "ch",
    "ẍ": "gh",
    "ğ": "",
    "ı": "i",
    "ḫ": "kh",
    "ḥ": "h",
    "ṣ": "s",
    "ṭ": "t",
    "ḍ": "d",
    "ẓ": "z",
    "ß": "ss",
    "î": "ii",
    "û": "uu",
    "ê": "ee",
    "â": "aa",
    "ô": "oo",
}
_LATIN_SPECIAL_RE = re.compile("|".join(map(re.escape, _LATIN_SPECIAL)))
_NON_LETTER = re.compile(r"[^a-z]+")
_APOSTROPHES = re.compile("['`\u2018\u2019\u02bc\u02bf\u02be\u00b4]")

_ARTICLES = frozenset({"al", "el", "ul", "il", "ol"})
_CONNECTORS = frozenset({"bin", "ibn", "bint", "ben", "binti", "ould", "walad"})
_ABU = frozenset({"abu", "abou", "abo", "ebu", "aboo", "abuu", "abuua", "aabuu", "aboe"})
_VOWELS = frozenset("aeiouyw")


# Characters that show nothing of their own, besides the format characters (Unicode category
# Cf: zero-width space, non-joiner and joiner, LRM/RLM, the Arabic letter mark, embeddings,
# overrides and isolates, the byte-order mark, the soft hyphen...): tatweel, which only
# stretches a joint, and the default-ignorable marks that are not Cf (combining grapheme
# joiner, Mongolian and Unicode variation selectors).
_INVISIBLE_EXTRA = frozenset(
    "\u0640\u034f\u180b\u180c\u180d\u180f" + "".join(map(chr, range(0xFE00, 0xFE10)))
)
_ZWNJ = "\u200c"
# ه (or a presentation form of it) before a zero-width non-joiner: older Sorani typing of ە;
# but not after ا (or its presentation forms, or آ): Sorani never writes ە after ا, and
# Persian writes ماه‌رخ (Mahrokh) with a ZWNJ after the h of ماه.
_HEH_ZWNJ = re.compile("(?<![\u0622\u0627\ufe81\ufe82\ufe8d\ufe8e])[\u0647\ufee9-\ufeec]\u200c+")
# Text made of these only (letters, digits, spaces, usual punctuation) has nothing to drop.
_PLAIN_TEXT = re.compile(r"[\w\s'\-./|;,]*")


def is_invisible(char: str) -> bool:
    """Whether ``char`` shows nothing of its own: a format character (Cf), tatweel, or a
    combining grapheme joiner or variation selector."""
    return (
        unicodedata.category(char) == "Cf"
        or char in _INVISIBLE_EXTRA
        or 0xE0100 <= ord(char) <= 0xE01EF
    )


def drop_invisible(text: str) -> str:
    """``text`` without the characters that show nothing of their own (``is_invisible``),
    so they never split or change a word: حسن with a right-to-left mark, Hesen with a
    zero-width space. A zero-width non-joiner after ه, how older Sorani typing wrote ە
    (حه‌سه‌ن), is read as ە (حەسەن), but after اه it is only dropped: Persian ماه‌رخ is
    ماهرخ (Mahrokh)."""
    if "\u0640" not in text and _PLAIN_TEXT.fullmatch(text):
        return text
    text = "".join(ch for ch in text if ch == _ZWNJ or not is_invisible(ch))
    if _ZWNJ in text:
        text = _HEH_ZWNJ.sub("ە", text).replace(_ZWNJ, "")
    return text


def _shown(text: str) -> str:
    """``text`` without its invisible characters (``drop_invisible``), in NFKC: the shaped
    forms of Arabic letters that old fonts and PDFs give (ﻣﺤﻤﺪ, U+FB50-U+FEFF) are the
    letters they show (محمد)."""
    return unicodedata.normalize("NFKC", drop_invisible(text))


def has_arabic(text: str) -> bool:
    """Whether ``text`` contains Arabic-script letters."""
    return bool(_ARABIC_LETTER.search(_shown(text)))


def fold_arabic(text: str) -> str:
    """Fold Arabic-script spelling variants; Latin text passes through NFKC only."""
    text = unicodedata.normalize("NFKC", text)
    text = _ARABIC_MARKS.sub("", text)
    return text.translate(_ARABIC_FOLD)


# Names whose initial alif-lam is not the article (إلياس, إلهام), as typed
# without the hamza.  With the hamza they are recognised by ``_HAMZA_AL``.
_NOT_ARTICLE = frozenset({"الياس", "الهام", "الفت", "الماس"})
_HAMZA_AL = re.compile(r"(?<![\w\u0600-\u06ff])[أإآ](?=ل)")
_HAMZA_MARK = _HAMZA_MARK_CHAR  # private-use stand-in: "initial alif with hamza"


def _split_arabic_word(word: str) -> list[str]:
    """Split a glued عبد prefix and the article ال off an Arabic word."""
    parts: list[str] = []
    if word in _NOT_ARTICLE:
        return [word]
    if word.startswith("عبد") and len(word) > 4:
        parts.append("عبد")
        word = word[3:]
    if word.startswith("ال") and len(word) >= 4:
        parts.append("ال")
        word = word[2:]
    parts.append(word)
    return parts


_DIGRAPH_HEADS = frozenset("szkgdtcp")


def _transliterate_word(word: str) -> str:
    out: list[str] = []
    # After a vowel carrier (Sorani ئ) an initial و or ي is the vowel, not w or y.
    start = 1 if word.startswith(_VOWEL_CARRIER) else 0
    for i, ch in enumerate(word):
        if ch == "ه" and out and out[-1][-1:] in _DIGRAPH_HEADS:
            # ز+ه is "zah", not "zh": keep a vowel so no false digraph forms.
            out.append("eh")
        elif ch == "و":
            out.append("w" if i == start == 0 else "uu")
        elif ch == "ي":
            out.append("y" if i == start == 0 else "ii")
        else:
            out.append(_ARABIC_TO_LATIN.get(ch, ch))
    return "".join(out)


# The article and the "servant of" prefix have conventional Latin forms.
_FIXED_PARTS = {"ال": "al", "عبد": "abd"}
# "son of" and "daughter of" written as words (folded: إبن is ابن) read as their Latin forms,
# so that they are dropped as connectors as bin, ibn and bint are.
_ARABIC_CONNECTORS = {"بن": "bin", "ابن": "ibn", "بنت": "bint"}


def _transliterate(text: str) -> str:
    words: list[str] = []
    for word in re.split(r"(\s+|-)", text):
        if word in _ARABIC_CONNECTORS:
            words.append(_ARABIC_CONNECTORS[word])
        elif _ARABIC_LETTER.search(word):
            words.append(
                " ".join(
                    _FIXED_PARTS.get(p) or _transliterate_word(p) for p in _split_arabic_word(word)
                )
            )
        else:
            words.append(word)
    return "".join(words)


_INITIAL_YEH_HAMZA = re.compile(r"(?<![\w\u0600-\u06ff])ئ")


@lru_cache(maxsize=200_000)
def latin_fold(text: str, kurdish: bool = False, jim_as_ch: bool = False) -> str:
    """Return a lower-case ASCII Latin rendering of ``text`` in any supported script.

    ``kurdish`` reads Sorani ە as the vowel e and a word-initial ئ as a silent vowel
    carrier; ``jim_as_ch`` reads ج as "ch" (see ``place_readings``). Names use neither.
    Invisible characters are dropped first (``drop_invisible``).
    """
    text = _shown(text)
    if _ARABIC_LETTER.search(text):
        # Remember an initial hamza before ل: it marks إلياس, not the article.
        text = _HAMZA_AL.sub(_HAMZA_MARK, unicodedata.normalize("NFKC", text))
        if kurdish:
            text = _INITIAL_YEH_HAMZA.sub(_VOWEL_CARRIER, text.replace("ە", _SORANI_E))
        if jim_as_ch:
            text = text.replace("ج", _JIM_CH)
        text = _transliterate(fold_arabic(text))
    else:
        text = unicodedata.normalize("NFKC", text)
    text = text.casefold()
    text = _LATIN_SPECIAL_RE.sub(lambda m: _LATIN_SPECIAL[m.group(0)], text)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = _APOSTROPHES.sub("", text)
    return _NON_LETTER.sub(" ", text).strip()


def _canon_abd(token: str) -> str:
    """abdul-rahman, abdel rahman, abdurrahman, abd al-rahman -> abdrahman."""
    if token.startswith(("evd", "ebd")) and len(token) > 4:
        # Kurmanji renders عبد as "evd"/"ebd": Evdirehman, Ebdulla.
        token = "abd" + token[3:]
    while token.startswith("abd") and len(token) > 3:
        rest = token[3:]
        if len(rest) >= 3 and rest[0] in "aeiou" and rest[1] == "l":
            # abdul-rahman, abdullah; but abdul-a keeps its l (abdula = abdullah)
            new = "abd" + (rest[2:] if len(rest) >= 5 else rest[1:])
        elif (
            len(rest) >= 4 and rest[0] in "aeiou" and rest[1] not in _VOWELS and rest[1] == rest[2]
        ):
            # sun-letter assimilation of the article: abd-ur-rahman
            new = "abd" + rest[2:]
        elif rest.startswith("u") and len(rest) >= 4 and rest[1] not in _VOWELS:
            # Arabic transliteration of عبد + glued name keeps no vowel; the
            # Latin "abdu" + name has one.  Drop it so both meet.
            new = "abd" + rest[1:]
        else:
            new = token
        if new == token:
            break
        token = new
    return token


def _is_sun_article(tok: str, nxt: str) -> bool:
    """ "ar" before "rahman", "ash" before "shammari": an assimilated article."""
    return (
        len(tok) in (2, 3)
        and tok[0] in "aeiu"
        and tok[1] not in _VOWELS
        and nxt.startswith(tok[1:])
    )


def _token_step(tokens: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    n = len(tokens)
    while i < n:
        tok = tokens[i]
        nxt = tokens[i + 1] if i + 1 < n else None
        if nxt is not None and (tok in _ARTICLES or tok in _CONNECTORS):
            i += 1
            continue
        if nxt is not None and _is_sun_article(tok, nxt):
            # sun-letter article written separately: "ar rahman", "ash shammari"
            i += 1
            continue
        if nxt is not None and (tok in ("abd", "abdu", "abdul", "abdel", "abdal") or tok in _ABU):
            step = 2
            if i + 2 < n and (nxt in _ARTICLES or _is_sun_article(nxt, tokens[i + 2])):
                nxt = tokens[i + 2]
                step = 3
            merged = _canon_abd(tok + nxt) if tok.startswith("abd") else "abu" + nxt
            out.append(merged)
            i += step
            continue
        if tok.startswith(("abd", "evd", "ebd")):
            tok = _canon_abd(tok)
        out.append(tok)
        i += 1
    return out


# Latin spelling of the article glued to a name (ALSHAMMARI, Alhassan, Elkhatib), as Arabic
# glues ال: dropped when five letters or more follow it, the first a consonant, so that Ali,
# Alia, Alan, Almas, Elham, Elmira or Alqosh keep their first letters. Arabic spelling is read
# by ``_split_arabic_word``.
_GLUED_ARTICLE = re.compile(r"^(?:al|el)(?=[^aeiouyw][a-z]{4})")


# Kurmanji forms of Yusuf (يوسف) and Yunus (يونس), which drop the y of يو: Ûsiv, Ûnis. They
# get their y back, so that they read as Yûsif and Yunus do. A rule for every word would be
# wrong: Anas is not Yunus (both "ns" without the y), and Umar and Omar are one name.
_KURMANJI_NO_Y = frozenset(
    {"uusiv", "usiv", "uusif", "usif", "uusuf", "usuf", "uunis", "unis", "uunus", "unus"}
)


def _kurmanji_y(token: str) -> str:
    return "y" + token if token in _KURMANJI_NO_Y else token


@lru_cache(maxsize=200_000)
def _tokens_cached(text: str, kurdish: bool = False, jim_as_ch: bool = False) -> tuple[str, ...]:
    # Also on the Latin reading of Arabic letters, so that the name read again (a normal form
    # is Latin) reads the same: Arabic spelling has its ال split off before this.
    tokens = [
        _GLUED_ARTICLE.sub("", token) for token in latin_fold(text, kurdish, jim_as_ch).split()
    ]
    while True:
        new = _token_step(tokens)
        if new == tokens:
            return tuple(_kurmanji_y(token) for token in tokens)
        tokens = new


# Letters only Kurdish writes: ە (e), ێ (ê), ۆ (o), ڕ (rr), ڵ (ll) and ڤ (v). No Arabic
# spelling uses them, nor starts a word with ئ, so a name written with one is read the Sorani
# way. Letters Sorani shares with Persian and Iraqi Arabic (گ چ پ ژ) do not count.
_SORANI_LETTERS = re.compile("[ەێۆڕڵڤ]")


def sorani_spelling(text: str) -> bool:
    """Whether ``text`` is spelled the Sorani way: with a letter only Kurdish writes
    (ە ێ ۆ ڕ ڵ ڤ, or ه before a zero-width non-joiner: ``drop_invisible``) or a word that
    starts with ئ."""
    text = _shown(text)
    return _SORANI_LETTERS.search(text) is not None or _INITIAL_YEH_HAMZA.search(text) is not None


def _name_reading(text: str) -> tuple[str, ...]:
    """A name's tokens; a Sorani spelling (``sorani_spelling``) read as Sorani is read:
    حەسەن is "hesen" (Hesen, Hasan), not "hhsehn", ئەحمەد "ehmed", not "yhhmhd", ئازاد
    "aazaad" (Azad), not "yaazaad", and شێرزاد "shiirzaad" (Şêrzad, Sherzad)."""
    text = _shown(text)
    return _tokens_cached(text, kurdish=sorani_spelling(text))


def name_tokens(text: str) -> list[str]:
    """Latin-folded name tokens with articles/connectors removed and compounds joined."""
    return list(_name_reading(text))


def normalize_name(text: str) -> str:
    """Canonical Latin form of a name (idempotent)."""
    return " ".join(_name_reading(text))


# Letters of Kurdish (and Persian) Arabic-script spelling. A spelling that uses any of them
# had چ to write "ch" with, so its ج is "j".
_KURDISH_LETTERS = re.compile("[ەۆێڵڕچژگپڤ]")
_SORANI_ONLY = re.compile("[ەئ]")


def place_readings(text: str) -> tuple[tuple[tuple[str, ...], bool], ...]:
    """The readings of ``_place_readings`` with a generic word glued to the name set apart
    (``_split_glued``): Tilezêr reads as Til Ezêr, تلعزير as تل عزير."""
    readings: list[tuple[tuple[str, ...], bool]] = []
    for tokens, guess in _place_readings(text):
        split = _split_glued(tokens)
        if all(split != seen for seen, _ in readings):
            readings.append((split, guess))
    return tuple(readings)


def _place_readings(text: str) -> tuple[tuple[tuple[str, ...], bool], ...]:
    """The token readings of a place name, each with whether it is a guess at a "ch".

    The first reading is the name reading (``name_tokens``). Then, the same
    transliteration with the Arabic-script conventions of Kurdish and Iraqi place names:

    * Sorani: ە is the vowel e and a word-initial ئ only carries a vowel, so تەل قەسەب
      reads "tel qeseb" (the name reading gives "tehl qhsehb") and ئەربیل "erbiil".
    * Arabic has no letter for "ch" and writes it ج: كوجو is Kocho (Koço, کۆچۆ). A
      spelling with no Kurdish letters and a ج also reads ج as "ch". That reading is a
      guess (``True``): the comparison holds it only against a spelling that wrote "ch"
      (Latin ch or ç, Arabic-script چ), never against sh or ش, which the consonant
      skeleton does not tell from ch.

    Readings equal to an earlier one are left out; a Latin spelling has one reading.
    """
    text = _shown(text)
    out: list[tuple[tuple[str, ...], bool]] = [(_name_reading(text), False)]
    if not _ARABIC_LETTER.search(text):
        return tuple(out)
    if _SORANI_ONLY.search(text):
        out.append((_tokens_cached(text, kurdish=True), False))
    if "ج" in text and not _KURDISH_LETTERS.search(text):
        out.append((_tokens_cached(text, jim_as_ch=True), True))
    seen: set[tuple[str, ...]] = set()
    readings: list[tuple[tuple[str, ...], bool]] = []
    for tokens, guess in out:
        if tokens and tokens not in seen:
            seen.add(tokens)
            readings.append((tokens, guess))
    return tuple(readings)


def writes_ch(tokens: tuple[str, ...]) -> bool:
    """Whether a reading wrote "ch" (Latin ch or ç, Arabic-script چ): the only spellings
    a reading that guesses ج was "ch" is held against (``place_readings``)."""
    return any("ch" in token for token in tokens)


# Words that name a kind of place, not one place: Tel (hill: Tal, Til, Tell, تل, تەل), Kani
# (spring: Kanî, كاني), Gir (hill: Girê, گر), Khirbet (ruin: Xirbet, خربة) and Qasr (castle:
# قصر). Tel Qasab and Tel Ezer are two villages: what they share says nothing.
_GENERIC_PLACE_SPELLINGS = (
    *("Tel", "Tal", "Til", "Tell", "Tall", "تل", "تەل"),
    *("Kani", "Kanî", "Kaniya", "كاني", "کانی"),
    *("Gir", "Girê", "Gire", "گر", "گرێ"),
    *("Khirbet", "Khirbat", "Khirba", "Kherbet", "Xirbet", "خربة", "خربه"),
    *("Qasr", "Kasr", "Qesr", "قصر"),
)
GENERIC_PLACE_WORDS = frozenset(
    token
    for spelling in _GENERIC_PLACE_SPELLINGS
    for tokens, _ in _place_readings(spelling)
    for token in tokens
)
# Generic words that places glue to their name: Tilezêr (Til Ezêr), Telafar, تلعفر (Tal
# Afar), Tellskuf, Kanisor. Gir is left out: Arabic-script گر reads as "kr", which would take
# Kirkuk (كركوك) apart. Longest first, so that Tellskuf gives "tell", not "tel".
_GLUED_PLACE_SPELLINGS = (
    *("Tel", "Tal", "Til", "Tell", "Tall", "تل", "تەل"),
    *("Kani", "Kanî", "كاني", "کانی"),
)
_GLUED_GENERIC = tuple(
    sorted(
        {
            token
            for spelling in _GLUED_PLACE_SPELLINGS
            for tokens, _ in _place_readings(spelling)
            for token in tokens
        },
        key=lambda word: (-len(word), word),
    )
)


def _split_glued(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """``tokens`` with a generic word glued to the start of a word set apart, when what
    follows it has two consonants or more (a name of its own): "tilezeer" is "til" and
    "ezeer", but Talib, Tilo and Kaniya stay whole."""
    out: list[str] = []
    for token in tokens:
        for word in _GLUED_GENERIC:
            rest = token[len(word) :]
            if token.startswith(word) and len(token_skeleton(rest)) >= 2:
                out.extend((word, rest))
                break
        else:
            out.append(token)
    return tuple(out)


def place_core(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """The distinctive words of a place reading: ``tokens`` without the generic ones
    (``GENERIC_PLACE_WORDS``), so ("tel", "qasab") gives ("qasab",)."""
    return tuple(t for t in tokens if t not in GENERIC_PLACE_WORDS)


_DIGRAPHS = (
    ("tch", "C"),
    ("sch", "C"),
    ("kh", "x"),
    ("gh", "x"),
    ("sh", "C"),
    ("ch", "C"),
    ("dj", "j"),
    ("zh", "j"),
    ("th", "t"),
    ("dh", "d"),
    ("ph", "f"),
    ("ck", "k"),
)
_SINGLE = str.maketrans({"c": "j", "q": "k", "g": "k", "v": "f", "p": "b", "C": "c"})


@lru_cache(maxsize=200_000)
def _analyse(token: str) -> tuple[str, tuple[str, ...]]:
    """Return (consonant skeleton, vowels after each consonant) for one token."""
    for src, dst in _DIGRAPHS:
        token = token.replace(src, dst)
    token = token.translate(_SINGLE)
    # A final h is a ta marbuta or a Latin "-ah": neither is reliably written.
    if len(token) > 2 and token.endswith("h"):
        token = token[:-1]
    consonants: list[str] = []
    slots: list[str] = [""]
    for i, ch in enumerate(token):
        if ch in _VOWELS and not (i == 0 and ch in "yw"):
            slots[-1] += ch
        elif consonants and consonants[-1] == ch and slots[-1] == "":
            continue  # doubled consonant (shadda, "ss", "ll")
        else:
            consonants.append(ch)
            slots.append("")
    skel = "".join(consonants)
    if not skel:
        skel = token[:1]
    return skel, tuple(slots)


_LOOSE = str.maketrans({"x": "k", "j": "k", "c": "s", "z": "s", "d": "t"})
_REPEAT = re.compile(r"(.)\1+")


def loosen(skel: str) -> str:
    """Coarser skeleton for blocking and the "close" level.

    Merges consonants that relatives confuse across dialects and
    transliteration habits: kh/k/g/j (Khalil/Kalil, Jamal/Gamal), sh/s,
    z/s (Kewser/Kawthar), d/t (Murad/Murat, Mehmet/Mohammed).
    """
    return _REPEAT.sub(r"\1", skel.translate(_LOOSE))


def clear_normalize_caches() -> None:
    """Empty the memo tables of this module."""
    latin_fold.cache_clear()
    _tokens_cached.cache_clear()
    _analyse.cache_clear()


def token_skeleton(token: str) -> str:
    """Consonant skeleton of one Latin-folded token."""
    return _analyse(token)[0]


def skeleton(text: str) -> str:
    """Space-separated consonant skeletons of the name tokens of ``text``."""
    return " ".join(_analyse(t)[0] for t in _name_reading(text))


def vowel_slots(token: str) -> tuple[str, ...]:
    """Vowel runs of a token: before the first consonant, after each consonant."""
    return _analyse(token)[1]


_LONG_I = ("ii", "ee", "ei", "ey", "ai", "ay", "ie", "iy")
_LONG_U = ("uu", "oo", "ou", "ow", "uw")
_LONG_A = ("aa",)


def _long_classes(slot: str) -> str:
    classes = ""
    if any(m in slot for m in _LONG_I):
        classes += "i"
    if any(m in slot for m in _LONG_U):
        classes += "u"
    if any(m in slot for m in _LONG_A):
        classes += "a"
    return classes


_COMPATIBLE = {"i": "iey", "u": "uow", "a": "ae"}


def vowels_compatible(left: str, right: str) -> bool:
    """Whether two tokens with one skeleton can be one name given their long vowels.

    A long vowel written on one side (Arabic ي/و/ا, Latin ee/ou/ai, Kurmanji
    î/û/ê) must be matched by a vowel of the same quality on the other side.
    The slot before the first consonant and after the last are ignored:
    initial alif is only a hamza carrier and final ى/ة are read as "a".
    """
    a = vowel_slots(left)
    b = vowel_slots(right)
    if len(a) != len(b):
        return True
    for sa, sb in zip(a[1:-1], b[1:-1], strict=True):
        for cls in _long_classes(sa):
            if not any(c in sb for c in _COMPATIBLE[cls]):
                return False
        for cls in _long_classes(sb):
            if not any(c in sa for c in _COMPATIBLE[cls]):
                return False
    return True
