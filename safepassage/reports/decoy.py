"""What a decoy session's statistics count: its own pretend persons, read as real ones are.

A decoy sees no record; its dashboard counts the persons of its session, so its statistics
count them too, by the same rules (her status, her first report's day, and when she first
reached each stage), from what its session keeps (:mod:`safepassage.tracing.decoy`); and its
open alerts are its open pretend ones (:mod:`safepassage.operations.decoy`).
"""

from __future__ import annotations

import datetime

from django.http import HttpRequest

from safepassage.reports.selectors import PersonDates
from safepassage.tracing import decoy as tracing_decoy
from safepassage.tracing.models import PersonStatus, Report, StatusChange


def person_dates(request: HttpRequest) -> list[PersonDates]:
    """Each of its pretend persons, as the statistics read a real one."""
    found: list[PersonDates] = []
    for her in tracing_decoy.persons(request):
        page = tracing_decoy.page(request, her.pk)
        if page is None:
            continue
        changes = [e.record for e in page.timeline if isinstance(e.record, StatusChange)]
        reports = [e.record for e in page.timeline if isinstance(e.record, Report)]

        def first(status: str, changes: list[StatusChange] = changes) -> datetime.datetime | None:
            return min((c.changed_at for c in changes if c.to_status == status), default=None)

        found.append(
            PersonDates(
                status=her.status,
                created=her.created_at,
                reported=min((r.reported_on for r in reports), default=None),
                located=first(PersonStatus.LOCATED),
                rescued=first(PersonStatus.ARRIVED),
                reunited=first(PersonStatus.REUNITED),
            )
        )
    return found


def open_alerts(request: HttpRequest) -> int:
    """How many of its pretend alerts are open, as the statistics count real ones."""
    from safepassage.operations.decoy import open_count

    return open_count(request)


def open_operations(request: HttpRequest) -> int:
    """How many of its pretend operations are open (not ended), as the statistics count real
    ones."""
    from safepassage.operations.decoy import operations_all
    from safepassage.operations.models import ENDED_STATUSES

    return sum(1 for o in operations_all(request) if o.status not in ENDED_STATUSES)
