"""Background work of tracing: re-match a person after she changes (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from safepassage.operations.scheduler import periodic
from safepassage.taskfaults import TaskFailed
from safepassage.tracing.models import Person


@task()
@TaskFailed.instead_of
def rematch_person(person_id: str) -> int:
    """File suspected duplicates of one person for review; returns how many were new."""
    from safepassage.tracing.services.matching import duplicates_refresh

    person = Person.objects.filter(pk=person_id, merged_into__isnull=True).first()
    if person is None:
        return 0
    return duplicates_refresh(person=person)


@periodic(24 * 3600)
@task()
@TaskFailed.instead_of
def fit_matching_weights() -> int:
    """Re-estimate the matching weights from the stored persons (the worker runs it daily)."""
    from safepassage.tracing.services.matching import matcher_fit

    return matcher_fit().records
