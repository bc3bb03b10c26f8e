"""Field-by-field comparison of two person records into discrete agreement levels.

Fellegi-Sunter scoring needs every field reduced to a small set of levels
whose match/non-match frequencies can be estimated.  Names go through the
normal forms of ``normalize``; the result of comparing two spellings is cached
because a population repeats the same few thousand spellings endlessly, which
is what makes deduplicating 100,000 records affordable in pure Python.

A record is "prepared" once (``prepare``): spellings are normalised and
interned, and a whole name typed into the given-name field is split into its
parts, so later comparisons only look values up.  A home place is read as a
name is, and also in the readings Kurdish and Iraqi place names written in
Arabic script call for (``normalize.place_readings``); a generic word (Tel,
Kani, Gir...) that both places have does not by itself make them agree
(``compare_places``).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import DamerauLevenshtein, JaroWinkler

from .normalize import (
    clear_normalize_caches,
    has_arabic,
    latin_fold,
    loosen,
    name_tokens,
    place_core,
    place_readings,
    token_skeleton,
    vowels_compatible,
    writes_ch,
)
from .records import PersonRecord

__all__ = [
    "BIRTH_LEVELS",
    "B_DATE_CLOSE",
    "B_DATE_EXACT",
    "B_EXACT",
    "B_FAR",
    "B_NEAR",
    "B_WITHIN",
    "FIELDS",
    "MISSING",
    "NAME_FIELDS",
    "NAME_LEVELS",
    "N_CLOSE",
    "N_DISAGREE",
    "N_EXACT",
    "N_IDENT",
    "N_PARTIAL",
    "N_SKEL",
    "SEX_LEVELS",
    "NameValue",
    "PreparedRecord",
    "clear_caches",
    "compare_prepared",
    "field_levels",
    "prepare",
]

MISSING = -1

NAME_LEVELS = ("identical", "exact", "close", "skeleton_only", "partial", "disagree")
N_IDENT, N_EXACT, N_CLOSE, N_SKEL, N_PARTIAL, N_DISAGREE = range(6)
SEX_LEVELS = ("agree", "disagree")
S_AGREE, S_DISAGREE = range(2)
BIRTH_LEVELS = ("date_exact", "date_close", "exact", "within", "near", "far")
B_DATE_EXACT, B_DATE_CLOSE, B_EXACT, B_WITHIN, B_NEAR, B_FAR = range(6)

NAME_FIELDS = ("given", "father", "grandfather", "family", "mother")
FIELDS = (*NAME_FIELDS, "sex", "birth", "home")
FIELD_INDEX = {f: i for i, f in enumerate(FIELDS)}


def field_levels(field: str) -> tuple[str, ...]:
    """Names of the comparison levels of ``field``, best agreement first."""
    if field == "sex":
        return SEX_LEVELS
    if field == "birth":
        return BIRTH_LEVELS
    return NAME_LEVELS


@dataclass(frozen=True, slots=True)
class NameValue:
    """One normalised spelling of one name part."""

    uid: int
    raw: str
    tokens: tuple[str, ...]
    skels: tuple[str, ...]
    skel: str
    latin: str
    loose: tuple[str, ...]
    arabic: bool
    skel_set: frozenset[str]
    # A place reading that guesses ج was "ch": it stands only against a spelling that
    # wrote "ch" (``writes_ch``: Latin ch or ç, Arabic-script چ), not against sh or ش.
    guess: bool = False
    writes_ch: bool = True


_INTERN: dict[tuple[str, ...], int] = {}
_UIDS = itertools.count()


@lru_cache(maxsize=500_000)
def _name_value(raw: str, tokens: tuple[str, ...], guess: bool = False) -> NameValue:
    uid = _INTERN.get(tokens)
    if uid is None:
        # ids keep increasing across clear_caches(), so values prepared
        # before a clear never share an id with a different name after it
        uid = _INTERN[tokens] = next(_UIDS)
    skels = tuple(token_skeleton(t) for t in tokens)
    # In the loose form "th" is read as s: Kawthar/Kewser, Othman/Osman (ث).
    loose = tuple(loosen(token_skeleton(t.replace("th", "s"))) for t in tokens)
    arabic = has_arabic(raw)
    return NameValue(
        uid,
        raw,
        tokens,
        skels,
        " ".join(skels),
        " ".join(tokens),
        loose,
        arabic,
        frozenset(skels),
        guess,
        writes_ch(tokens),
    )


def _values(spellings: tuple[str, ...]) -> list[tuple[str, tuple[str, ...]]]:
    out: list[tuple[str, tuple[str, ...]]] = []
    for raw in spellings:
        toks = tuple(name_tokens(raw))
        if toks:
            out.append((raw, toks))
    return out


@dataclass(frozen=True, slots=True)
class PreparedRecord:
    """A record with every name spelling normalised; built once per record."""

    ref: str
    given: tuple[NameValue, ...]
    father: tuple[NameValue, ...]
    grandfather: tuple[NameValue, ...]
    family: tuple[NameValue, ...]
    mother: tuple[NameValue, ...]
    home: tuple[NameValue, ...]
    sex: str | None
    birth_year: int | None
    birth_uncertainty: int
    birth_date: str | None

    def names(self, field: str) -> tuple[NameValue, ...]:
        return tuple(getattr(self, field))


def _dedupe(values: list[tuple[str, tuple[str, ...]]]) -> tuple[NameValue, ...]:
    seen: dict[tuple[str, ...], NameValue] = {}
    for raw, toks in values:
        if toks not in seen:
            seen[toks] = _name_value(raw, toks)
    return tuple(seen.values())


def _places(spellings: tuple[str, ...]) -> tuple[NameValue, ...]:
    """Every reading of every spelling of a place; a guessed reading only where no
    spelling reads that way as written."""
    readings = [
        (raw, toks, guess) for raw in spellings for toks, guess in place_readings(raw) if toks
    ]
    seen: dict[tuple[str, ...], NameValue] = {}
    for raw, toks, guess in sorted(readings, key=lambda r: r[2]):  # as written first
        if toks not in seen:
            seen[toks] = _name_value(raw, toks, guess)
    return tuple(seen.values())


def prepare(record: PersonRecord) -> PreparedRecord:
    """Normalise a record; split a whole name typed into the given-name field."""
    given = _values(record.given_names)
    father = _values(record.father_names)
    grandfather = _values(record.grandfather_names)
    family = _values(record.family_names)
    if not father and any(len(t) >= 2 for _, t in given):
        # "Layla Khalil Hassan" in one field: given, father, [grandfather], family.
        new_given: list[tuple[str, tuple[str, ...]]] = []
        split_father: list[tuple[str, tuple[str, ...]]] = []
        split_gf: list[tuple[str, tuple[str, ...]]] = []
        split_family: list[tuple[str, tuple[str, ...]]] = []
        for raw, toks in given:
            if len(toks) < 2:
                new_given.append((raw, toks))
                continue
            new_given.append((raw, toks[:1]))
            rest = list(toks[1:])
            if not family and len(rest) >= 2:
                split_family.append((raw, (rest.pop(),)))
            split_father.append((raw, (rest[0],)))
            if not grandfather and len(rest) >= 2:
                split_gf.append((raw, (rest[1],)))
        given, father = new_given, split_father
        grandfather = grandfather or split_gf
        family = family or split_family
    home = _places(record.home_places)
    return PreparedRecord(
        ref=record.ref,
        given=_dedupe(given),
        father=_dedupe(father),
        grandfather=_dedupe(grandfather),
        family=_dedupe(family),
        mother=_dedupe(_values(record.mother_names)),
        home=home,
        sex=record.sex,
        birth_year=record.birth_year,
        birth_uncertainty=max(0, record.birth_year_uncertainty),
        birth_date=record.birth_date,
    )


_CLOSE = 0.90
_LOOSE_LATIN = 0.75
_PARTIAL = 0.80


def compare_values(a: NameValue, b: NameValue) -> int:
    """Agreement level of two single spellings (see ``NAME_LEVELS``).

    Vowels carry little information across scripts (Arabic omits short
    vowels, Kurmanji writes e for a) but much between two Latin spellings
    (Kylie/Kayl), so Latin-Latin pairs must also agree on the Latin form to
    reach "close".
    """
    if a.uid == b.uid:
        return N_IDENT
    if a.skel == b.skel:
        if all(vowels_compatible(x, y) for x, y in zip(a.tokens, b.tokens, strict=True)):
            return N_EXACT
        return N_SKEL
    latin_pair = not a.arabic and not b.arabic
    js = JaroWinkler.normalized_similarity(a.skel, b.skel)
    jl = JaroWinkler.normalized_similarity(a.latin, b.latin)
    if a.loose == b.loose and (not latin_pair or jl >= _LOOSE_LATIN):
        return N_CLOSE
    if latin_pair:
        if jl >= _CLOSE:
            return N_CLOSE
    elif max(js, jl) >= _CLOSE and len(a.skel) > 1 and len(b.skel) > 1:
        return N_CLOSE
    if max(js, jl) >= _PARTIAL or not a.skel_set.isdisjoint(b.skel_set):
        return N_PARTIAL
    return N_DISAGREE


def compare_places(a: NameValue, b: NameValue) -> int:
    """Agreement level of two place readings: as ``compare_values``, but when both have a
    generic word (Tel, Kani, Gir, Khirbet, Qasr: ``normalize.GENERIC_PLACE_WORDS``), the
    level is no better than that of their distinctive words alone. Tel Qasab and Tel Ezer
    share only "Tel" and disagree; Tel Qasab, Tal Qasab and تل قصب, one skeleton, agree."""
    level = compare_values(a, b)
    if a.skel == b.skel:  # the same words: identical, exact or skeleton_only
        return level
    core_a, core_b = place_core(a.tokens), place_core(b.tokens)
    if core_a == a.tokens or core_b == b.tokens:
        return level
    if not core_a or not core_b:
        return N_DISAGREE  # one of them is only "Tel"
    core = compare_values(_name_value(a.raw, core_a), _name_value(b.raw, core_b))
    return max(level, core)


class _Cache:
    """Memo of spelling-pair levels keyed by interned ids (places apart from names)."""

    def __init__(self) -> None:
        self.pairs: dict[int, int] = {}
        self.places: dict[int, int] = {}

    def level(self, a: tuple[NameValue, ...], b: tuple[NameValue, ...]) -> int:
        if not a or not b:
            return MISSING
        pairs = self.pairs
        if len(a) == 1 and len(b) == 1:  # the common case, kept short
            x, y = a[0], b[0]
            xu, yu = x.uid, y.uid
            if xu == yu:
                return N_IDENT
            key = (xu << 32) | yu if xu < yu else (yu << 32) | xu
            lvl = pairs.get(key)
            if lvl is None:
                lvl = pairs[key] = compare_values(x, y)
            return lvl
        best = N_DISAGREE
        for x in a:
            for y in b:
                xu, yu = x.uid, y.uid
                if xu == yu:
                    return N_IDENT
                key = (xu << 32) | yu if xu < yu else (yu << 32) | xu
                lvl = pairs.get(key)
                if lvl is None:
                    lvl = pairs[key] = compare_values(x, y)
                if lvl < best:
                    best = lvl
        return best

    def place_level(self, a: tuple[NameValue, ...], b: tuple[NameValue, ...]) -> int:
        """As ``level``, with ``compare_places``; and a reading that guesses a "ch" meets
        only spellings that wrote one (see ``normalize.place_readings``)."""
        if not a or not b:
            return MISSING
        places = self.places
        best = N_DISAGREE
        for x in a:
            for y in b:
                if (x.guess and not y.writes_ch) or (y.guess and not x.writes_ch):
                    continue
                xu, yu = x.uid, y.uid
                if xu == yu:
                    lvl = N_IDENT
                else:
                    key = (xu << 32) | yu if xu < yu else (yu << 32) | xu
                    lvl = places.get(key, -1)
                    if lvl < 0:
                        lvl = places[key] = compare_places(x, y)
                if x.guess or y.guess:
                    lvl = max(lvl, N_EXACT)  # a guess is never "identical"
                if lvl < best:
                    best = lvl
        return best


_CACHE = _Cache()


def _birth_level(a: PreparedRecord, b: PreparedRecord) -> int:
    if a.birth_date and b.birth_date:
        if a.birth_date == b.birth_date:
            return B_DATE_EXACT
        if DamerauLevenshtein.distance(a.birth_date, b.birth_date) <= 1:
            return B_DATE_CLOSE
        ya, ma, da = a.birth_date.split("-")
        yb, mb, db = b.birth_date.split("-")
        if ya == yb and ma == db and da == mb:
            return B_DATE_CLOSE  # day and month swapped
        # Two full dates that differ beyond a typo: only the year may agree.
        return B_EXACT if ya == yb else B_FAR
    if a.birth_year is None or b.birth_year is None:
        return MISSING
    diff = abs(a.birth_year - b.birth_year)
    tol = a.birth_uncertainty + b.birth_uncertainty
    if diff == 0:
        return B_EXACT
    if diff <= max(1, tol):
        return B_WITHIN
    if diff <= tol + 3:
        return B_NEAR
    return B_FAR


def compare_prepared(a: PreparedRecord, b: PreparedRecord) -> tuple[int, ...]:
    """Comparison vector: one level index per field of ``FIELDS`` (-1 = missing)."""
    level = _CACHE.level
    sex = MISSING
    if a.sex is not None and b.sex is not None:
        sex = S_AGREE if a.sex == b.sex else S_DISAGREE
    given = level(a.given, b.given)
    family = level(a.family, b.family)
    if (
        given == N_DISAGREE
        and family == N_DISAGREE
        and level(a.given, b.family) <= N_CLOSE
        and level(a.family, b.given) <= N_CLOSE
    ):
        # given and family names typed into each other's fields
        given = family = N_CLOSE
    return (
        given,
        level(a.father, b.father),
        level(a.grandfather, b.grandfather),
        family,
        level(a.mother, b.mother),
        sex,
        _birth_level(a, b),
        _CACHE.place_level(a.home, b.home),
    )


def clear_caches() -> None:
    """Drop memoised normal forms and spelling comparisons (they only grow)."""
    _CACHE.pairs.clear()
    _CACHE.places.clear()
    _name_value.cache_clear()
    _INTERN.clear()
    latin_fold.cache_clear()
    clear_normalize_caches()


def display(values: tuple[NameValue, ...]) -> str:
    """Spellings as the caseworker typed them, for the evidence panel (each once: a place
    spelling may have several readings)."""
    return " | ".join(dict.fromkeys(v.raw for v in values))
