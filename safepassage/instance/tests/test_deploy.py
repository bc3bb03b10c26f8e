"""The production profile: `check --deploy` is clean, and missing secrets fail loudly."""

from __future__ import annotations

from pathlib import Path

import pytest

from safepassage.instance.tests.cli import demo, run

pytestmark = pytest.mark.sqlite_only

PRODUCTION = {
    "SAFEPASSAGE_ENV": "production",
    "SAFEPASSAGE_SECRET_KEY": "p" * 20 + "-production-secret-that-is-long-enough-123",
    "SAFEPASSAGE_PASSPHRASE": "a production passphrase of some length",
    "SAFEPASSAGE_ALLOWED_HOSTS": "safepassage.example.org",
}


def test_check_deploy_is_clean_in_production(tmp_path: Path) -> None:
    result = run(tmp_path, "check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    env = {**PRODUCTION, "SAFEPASSAGE_SECRET_KEY": ""}
    result = run(tmp_path, "check", env=env)
    assert result.returncode != 0 and "SAFEPASSAGE_SECRET_KEY" in result.stderr


def test_production_refuses_debug(tmp_path: Path) -> None:
    result = run(tmp_path, "check", env={**PRODUCTION, "SAFEPASSAGE_DEBUG": "true"})
    assert result.returncode != 0 and "SAFEPASSAGE_DEBUG" in result.stderr


def test_demo_key_is_a_deploy_warning(tmp_path: Path) -> None:
    assert demo(tmp_path).returncode == 0
    result = run(tmp_path, "check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode != 0 and "safepassage.W001" in result.stderr


def test_match_file_needs_no_instance(tmp_path: Path) -> None:
    people = tmp_path / "people.csv"
    people.write_text(
        "ref,given_name,father_name,grandfather_name,family_name,mother_name,sex,birth_year,home_place\n"
        "a,Khalil,Hussein,Ali,Haskani,Layla,m,1990,Kocho\n"
        "b,خليل,حسين,علي,هسكاني,ليلى,m,1991,كوچو\n"
        "c,Jihan,Murad,Elias,Qaidi,Amina,f,2001,Tel Qasab\n",
        encoding="utf-8",
    )
    out = tmp_path / "pairs.csv"
    result = run(tmp_path / "no-instance", "match-file", str(people), "--out", str(out))
    assert result.returncode == 0, result.stderr
    lines = out.read_text().splitlines()
    assert lines[0] == "left_ref,right_ref,score"
    assert [line.split(",")[:2] for line in lines[1:]] == [["a", "b"]]
    assert not (tmp_path / "no-instance").exists()
