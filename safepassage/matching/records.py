"""The person record the engine matches, and tolerant parsing of its raw fields.

Family reports are typed by frightened relatives in Arabic, English or
Kurmanji, often with an age instead of a birth year.  Parsing is lenient about
form (``F``, ``female``, ``أنثى``, ``mê`` are all female; ``about 25`` is an
age) and strict about meaning: a value that cannot be understood raises
``ValueError`` (a :class:`CellError`) with a message fit to show to the person who typed it,
in English, and a code with the values it names for an application that says it in its
reader's language.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

from .normalize import is_invisible

__all__ = [
    "CellError",
    "PersonRecord",
    "parse_birth_year",
    "parse_sex",
    "record_from_row",
    "split_spellings",
    "tidy_spelling",
]


class CellError(ValueError):
    """A raw field that cannot be understood: the English message, and ``code`` with the
    values it names (``params``: the value as typed, a year), from which an application writes
    the same message in its reader's language."""

    def __init__(self, message: str, code: str, **params: object) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


@dataclass(frozen=True, slots=True)
class PersonRecord:
    """One report of one person.  Each name part holds every known spelling."""

    ref: str
    given_names: tuple[str, ...] = ()
    father_names: tuple[str, ...] = ()
    grandfather_names: tuple[str, ...] = ()
    family_names: tuple[str, ...] = ()
    mother_names: tuple[str, ...] = ()
    sex: str | None = None
    birth_year: int | None = None
    birth_year_uncertainty: int = 0
    home_places: tuple[str, ...] = ()
    # Optional full date (YYYY-MM-DD); used when both sides have one.
    birth_date: str | None = None


_FEMALE = frozenset(
    {
        "f",
        "female",
        "woman",
        "girl",
        "fem",
        "أنثى",
        "انثى",
        "انثي",
        "أنثي",
        "mê",
        "me",
        "jin",
        "keç",
        "kec",
        "امرأة",
        "بنت",
        "kadın",
        "kadin",
        "ژن",
        "مێ",
    }
)
_MALE = frozenset(
    {
        "m",
        "male",
        "man",
        "boy",
        "ذكر",
        "ذ",
        "nêr",
        "ner",
        "mêr",
        "mer",
        "kur",
        "erkek",
        "رجل",
        "ولد",
        "پیاو",
        "نێر",
    }
)


def parse_sex(value: str | None) -> str | None:
    """Map the many ways of writing sex to ``'f'``/``'m'``; empty means unknown."""
    if value is None:
        return None
    v = value.strip().casefold().rstrip(".")
    if not v or v in {"?", "-", "unknown", "u", "x"}:
        return None
    if v in _FEMALE:
        return "f"
    if v in _MALE:
        return "m"
    raise CellError(f"unrecognised sex value {value!r} (use f or m)", "sex", value=value)


_UNCERTAIN_WORDS = re.compile(
    r"\b(about|approx(?:imately)?|around|ca|circa|c|roughly|maybe|perhaps|حوالي|حوالى|تقريبا|"
    r"nêzîkî|nezîkî|nêzikî|qasî|qasi|derdora|نزیکەی|نزیکە|نزیکەیی)\b\.?|[~?≈]",
    re.IGNORECASE,
)
_AGE_WORDS = re.compile(
    r"\b(years?\s*old|years?|yrs?|y/o|age[d]?|سنة|سنه|عام|عمر|عمره|عمرها|salî|sali|sal|"
    r"ساڵ|ساڵە|ساڵان|تەمەن|تەمەنی)\b",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"\d+")
_MAX_AGE = 120


def parse_birth_year(
    value: str | None, reference_year: int | None = None
) -> tuple[int | None, int]:
    """Return ``(birth_year, uncertainty)`` from a year, an age or a range.

    Four-digit numbers are years; numbers up to 120 are ages counted back from
    ``reference_year`` (default: this year).  An age is uncertain by one year
    (the birthday is unknown); words like "about", "~" or "?" add two more.
    """
    if value is None:
        return None, 0
    text = value.strip()
    if not text:
        return None, 0
    if reference_year is None:
        reference_year = dt.datetime.now(tz=dt.UTC).year
    uncertain = bool(_UNCERTAIN_WORDS.search(text))
    rest = _UNCERTAIN_WORDS.sub(" ", text)
    rest = _AGE_WORDS.sub(" ", rest)
    digits = _NUMBER.findall(rest)
    if any(len(n) > 4 for n in digits):  # nor read as an integer (Python reads 4,300 digits)
        raise CellError(
            f"{value!r} is neither a birth year nor an age", "birth_neither", value=value
        )
    numbers = [int(n) for n in digits]
    leftover = _NUMBER.sub(" ", rest)
    if not numbers or len(numbers) > 2 or re.search(r"[^\s\-–/,]", leftover):
        raise CellError(
            f"cannot read a birth year or age from {value!r}", "birth_unreadable", value=value
        )
    if len(numbers) == 2:
        lo, hi = sorted(numbers)
        if not (lo >= 1000 and hi <= reference_year and hi - lo <= 20):
            raise CellError(
                f"cannot read a birth year range from {value!r}", "birth_range", value=value
            )
        mid = (lo + hi) // 2
        return mid, (hi - lo + 1) // 2 + (2 if uncertain else 0)
    n = numbers[0]
    if 1000 <= n <= reference_year:
        if n < reference_year - 130:
            raise CellError(f"birth year {n} is implausibly early", "birth_early", year=n)
        return n, 3 if uncertain else 0
    if 0 <= n <= _MAX_AGE:
        return reference_year - n, 3 if uncertain else 1
    raise CellError(f"{value!r} is neither a birth year nor an age", "birth_neither", value=value)


# Direction embeddings and overrides (LRE, RLE, LRO, RLO) end at PDF; isolates (LRI, RLI,
# FSI) at PDI, which also ends the embeddings opened inside them.
_EMBEDDINGS = frozenset("\u202a\u202b\u202d\u202e")
_ISOLATES = frozenset("\u2066\u2067\u2068")
_PDF, _PDI = "\u202c", "\u2069"


def _close_directions(text: str) -> str:
    """``text`` with the direction embeddings, overrides and isolates it leaves open closed at
    its end (as the bidirectional algorithm pairs them)."""
    if not any(ch in _EMBEDDINGS or ch in _ISOLATES for ch in text):
        return text
    open_: list[str] = []
    for ch in text:
        if ch in _EMBEDDINGS:
            open_.append(_PDF)
        elif ch in _ISOLATES:
            open_.append(_PDI)
        elif ch == _PDF and open_ and open_[-1] == _PDF:
            open_.pop()
        elif ch == _PDI and _PDI in open_:
            while open_.pop() != _PDI:
                pass
    return text + "".join(reversed(open_))


def tidy_spelling(value: str) -> str:
    """A spelling as it is kept: as typed, invisible characters and all (a ZWNJ shapes
    Arabic script), but without the spaces around it; empty if nothing in it shows (only
    direction marks, zero-width spaces...); and with any direction embedding, override or
    isolate it opens closed at its end, so that it cannot reverse or reorder what is shown
    after it (the next spelling, the next name)."""
    text = value.strip()
    if all(ch.isspace() or is_invisible(ch) for ch in text):
        return ""
    return _close_directions(text)


def split_spellings(value: str | None) -> tuple[str, ...]:
    """A cell may carry several spellings separated by ``|``, ``;`` (or the Arabic semicolon
    ``؛``, which an Arabic keyboard types for it) or ``/``; each is kept as ``tidy_spelling``
    keeps it, and one in which nothing shows is left out."""
    if not value:
        return ()
    parts = (tidy_spelling(p) for p in re.split("[|;\u061b/]", value))
    return tuple(p for p in parts if p)


_ISO_DATE = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})$")


def record_from_row(
    row: Mapping[str, str | None], reference_year: int | None = None
) -> PersonRecord:
    """Build a record from a CSV row dict (column names as in the person CSV)."""
    ref = (row.get("ref") or "").strip()
    if not ref:
        raise CellError("empty ref", "empty_ref")
    year, uncertainty = parse_birth_year(row.get("birth_year"), reference_year)
    birth_date = None
    raw_date = (row.get("birth_date") or "").strip()
    if raw_date:
        m = _ISO_DATE.match(raw_date)
        if not m:
            raise CellError(
                f"cannot read birth_date {raw_date!r} (use YYYY-MM-DD)",
                "birth_date_unreadable",
                value=raw_date,
            )
        try:
            born_on = dt.date(*(int(part) for part in m.groups()))
        except ValueError:
            raise CellError(
                f"birth_date {raw_date!r} is not a real date", "birth_date_unreal", value=raw_date
            ) from None
        # In ASCII digits whatever digits it was typed in (١٩٩٩-٠٥-٠١ is 1999-05-01): dates are
        # compared as text.
        birth_date = born_on.isoformat()
        if year is None:
            year = born_on.year
    return PersonRecord(
        ref=ref,
        given_names=split_spellings(row.get("given_name")),
        father_names=split_spellings(row.get("father_name")),
        grandfather_names=split_spellings(row.get("grandfather_name")),
        family_names=split_spellings(row.get("family_name")),
        mother_names=split_spellings(row.get("mother_name")),
        sex=parse_sex(row.get("sex")),
        birth_year=year,
        birth_year_uncertainty=uncertainty,
        home_places=split_spellings(row.get("home_place")),
        birth_date=birth_date,
    )
