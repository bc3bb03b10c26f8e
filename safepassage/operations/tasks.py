"""Background jobs of operations: the check-in deadline check and alert e-mail."""

from __future__ import annotations

from django_tasks import task

from safepassage.operations.scheduler import periodic
from safepassage.taskfaults import TaskFailed

# Every 15 s, so a deadline missed past its grace raises its alert well within a minute.
DEADLINE_CHECK_SECONDS = 15


@periodic(DEADLINE_CHECK_SECONDS)
@task()
@TaskFailed.instead_of
def deadlines_check_task() -> int:
    """Raise an alert for every check-in deadline missed past its grace period."""
    from safepassage.operations.services import deadlines_check

    return len(deadlines_check())


@task()
@TaskFailed.instead_of
def alert_email_send(alert_id: str) -> int:
    """E-mail coordinators that an alert waits (kind and link only)."""
    from safepassage.operations.models import Alert
    from safepassage.operations.services import alert_email_send as send

    alert = Alert.objects.filter(pk=alert_id).first()
    return send(alert=alert) if alert is not None else 0
