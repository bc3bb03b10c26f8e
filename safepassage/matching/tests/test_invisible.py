"""Characters that show nothing (zero-width, direction marks, tatweel...) never split or change
a name, and a zero-width non-joiner after ه is older Sorani typing of ە."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from safepassage.matching.compare import (
    FIELD_INDEX,
    NAME_LEVELS,
    _name_value,
    compare_prepared,
    compare_values,
    field_levels,
    prepare,
)
from safepassage.matching.keys import blocking_keys
from safepassage.matching.normalize import (
    drop_invisible,
    has_arabic,
    is_invisible,
    latin_fold,
    name_tokens,
    normalize_name,
    place_readings,
    skeleton,
    sorani_spelling,
)
from safepassage.matching.records import PersonRecord, split_spellings, tidy_spelling

ZWNJ = "\u200c"
# What phones and messaging apps paste into names.
PASTED = (
    "\u200b",  # zero-width space
    ZWNJ,
    "\u200d",  # zero-width joiner
    "\u200e",  # left-to-right mark
    "\u200f",  # right-to-left mark
    "\u061c",  # Arabic letter mark
    *("\u202a", "\u202b", "\u202c", "\u202d", "\u202e"),  # embeddings, pop, overrides
    *("\u2066", "\u2067", "\u2068", "\u2069"),  # isolates
    "\u2060",  # word joiner
    "\ufeff",  # byte-order mark
    "\u00ad",  # soft hyphen
    "\u0640",  # tatweel
    "\u034f",  # combining grapheme joiner
    "\ufe0f",  # variation selector 16 (after emoji)
)
invisible = st.one_of(
    st.sampled_from(PASTED),
    st.characters(categories=["Cf"]),
    st.characters(min_codepoint=0xFE00, max_codepoint=0xFE0F),
)

# Names in Arabic, Sorani (Arabic script), English-style Latin and Kurmanji, compounds and
# articles included; the Sorani names also as older typing wrote them (ه and a ZWNJ for ە).
NAMES = (
    *("خليل", "Khalil", "Xelîl", "حسين", "Husên", "Hussein", "إبراهيم", "Îbrahîm", "إلياس"),
    *("عبد الرحمن", "Abd al-Rahman", "Evdirehman", "أبو بكر", "Layla bint Khalil al-Hassan"),
    *("فاطمة", "Fetime", "Şêrzad", "Reşîd", "O'Brien", "عائشة", "Ayşe"),
    *("حەسەن", f"حه{ZWNJ}سه{ZWNJ}ن", "ئەحمەد", f"ئه{ZWNJ}حمه{ZWNJ}د", "شێرزاد", "ڕێباز", "ئازاد"),
    *("بۆتان", "خەلیل", "الشنگالي", "Kocho", "كوجو", "کۆچۆ", "تەل قەسەب", "Tel Qasab", "ئەربیل"),
)
HEH = frozenset("\u0647\ufee9\ufeea\ufeeb\ufeec")


def _insert(text: str, char: str, at: int) -> str:
    return text[:at] + char + text[at:]


def _after_heh(text: str, at: int) -> bool:
    """Whether position ``at`` follows ه, with nothing between but invisible characters."""
    before = [c for c in text[:at] if not is_invisible(c)]
    return bool(before) and before[-1] in HEH


@st.composite
def with_invisible(draw: st.DrawFn) -> tuple[str, str]:
    """A name, and the same name with one to four invisible characters put anywhere in it;
    a ZWNJ never right after ه, where it is older Sorani typing of ە (tested apart)."""
    name = draw(st.sampled_from(NAMES))
    marked = name
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(marked)))
        char = draw(invisible)
        if char == ZWNJ and _after_heh(marked, at):
            char = "\u200b"
        marked = _insert(marked, char, at)
    return name, marked


def _record(name: str) -> PersonRecord:
    return PersonRecord(
        "r",
        given_names=(name,),
        father_names=(name,),
        family_names=("Hesen", name),
        mother_names=("Xelîl",),
        home_places=(name,),
        birth_year=1990,
    )


@given(with_invisible())
@example(("Xelîl", "Xel\u200bîl"))
@example(("خليل", "خل\u200fيل"))
@example(("Hussein", "\u202eHus\u00adsein\u202c"))
@example(("حەسەن", f"ح{ZWNJ}ەسەن"))
@settings(max_examples=400, deadline=None)
def test_invisible_characters_leave_tokens_and_keys_unchanged(pair: tuple[str, str]) -> None:
    name, marked = pair
    assert name_tokens(marked) == name_tokens(name)
    assert skeleton(marked) == skeleton(name)
    assert sorani_spelling(marked) == sorani_spelling(name)
    assert has_arabic(marked) == has_arabic(name)
    assert place_readings(marked) == place_readings(name)
    assert blocking_keys(_record(marked)) == blocking_keys(_record(name))


@pytest.mark.parametrize("char", PASTED)
@pytest.mark.parametrize("name", ["Hesen", "Xelîl", "خليل", "حەسەن"])
def test_each_pasted_character_inside_a_name_joins_it(name: str, char: str) -> None:
    for at in range(len(name) + 1):
        if char == ZWNJ and _after_heh(name, at):
            continue
        marked = _insert(name, char, at)
        assert name_tokens(marked) == name_tokens(name), (marked, at)
        assert latin_fold(marked) == latin_fold(name), (marked, at)


def test_invisible_characters_only_give_no_name() -> None:
    assert name_tokens("\u200f\u200c\u200b") == []
    assert drop_invisible("\u202b\u200f\ufeff") == ""


def test_a_latin_name_with_a_direction_mark_is_still_latin() -> None:
    # The Arabic letter mark lies in the Arabic block; it must not make Hesen an Arabic
    # spelling (two Latin spellings are compared more strictly than Latin with Arabic).
    assert not has_arabic("Hesen\u061c")
    assert not has_arabic("\u200fXelîl")


LEVELS = field_levels("given_name")


def _level(a: str, b: str) -> str:
    left = _name_value(a, tuple(name_tokens(a)))
    right = _name_value(b, tuple(name_tokens(b)))
    return LEVELS[compare_values(left, right)]


OLD_HESEN = f"حه{ZWNJ}سه{ZWNJ}ن"  # حه‌سه‌ن: ه and a ZWNJ for each ە


def test_heh_and_zwnj_is_older_sorani_typing_of_e() -> None:
    assert name_tokens(OLD_HESEN) == name_tokens("حەسەن") == ["hesen"]
    assert sorani_spelling(OLD_HESEN)
    assert name_tokens(f"ئه{ZWNJ}حمه{ZWNJ}د") == name_tokens("ئەحمەد") == ["ehmed"]
    # Presentation forms of ه (from old fonts and PDFs) too.
    assert name_tokens(f"\ufea3\ufeea{ZWNJ}\ufeb3\ufeea{ZWNJ}\ufee5") == ["hesen"]
    # Other invisible characters between ه and the ZWNJ change nothing.
    assert name_tokens(f"حه\u200f{ZWNJ}سه\u0640{ZWNJ}ن") == ["hesen"]
    # After another letter a ZWNJ only joins the word.
    assert name_tokens(f"م{ZWNJ}حمد") == name_tokens("محمد")
    assert normalize_name(normalize_name(OLD_HESEN)) == normalize_name(OLD_HESEN)


@pytest.mark.parametrize("other", ["حەسەن", "Hesen", "Hasan", "حسن"])
def test_older_sorani_hesen_agrees_with_hesen_in_any_script(other: str) -> None:
    assert _level(OLD_HESEN, other) in ("identical", "exact")
    assert _level(other, OLD_HESEN) in ("identical", "exact")


def test_older_sorani_hesen_is_not_split_into_three_names() -> None:
    # Before, حه‌سه‌ن read as three tokens ("hh", "seh", "n") and agreed with nothing.
    assert len(name_tokens(OLD_HESEN)) == 1
    assert _level(OLD_HESEN, "Ehmed") == "disagree"


def test_older_sorani_typing_shares_the_blocking_keys_of_the_sorani_spelling() -> None:
    old = PersonRecord("a", given_names=(OLD_HESEN,), family_names=("خه\u200cلیل",))
    new = PersonRecord("b", given_names=("حەسەن",), family_names=("خەلیل",))
    latin = PersonRecord("c", given_names=("Hesen",), family_names=("Xelîl",))
    assert blocking_keys(old) == blocking_keys(new)
    assert blocking_keys(old) & blocking_keys(latin)


def test_a_home_place_with_invisible_characters_agrees_with_itself() -> None:
    home = FIELD_INDEX["home"]
    left = prepare(PersonRecord("a", home_places=("\u200fكو\u200bجو",)))
    right = prepare(PersonRecord("b", home_places=("Kocho",)))
    assert NAME_LEVELS[compare_prepared(left, right)[home]] in ("identical", "exact")
    assert place_readings(f"ته{ZWNJ}ل قه{ZWNJ}سه{ZWNJ}ب") == place_readings("تەل قەسەب")


def test_a_spelling_is_kept_as_typed_but_for_what_would_mislead() -> None:
    assert tidy_spelling(f" {OLD_HESEN} ") == OLD_HESEN  # its ZWNJ shapes the letters
    assert tidy_spelling(" \u200f\u200b ") == ""  # nothing in it shows
    # An override or embedding left open would reverse or reorder what follows it on the
    # page (the next spelling, the next name): it is closed at the end of its spelling.
    assert tidy_spelling("\u202eHesen") == "\u202eHesen\u202c"
    assert tidy_spelling("\u2067\u202bحسن") == "\u2067\u202bحسن\u202c\u2069"
    for closed in ("\u202bحسن\u202c", "\u2067a\u202bb\u2069c", "\u202c\u2069Hesen"):
        assert tidy_spelling(closed) == closed
    assert split_spellings("Xelîl / \u200f | خليل ;\u202eHesen") == (
        "Xelîl",
        "خليل",
        "\u202eHesen\u202c",
    )


@given(with_invisible())
@settings(max_examples=200, deadline=None)
def test_keeping_a_spelling_changes_nothing_matching_reads(pair: tuple[str, str]) -> None:
    _, marked = pair
    assert name_tokens(tidy_spelling(marked)) == name_tokens(marked)
    assert place_readings(tidy_spelling(marked)) == place_readings(marked)


@pytest.mark.parametrize(
    ("persian", "typed", "latin"),
    [
        (f"ماه{ZWNJ}رخ", "ماهرخ", "Mahrokh"),
        (f"ماه{ZWNJ}منیر", "ماهمنیر", "Mahmonir"),
        (f"شاه{ZWNJ}رخ", "شاهرخ", "Shahrokh"),
    ],
)
def test_persian_heh_after_alif_before_a_zwnj_is_h(persian: str, typed: str, latin: str) -> None:
    """Persian writes ماه‌رخ (Mahrokh) with a ZWNJ after the h of ماه. Sorani never writes
    ە after ا, so that ه is no older Sorani typing of ە: it is h, as typed without the ZWNJ."""
    assert name_tokens(persian) == name_tokens(typed)
    assert not sorani_spelling(persian)
    assert skeleton(persian) == skeleton(latin)
    assert _level(persian, latin) in ("identical", "exact")


@pytest.mark.parametrize(
    ("zwnj", "plain"),
    [
        (f"فاطمه{ZWNJ}", "فاطمة"),  # Persian and Arabic-keyboard ta marbuta as ه
        (f"فرزانه{ZWNJ}", "Farzaneh"),  # Persian final ه, silent
        (f"ئه{ZWNJ}وه{ZWNJ}ل", "ئەوەل"),  # Sorani: ە after و (w) stays ە
        (f"ته{ZWNJ}ل", "تەل"),
    ],
)
def test_heh_and_zwnj_after_other_letters_is_still_e(zwnj: str, plain: str) -> None:
    assert skeleton(zwnj) == skeleton(plain)


@pytest.mark.parametrize(
    ("shaped", "plain"),
    [
        ("\ufee3\ufea4\ufee4\ufeaa", "محمد"),  # ﻣﺤﻤﺪ
        ("\ufea7\ufee0\ufef4\ufede", "خليل"),  # ﺧﻠﻴﻞ
        (f"\ufee3\ufe8e\ufeea{ZWNJ}\ufead\ufea7", "ماهرخ"),  # ﻣﺎﻪ‌ﺭﺧ, Persian Mahrokh
        ("\ufe91\ufefc\ufedd", "بلال"),  # ﺑﻼﻝ, with a lam-alef ligature
    ],
)
def test_a_name_in_arabic_presentation_forms_reads_as_the_letters_it_shows(
    shaped: str, plain: str
) -> None:
    """Old fonts and text copied out of PDFs give each letter's shaped form (U+FB50-U+FEFF).
    Such a name read as nothing at all: no token, no key, no match."""
    assert has_arabic(shaped)
    assert name_tokens(shaped) == name_tokens(plain)
    assert skeleton(shaped) == skeleton(plain)
    assert normalize_name(normalize_name(shaped)) == normalize_name(shaped)
