from __future__ import annotations

import csv
from pathlib import Path

import pytest

from safepassage.matching.cli import main

HEADER = (
    "ref,given_name,father_name,grandfather_name,family_name,mother_name,sex,birth_year,"
    "home_place\n"
)
ROWS = (
    HEADER
    + """p1,Layla,Khalil,Hussein,Al-Khatib,Fatima,f,1998,Kocho
p2,ليلى,خليل,حسين,الخطيب,فاطمة,أنثى,1999,كوجو
p3,Leyla,Xelîl,,Xetîb,Fetime,mê,about 27,Koço
p4,جيهان,خليل,حسين,الخطيب,فاطمة,أنثى,2003,كوجو
p5,Omar,Yusuf,,Haddad,Zainab,m,1980,Zakho
"""
)


def test_writes_expected_pairs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src, out = tmp_path / "persons.csv", tmp_path / "pairs.csv"
    src.write_text(ROWS, encoding="utf-8")
    assert main([str(src), "--out", str(out), "--reference-year", "2025"]) == 0
    with out.open(encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["left_ref", "right_ref", "score"]
    assert {(a, b) for a, b, _ in rows[1:]} == {("p1", "p2"), ("p1", "p3"), ("p2", "p3")}
    assert all(len(s.split(".")[1]) == 4 and 0 <= float(s) <= 1 for _, _, s in rows[1:])
    assert "3 pairs" in capsys.readouterr().err


def test_threshold_option(tmp_path: Path) -> None:
    src, out = tmp_path / "persons.csv", tmp_path / "pairs.csv"
    src.write_text(ROWS, encoding="utf-8")
    assert main([str(src), "--out", str(out), "--threshold", "1.0"]) == 0
    assert out.read_text(encoding="utf-8").splitlines()[0] == "left_ref,right_ref,score"


def test_bad_file_exits_2_without_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src, out = tmp_path / "persons.csv", tmp_path / "pairs.csv"
    src.write_text(ROWS + "p1,Duplicate,,,,,,,\n", encoding="utf-8")
    assert main([str(src), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: line 7:") and "Traceback" not in err
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [src]


def test_missing_input_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path / "nope.csv"), "--out", str(tmp_path / "o.csv")]) == 2
    assert capsys.readouterr().err.startswith("error: cannot read")


def test_help_names_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    assert "safepassage match-file FILE.csv --out PAIRS.csv" in capsys.readouterr().out


def test_refs_that_read_as_formulas_are_written_as_text(tmp_path: Path) -> None:
    """A ref from the input file such as ``=HYPERLINK(…)`` is not run by the spreadsheet the
    pairs are opened in: it is written with a leading apostrophe."""
    src, out = tmp_path / "persons.csv", tmp_path / "pairs.csv"
    src.write_text(
        ROWS.replace("p1,", '"=HYPERLINK(""http://x"")",', 1).replace("p2,", "@p2,", 1),
        encoding="utf-8",
    )
    assert main([str(src), "--out", str(out), "--reference-year", "2025"]) == 0
    with out.open(encoding="utf-8") as fh:
        refs = {ref for row in list(csv.reader(fh))[1:] for ref in row[:2]}
    assert refs == {'\'=HYPERLINK("http://x")', "'@p2", "p3"}
