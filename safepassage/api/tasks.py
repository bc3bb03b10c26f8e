"""Background work of the interfaces: forget web forms' tokens after a week (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from safepassage.operations.scheduler import periodic


@periodic(24 * 3600)
@task()
def forget_saved_forms() -> int:
    """Delete the forms' tokens older than a week (the worker runs it daily)."""
    from safepassage.submissions import forget_old

    return forget_old()
