"""Names typed in Sorani (Arabic script with ە) are read as Sorani is read."""

from __future__ import annotations

import pytest

from safepassage.matching.compare import _name_value, compare_values, field_levels
from safepassage.matching.normalize import _tokens_cached, name_tokens, normalize_name

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


@pytest.mark.parametrize("arabic", ["حسن", "هدى", "سائد", "أحمد", "عبد الرحمن"])
def test_arabic_spellings_are_read_as_before(arabic: str) -> None:
    # No ە and no word starting with ئ: the Arabic reading, where ه is h.
    assert tuple(name_tokens(arabic)) == _tokens_cached(arabic, kurdish=False)
