from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate


def statistics_refresh(
    sender: AppConfig, *, using: str = "default", plan: Any = None, **kwargs: Any
) -> None:
    """After migrations were applied to a SQLite database, gather its query planner's
    statistics again (``ANALYZE``).

    SQLite changes a table's columns by building a new table and copying the rows into it,
    and the statistics of the old one go with it: on 100,000 persons, a search then took
    seconds instead of tens of milliseconds, until the next ``ANALYZE``. PostgreSQL keeps its
    statistics through such a change (and its autovacuum gathers them anyway)."""
    connection = connections[using]
    if not plan or connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


class InstanceConfig(AppConfig):
    """The instance's life cycle: init, serve, worker, demo data, backup, restore, shred."""

    name = "safepassage.instance"
    label = "instance"
    verbose_name = "Instance"

    def ready(self) -> None:
        from django.apps import apps

        # Once a migrate run: the signal is sent for each app with models (this one has none),
        # after every migration of the run was applied; tracing's holds the largest tables.
        post_migrate.connect(
            statistics_refresh,
            sender=apps.get_app_config("tracing"),
            dispatch_uid="statistics_refresh",
        )
