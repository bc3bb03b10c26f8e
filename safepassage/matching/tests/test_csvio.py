from __future__ import annotations

import pytest

from safepassage.matching.csvio import CsvError, parse_person_csv
from safepassage.matching.records import parse_birth_year, parse_sex

HEADER = (
    "ref,given_name,father_name,grandfather_name,family_name,mother_name,sex,birth_year,"
    "home_place\n"
)


def _parse(text: str, **kw: int) -> list:  # type: ignore[type-arg]
    return parse_person_csv(text.encode("utf-8"), **kw)


def test_parses_bom_scripts_and_optional_cells() -> None:
    data = (
        "\ufeff"
        + HEADER
        + "a1,ليلى,خليل,,الخطيب,,أنثى,about 25,كوجو\na2,Xelîl|Khalil,,,,,nêr,1990,\n"
    )
    recs = parse_person_csv(data.encode("utf-8"), reference_year=2025)
    assert [r.ref for r in recs] == ["a1", "a2"]
    assert recs[0].given_names == ("ليلى",) and recs[0].sex == "f"
    assert (recs[0].birth_year, recs[0].birth_year_uncertainty) == (2000, 3)
    assert recs[1].given_names == ("Xelîl", "Khalil") and recs[1].sex == "m"
    assert recs[1].birth_year == 1990 and recs[1].family_names == ()


def test_only_ref_column_is_required() -> None:
    recs = _parse("ref,given_name\nx,Layla\n")
    assert recs[0].given_names == ("Layla",) and recs[0].birth_year is None


def test_missing_ref_column() -> None:
    with pytest.raises(CsvError, match=r"line 1: .*'ref'"):
        _parse("id,given_name\n1,Layla\n")


def test_duplicate_ref_names_both_lines() -> None:
    with pytest.raises(CsvError, match=r"line 4: ref 'a' already used on line 2"):
        _parse(HEADER + "a,Layla\nb,Jihan\na,Fatima\n")


def test_undecodable_bytes_name_the_line() -> None:
    data = (HEADER + "a,Layla\nb,").encode("utf-8") + b"\xff\xfe\n"
    with pytest.raises(CsvError, match=r"line 3: not valid UTF-8"):
        parse_person_csv(data)


def test_unparseable_year_names_the_line() -> None:
    with pytest.raises(CsvError, match=r"line 3: .*birth year"):
        _parse(HEADER + "a,Layla,,,,,f,1990,\nb,Jihan,,,,,f,soon,\n")


def test_bad_sex_and_empty_ref() -> None:
    with pytest.raises(CsvError, match=r"line 2: unrecognised sex"):
        _parse(HEADER + "a,Layla,,,,,purple,,\n")
    with pytest.raises(CsvError, match=r"line 2: empty ref"):
        _parse(HEADER + ",Layla,,,,,,,\n")


def test_empty_file() -> None:
    with pytest.raises(CsvError, match="line 1"):
        parse_person_csv(b"")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1994", (1994, 0)),
        ("25", (2000, 1)),
        ("about 25", (2000, 3)),
        ("حوالي 30", (1995, 3)),
        ("~1990", (1990, 3)),
        ("1990?", (1990, 3)),
        ("٢٥", (2000, 1)),
        # Sorani, as Arabic and Kurmanji: "25 years", "her age is 25 years", "about 25 years"
        ("٢٥ ساڵ", (2000, 1)),
        ("تەمەنی ٢٥ ساڵە", (2000, 1)),
        ("نزیکەی ٢٥ ساڵ", (2000, 3)),
        ("25 salî", (2000, 1)),
        ("1990-1994", (1992, 2)),
        ("", (None, 0)),
    ],
)
def test_birth_year_forms(text: str, expected: tuple[int | None, int]) -> None:
    assert parse_birth_year(text, reference_year=2025) == expected


@pytest.mark.parametrize(
    ("text", "sex"),
    [
        ("F", "f"),
        ("female", "f"),
        ("أنثى", "f"),
        ("mê", "f"),
        ("M", "m"),
        ("ذكر", "m"),
        ("nêr", "m"),
        ("", None),
    ],
)
def test_sex_forms(text: str, sex: str | None) -> None:
    assert parse_sex(text) == sex


@pytest.mark.parametrize("typed", ["١٩٩٩-٠٥-٠١", "۱۹۹۹-۰۵-۰۱", "1999-٠٥-01"])
def test_a_birth_date_in_arabic_or_persian_digits_is_the_same_date(typed: str) -> None:
    from safepassage.matching.model import Matcher

    (arabic,) = _parse(f"ref,given_name,birth_date\na,Leyla,{typed}\n")
    (latin,) = _parse("ref,given_name,birth_date\nb,Leyla,1999-05-01\n")
    assert arabic.birth_date == "1999-05-01" and arabic.birth_year == 1999
    birth = {e.field: e.level for e in Matcher().score(arabic, latin).evidence}["birth"]
    assert birth == "date_exact"


def test_a_number_of_thousands_of_digits_is_neither_a_year_nor_an_age() -> None:
    """Python refuses to read an integer of more than 4,300 digits: that ValueError's own
    words were the message, and callers that expect a CellError crashed."""
    from safepassage.matching.records import CellError

    with pytest.raises(CellError) as refused:
        parse_birth_year("1" * 5000, reference_year=2024)
    assert refused.value.code == "birth_neither"


def test_the_arabic_semicolon_separates_spellings_as_the_latin_one_does() -> None:
    """An Arabic keyboard types ؛ where the help says ;. The two spellings were one name of two
    words, so the whole-name reading made the second her father."""
    from safepassage.matching.compare import prepare
    from safepassage.matching.records import split_spellings

    assert split_spellings("خليل؛ خلیل ؛Xelîl") == ("خليل", "خلیل", "Xelîl")
    (record,) = _parse("ref,given_name\na,خليل؛ Xelîl\n")
    prepared = prepare(record)
    assert record.given_names == ("خليل", "Xelîl")
    assert prepared.father == () and len(prepared.given) == 2
