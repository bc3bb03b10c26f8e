"""Names typed in Sorani (Arabic script with ە, ێ, ۆ, ڕ, ڵ, ڤ or an initial ئ) are read as Sorani
is read."""

from __future__ import annotations

import pytest

from safepassage.matching.compare import _name_value, compare_values, field_levels
from safepassage.matching.normalize import (
    _tokens_cached,
    name_tokens,
    normalize_name,
    sorani_spelling,
)

LEVELS = field_levels("given_name")


def level(a: str, b: str) -> str:
    left = _name_value(a, tuple(name_tokens(a)))
    right = _name_value(b, tuple(name_tokens(b)))
    return LEVELS[compare_values(left, right)]


def test_sorani_e_is_a_vowel_and_an_initial_yeh_hamza_carries_it() -> None:
    assert name_tokens("حەسەن") == ["hesen"]  # not "hhsehn": ە is e, not h
    assert name_tokens("ئەحمەد") == ["ehmed"]  # not "yhhmhd"
    assert normalize_name(normalize_name("خەلیل")) == normalize_name("خەلیل")


@pytest.mark.parametrize(
    ("sorani", "other"),
    [
        ("حەسەن", "Hesen"),
        ("حەسەن", "Hasan"),
        ("حەسەن", "حسن"),
        ("ئەحمەد", "أحمد"),
        ("ئەحمەد", "Ahmed"),
        ("خەلیل", "خليل"),
        ("خەلیل", "Xelîl"),
        ("ئازاد", "Azad"),  # a word-initial ئ only carries the vowel
        ("ئیبراهیم", "Ibrahim"),
        ("ئیبراهیم", "إبراهيم"),
    ],
)
def test_a_sorani_spelling_agrees_with_the_same_name_in_any_script(sorani: str, other: str) -> None:
    assert level(sorani, other) in ("identical", "exact")


@pytest.mark.parametrize(("sorani", "other"), [("حەسەن", "Ehmed"), ("ئەحمەد", "Hesen")])
def test_different_names_still_disagree(sorani: str, other: str) -> None:
    assert level(sorani, other) == "disagree"


@pytest.mark.parametrize(
    ("sorani", "others"),
    [
        # Spelled with ێ, ۆ, ڕ, ڵ or ڤ and neither ە nor an initial ئ.
        ("شێرزاد", ("Sherzad", "Şêrzad", "شيرزاد")),
        ("ڕێباز", ("Rebaz", "Rêbaz", "ريباز")),
        ("بۆتان", ("Botan", "بوتان")),
        ("دڵشاد", ("Dilshad", "Dilşad", "دلشاد")),
        ("هێمن", ("Hemin", "Hêmin")),
        ("شۆڕش", ("Shorsh", "Şoreş")),
        ("ڤیان", ("Vian", "Viyan", "Vîyan")),
        ("بێریڤان", ("Berivan", "Bêrîvan")),
        ("ڕێبوار", ("Rebwar", "Rêbwar")),
        # گوڵاڵە-type spellings: ڵ with ە, or with ه typed for ە.
        ("گوڵاڵە", ("Gulale", "Gulala", "Gulalê")),
        ("گوڵاڵه", ("Gulale",)),
    ],
)
def test_a_name_with_letters_only_kurdish_writes_is_read_as_sorani(
    sorani: str, others: tuple[str, ...]
) -> None:
    assert sorani_spelling(sorani)
    assert tuple(name_tokens(sorani)) == _tokens_cached(sorani, kurdish=True)
    for other in others:
        assert level(sorani, other) in ("identical", "exact"), other
        assert level(other, sorani) in ("identical", "exact"), other


@pytest.mark.parametrize(("sorani", "other"), [("شێرزاد", "Rebaz"), ("بۆتان", "Dilshad")])
def test_different_sorani_names_still_disagree(sorani: str, other: str) -> None:
    assert level(sorani, other) == "disagree"


@pytest.mark.parametrize(
    "arabic",
    # Persian and Iraqi Arabic write گ چ پ ژ too: they do not make a spelling Sorani.
    ["حسن", "هدى", "سائد", "أحمد", "عبد الرحمن", "خليل", "گلاله", "چنار", "پروين", "ژيان"],
)
def test_arabic_spellings_are_read_as_before(arabic: str) -> None:
    # No letter only Kurdish writes and no word starting with ئ: the Arabic reading.
    assert not sorani_spelling(arabic)
    assert tuple(name_tokens(arabic)) == _tokens_cached(arabic, kurdish=False)
