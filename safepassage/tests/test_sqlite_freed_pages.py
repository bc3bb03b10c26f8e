"""A value deleted from the SQLite file is gone from it, not left in a freed page.

SQLite leaves what a delete or an update frees in the file unless ``secure_delete`` is on, and
whether it is on by default depends on how SQLite was built. The settings turn it on for
every connection.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.db.backends.sqlite3.base import DatabaseWrapper

pytestmark = pytest.mark.sqlite_only

VALUE = "Berfîn is kept in the cellar of the Dugirî farmhouse"


def _left_after_delete(path: Path, execute: Callable[..., object], mark: str) -> bool:
    """Write a long value, delete it, checkpoint: is it still in the file? (``mark``: the
    connection's parameter placeholder)"""
    execute("CREATE TABLE scratch (note TEXT)")
    execute(f"INSERT INTO scratch VALUES ({mark})", [VALUE * 200])  # noqa: S608  # pages of its own
    execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert VALUE.encode() in path.read_bytes()  # it was written where it is looked for
    execute("DELETE FROM scratch")
    execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return VALUE.encode() in path.read_bytes()


def test_a_deleted_value_is_not_left_in_the_file(tmp_path: Path, django_db_blocker: Any) -> None:
    path = tmp_path / "safepassage.sqlite3"
    database = DatabaseWrapper({**connection.settings_dict, "NAME": str(path)}, alias="freed")
    try:
        with django_db_blocker.unblock(), database.cursor() as cursor:
            cursor.execute("PRAGMA secure_delete")
            assert cursor.fetchone() == (1,)
            assert not _left_after_delete(path, cursor.execute, "%s")
    finally:
        database.close()


def test_without_it_the_value_stays_in_a_freed_page(tmp_path: Path) -> None:
    """What the test above guards against, shown on a connection that turns it off."""
    path = tmp_path / "plain.sqlite3"
    plain = sqlite3.connect(path, isolation_level=None)
    try:
        plain.execute("PRAGMA journal_mode=WAL")
        plain.execute("PRAGMA secure_delete=OFF")
        assert _left_after_delete(path, plain.execute, "?")
    finally:
        plain.close()
