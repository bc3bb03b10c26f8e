"""After a migration, SQLite's query planner has its statistics again (``ANALYZE``): a table
SQLite rebuilt to change its columns has none, and a search on 100,000 persons then took
seconds instead of milliseconds."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import connection
from django.db.models.signals import post_migrate

from safepassage.conftest import make_user
from safepassage.instance.apps import statistics_refresh
from safepassage.operations.tests.factories import make_person

pytestmark = pytest.mark.django_db


def _analysed_tables() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT tbl FROM sqlite_stat1")
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.sqlite_only
def test_a_migrate_run_that_applied_migrations_gathers_the_statistics_again() -> None:
    make_person(make_user("falcon", "coordinator"))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute("DELETE FROM sqlite_stat1")  # as a rebuilt table leaves it
    assert "tracing_person" not in _analysed_tables()

    tracing = apps.get_app_config("tracing")
    statistics_refresh(tracing, using="default", plan=[])  # nothing applied: nothing done
    assert "tracing_person" not in _analysed_tables()

    # What a migrate run that applied a migration sends, through the signal.
    post_migrate.send(sender=tracing, app_config=tracing, using="default", plan=[("x", False)])
    assert "tracing_person" in _analysed_tables()
