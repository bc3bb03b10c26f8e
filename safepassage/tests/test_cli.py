"""`safepassage import …` and `export …` reach the command of the app that owns the data."""

from __future__ import annotations

import pytest

from safepassage.cli import ALIASES, resolve_alias


def test_two_word_commands_resolve() -> None:
    assert resolve_alias(["import", "places", "p.csv", "--dry-run"]) == [
        "importplaces",
        "p.csv",
        "--dry-run",
    ]
    assert resolve_alias(["import", "persons", "x.csv"]) == ["importdata", "persons", "x.csv"]
    assert resolve_alias(["export", "testimony", "out"]) == ["exporttestimony", "out"]
    assert resolve_alias(["demo", "--code", "falcon"]) == ["demo", "--code", "falcon"]


def test_unknown_kind_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        resolve_alias(["import", "spreadsheet", "x.csv"])
    assert exit_info.value.code == 2
    assert "persons" in capsys.readouterr().err


def test_every_alias_names_an_existing_command() -> None:
    from django.core.management import get_commands

    commands = get_commands()
    assert all(target[0] in commands for target in ALIASES.values())
