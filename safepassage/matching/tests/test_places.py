"""Home places across scripts: Sinjar villages in Latin, Arabic and Sorani Kurdish spelling."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from safepassage.matching.compare import (
    FIELD_INDEX,
    MISSING,
    N_EXACT,
    NAME_LEVELS,
    compare_prepared,
    prepare,
)
from safepassage.matching.keys import blocking_keys
from safepassage.matching.model import PRIOR_M, PRIOR_U, Matcher
from safepassage.matching.normalize import (
    GENERIC_PLACE_WORDS,
    has_arabic,
    name_tokens,
    place_core,
    place_readings,
)
from safepassage.matching.records import PersonRecord

HOME = FIELD_INDEX["home"]

# One village each: English-style Latin, Kurmanji Latin, Arabic, Sorani (Arabic script).
VILLAGES = {
    "Kocho": ["Kocho", "Koço", "كوجو", "کۆچۆ"],
    "Tel Qasab": ["Tel Qasab", "Tal Qasab", "Til Qeseb", "تل قصب", "تەل قەسەب"],
    "Tel Ezer": ["Tel Ezer", "Til Ezêr", "تل عزير", "تەل عەزیر"],
    "Hardan": ["Hardan", "Herdan", "حردان", "حەردان"],
    "Solagh": ["Solagh", "Solax", "سولاغ", "سۆلاغ"],
    "Khanasor": ["Khanasor", "Xanesor", "خانصور", "خانەسۆر"],
}
AGREE = ("identical", "exact")


def _level(a: str, b: str) -> str:
    left = prepare(PersonRecord("a", home_places=(a,)))
    right = prepare(PersonRecord("b", home_places=(b,)))
    return NAME_LEVELS[compare_prepared(left, right)[HOME]]


@pytest.mark.parametrize(
    ("a", "b"),
    [pair for group in VILLAGES.values() for pair in itertools.combinations(group, 2)],
)
def test_one_village_agrees_in_every_script(a: str, b: str) -> None:
    assert _level(a, b) in AGREE
    assert _level(b, a) in AGREE


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (a, b)
        for a in VILLAGES["Kocho"]
        for b in VILLAGES["Hardan"]  # every script against every script
    ],
)
def test_different_villages_disagree(a: str, b: str) -> None:
    assert _level(a, b) == "disagree"


def test_no_two_villages_agree() -> None:
    for (one, a), (other, b) in itertools.permutations(VILLAGES.items(), 2):
        for x, y in itertools.product(a, b):
            assert _level(x, y) not in AGREE, (one, other, x, y)


def test_generic_place_words() -> None:
    spellings = ("Tel", "Tal", "Til", "تل", "تەل", "Kani", "Kanî", "كاني", "Girê", "خربة", "قصر")
    for spelling in spellings:
        tokens = {token for reading, _ in place_readings(spelling) for token in reading}
        assert tokens <= GENERIC_PLACE_WORDS, spelling
    assert place_core(("tel", "qasab")) == ("qasab",)
    assert place_core(("qasab",)) == ("qasab",)
    assert not GENERIC_PLACE_WORDS & {"qasab", "ezer", "kocho", "sinjar", "hardan"}


@pytest.mark.parametrize(
    ("a", "b"),
    [
        *itertools.product(VILLAGES["Tel Qasab"], VILLAGES["Tel Ezer"]),
        ("Tal Afar", "Tel Qasab"),
        ("Tel", "Tel Ezer"),  # "Tel" alone is any hill
        ("Kani Sor", "Kani Spi"),
        ("كاني سور", "Kanî Spî"),
        ("Gir Zerik", "Girê Qesab"),
        ("Khirbet Jaber", "Khirbet Ezer"),
        ("Qasr Shirin", "قصر جابر"),
    ],
)
def test_places_that_share_only_a_generic_word_disagree(a: str, b: str) -> None:
    assert _level(a, b) == "disagree"
    assert _level(b, a) == "disagree"


@pytest.mark.parametrize(
    ("a", "b", "level"),
    [
        ("Tel Qasab", "Tel Qasaf", "close"),  # a typo in the distinctive word
        ("Tel Qasab", "Girê Qesab", "partial"),  # another generic word, the same name
        ("Tel Qasab", "Qasab", "partial"),  # the generic word left out
        ("House 14 Tel Qasab", "Tel Qasab", "partial"),
    ],
)
def test_the_distinctive_words_decide(a: str, b: str, level: str) -> None:
    assert _level(a, b) == level
    assert _level(b, a) == level


def test_sorani_vowels_and_vowel_carrier() -> None:
    readings = [tokens for tokens, _ in place_readings("تەل قەسەب")]
    assert ("tel", "qeseb") in readings  # ە is a vowel, not h
    assert ("erbiil",) in [tokens for tokens, _ in place_readings("ئەربیل")]
    assert _level("ئەربیل", "Erbil") in AGREE and _level("ئەربیل", "اربيل") in AGREE


def test_jim_for_ch_is_a_guess_held_against_a_written_ch_only() -> None:
    assert place_readings("كوجو") == ((("kuujuu",), False), (("kuuchuu",), True))
    # Sorani has چ: its ج is j. Latin has one reading.
    assert len(place_readings("کۆچۆ")) == 1 and len(place_readings("Kocho")) == 1
    # The skeleton does not tell ch from sh; the guess is not held against a written sh.
    assert _level("كوجو", "Kosho") == "disagree"
    assert _level("كوجو", "كوشو") not in AGREE
    # ج stays j too: Jidala and Sinjar still agree.
    assert _level("جدالة", "Jidala") in AGREE and _level("سنجار", "Sinjar") in AGREE
    # A guess is never "identical", even when the spellings meet exactly.
    assert _level("كوجو", "کۆچۆ") == "exact"


def test_names_keep_their_own_reading() -> None:
    assert name_tokens("كوجو") == ["kuujuu"]  # the "ch" guess is for places only
    assert name_tokens("حەسەن") == ["hesen"]  # a Sorani spelling is read as Sorani


def test_place_weight_in_the_evidence_is_that_of_its_level() -> None:
    """Kocho/كوجو now agree, and weigh what any exact place agreement weighs."""
    matcher = Matcher()

    def layla(ref: str, place: str) -> PersonRecord:
        return PersonRecord(ref, ("Layla",), ("Khalil",), birth_year=1998, home_places=(place,))

    left, right = layla("1", "Kocho"), layla("2", "كوجو")
    latin, other = layla("3", "Tal Qassab"), layla("4", "Tel Qasab")
    home = matcher.score(left, right).evidence[HOME]
    plain = matcher.score(latin, other).evidence[HOME]
    assert (home.level, plain.level) == ("exact", "exact")
    prior = math.log2(PRIOR_M["home"][N_EXACT] / PRIOR_U["home"][N_EXACT])  # unchanged
    assert home.weight == plain.weight == round(prior, 3)
    assert (home.left_value, home.right_value) == ("Kocho", "كوجو")  # each spelling once


def test_the_village_blocks_across_scripts() -> None:
    left = PersonRecord("1", given_names=("Layla",), home_places=("Kocho",))
    right = PersonRecord("2", given_names=("ليلى",), home_places=("كوجو",))
    shared = blocking_keys(left) & blocking_keys(right)
    assert any(key.startswith("gp:") for key in shared)


place_text = st.text(
    alphabet=st.sampled_from(
        list("abcdeghijklmnoqrstuvwxyzKHŞÇÊÎÛêîûşçx '-")
        + list("ابتثجحخدذرزسشصضطظعغفقكلمنهويءأإآؤئةىـکیەۆێڵڕڤگپچژ ")
    ),
    max_size=20,
)


@given(place_text, place_text)
@example("Tel Qasab", "Tel Ezer")
@example("تل قصب", "تل عزير")
@example("Kani Sor", "Kani Spi")
@example("Tilezer", "Tilez")
@example("Telafar", "Tilafa")
@example("تلعفر", "Tlfr")
@settings(max_examples=300, deadline=None)
def test_a_place_agrees_at_least_as_well_as_the_same_text_as_a_name(a: str, b: str) -> None:
    """The readings only add ways to agree: as a name, the same two spellings never agree
    better, unless both have a generic word (Tel, Kani...), which only takes agreement away;
    two Latin spellings compare as names do, but for such words. A generic word glued to
    the name (Tilezer) is set apart in every place reading (Til Ezer): the place compares
    as the name written apart does."""
    apart = [next(iter(place_readings(t)), ((), False))[0] for t in (a, b)]
    if any(tokens != tuple(name_tokens(t)) for tokens, t in zip(apart, (a, b), strict=True)):
        if has_arabic(a) or has_arabic(b):
            return  # written apart, it would be Latin: see the glued tests below
        a, b = (" ".join(tokens) for tokens in apart)
    vec = compare_prepared(
        prepare(PersonRecord("a", (a,), ("x",), home_places=(a,))),
        prepare(PersonRecord("b", (b,), ("x",), home_places=(b,))),
    )
    as_name, as_place = vec[FIELD_INDEX["given"]], vec[HOME]
    if as_name == MISSING:
        return
    generic = all(GENERIC_PLACE_WORDS.intersection(name_tokens(t)) for t in (a, b))
    latin = not (has_arabic(a) or has_arabic(b))
    if not generic:
        assert as_place <= as_name
        if latin:
            assert as_place == as_name
    elif latin:
        assert as_place >= as_name
    assert place_readings(a)[0] == (tuple(name_tokens(a)), False)  # the name reading first


@pytest.mark.parametrize(
    ("glued", "apart"),
    [
        ("Tilezêr", "Til Ezêr"),
        ("Tilezêr", "Tel Ezer"),
        ("Tilezêr", "تل عزير"),
        ("Tilezêr", "تەل عەزیر"),
        ("تلعزير", "تل عزير"),
        ("تلعزير", "Tel Ezer"),
        ("Telafar", "Tal Afar"),
        ("تلعفر", "Tal Afar"),
        ("Tellskuf", "Tel Skuf"),
        ("Kanisor", "Kani Sor"),
        ("Kanîsor", "كاني سور"),
    ],
)
def test_a_generic_word_glued_to_the_name_is_set_apart(glued: str, apart: str) -> None:
    """Tilezêr is Til Ezêr: Tel (Tal, Til, تل) or Kani glued to the name is the same word."""
    assert _level(glued, apart) in AGREE
    assert _level(apart, glued) in AGREE


@pytest.mark.parametrize(
    ("a", "b"),
    [("Tilezêr", "Tal Afar"), ("تلعزير", "Telafar"), ("Kanisor", "Kani Spî"), ("Tilezêr", "Tel")],
)
def test_glued_places_that_share_only_the_generic_word_disagree(a: str, b: str) -> None:
    assert _level(a, b) == "disagree"
    assert _level(b, a) == "disagree"


@pytest.mark.parametrize("place", ["Talib", "Tilo", "Dêrik", "Kaniya", "كركوك", "Girdî", "Tel"])
def test_a_word_that_only_starts_like_a_generic_one_stays_whole(place: str) -> None:
    """Only a rest of two consonants or more is a name of its own; Gir is not split (Arabic
    گر would take Kirkuk, كركوك, apart)."""
    assert place_readings(place)[0][0] == tuple(name_tokens(place))


def test_the_village_key_is_its_distinctive_word() -> None:
    """The given name + village key read the first word of the village, which for Tel
    Qasab and Tel Ezer is "Tel": every Layla of every Tel village shared one block."""

    def keys(place: str) -> set[str]:
        record = PersonRecord("x", given_names=("Layla",), home_places=(place,))
        return {key for key in blocking_keys(record) if key.startswith("gp:")}

    assert keys("Tel Qasab").isdisjoint(keys("Tel Ezer"))
    assert keys("Tel Qasab").isdisjoint(keys("Kani Sor"))
    assert keys("Tel Qasab") & keys("تل قصب") & keys("Til Qeseb")
    assert keys("Tilezêr") & keys("Tel Ezer")
    assert keys("Tel")  # a place named by its generic word alone still has its key
