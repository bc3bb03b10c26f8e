"""The migration that makes codenames unique in any case tells apart the ones that are not."""

from __future__ import annotations

import importlib

migration = importlib.import_module(
    "safepassage.operations.migrations.0004_codename_unique_any_case"
)


def test_codenames_differing_only_in_case_are_told_apart_the_oldest_keeping_its_own() -> None:
    assert migration.new_codenames(["Olive", "Cedar", "OLIVE", "olive"]) == {
        2: "OLIVE (2)",
        3: "olive (3)",
    }


def test_a_new_codename_is_one_no_operation_has() -> None:
    assert migration.new_codenames(["Olive", "olive (2)", "OLIVE"]) == {2: "OLIVE (3)"}


def test_a_new_codename_keeps_within_64_characters() -> None:
    long = "x" * 64
    renamed = migration.new_codenames([long, long.upper()])
    assert renamed == {1: "X" * 60 + " (2)"} and len(renamed[1]) == 64


def test_codenames_that_differ_in_more_than_case_are_left_alone() -> None:
    assert migration.new_codenames(["Olive", "Olive 2", "Cedar"]) == {}
