"""Background work of the interfaces: forget web forms' tokens and API idempotency keys after
a week (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from safepassage.operations.scheduler import periodic
from safepassage.taskfaults import TaskFailed


@periodic(24 * 3600)
@task()
@TaskFailed.instead_of
def forget_saved_forms() -> int:
    """Delete the forms' tokens and the API's idempotency keys older than a week (the worker
    runs it daily); how many were deleted."""
    from safepassage import submissions
    from safepassage.api import idempotency

    return submissions.forget_old() + idempotency.forget_old()
