"""A decoy session's pretend persons: what its "new person" saves would have made.

A decoy writes nothing, but its new person (from a report or an arrival) must open, and be
listed, as a real one would. Her details and the report as typed are kept sealed in the
decoy's session only (:mod:`safepassage.accounts.decoy`); the pages build unsaved rows from
them, so the person page and list show her without any database row.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from safepassage.accounts import decoy as sealed
from safepassage.accounts.models import User
from safepassage.tracing.models import NAME_PARTS, Person, PersonStatus, Report, StatusChange
from safepassage.tracing.selectors import PersonPage, TimelineEntry

SLOT = "tracing.person"
_PERSON_FIELDS = (
    *NAME_PARTS,
    "nicknames",
    "sex",
    "birth_year",
    "birth_year_uncertainty",
    "community",
    "home_place",
    "home_place_variants",
    "abduction_place",
    "distinguishing_marks",
    "status",
)
_REPORT_FIELDS = (
    "reporter_name",
    "relationship",
    "reporter_phones",
    "reporter_village",
    "preferred_language",
    "names_as_reported",
    "knowledge",
)


def remember(request: HttpRequest, person: Person, report: Report | None = None) -> uuid.UUID:
    """Keep a decoy's unsaved new person (and her first report); returns her pretend id."""
    if person.pk is None:
        person.pk = uuid.uuid4()
    summary: dict[str, Any] = {
        **{name: getattr(person, name) for name in _PERSON_FIELDS},
        "abducted_on": person.abducted_on.isoformat() if person.abducted_on else None,
        "created_at": timezone.now().isoformat(),
        "report": None,
    }
    if report is not None:
        summary["report"] = {
            **{name: getattr(report, name) for name in _REPORT_FIELDS},
            "reported_on": report.reported_on.isoformat(),
        }
    sealed.keep(request, SLOT, person.pk, summary)
    return uuid.UUID(str(person.pk))


def _person(person_id: str, summary: dict[str, Any]) -> Person:
    # A field added since the summary was kept takes its default.
    person = Person(
        id=uuid.UUID(person_id), **{n: summary[n] for n in _PERSON_FIELDS if n in summary}
    )
    if summary.get("abducted_on"):
        person.abducted_on = datetime.date.fromisoformat(summary["abducted_on"])
    person.created_at = datetime.datetime.fromisoformat(summary["created_at"])
    return person


def person(request: HttpRequest, person_id: Any) -> Person | None:
    """The pretend person of this decoy session with that id, or None."""
    summary = sealed.find(request, SLOT, person_id)
    return _person(str(uuid.UUID(str(person_id))), summary) if summary is not None else None


def persons(request: HttpRequest, status: str = "") -> list[Person]:
    """This decoy session's pretend persons, newest first (as the person list orders)."""
    found = [person(request, person_id) for person_id in sealed.kept_ids(request, SLOT)]
    return [p for p in reversed(found) if p is not None and (not status or p.status == status)]


def page(request: HttpRequest, person_id: Any) -> PersonPage | None:
    """Her person page as right after a real save: her first status and the report typed."""
    summary = sealed.find(request, SLOT, person_id)
    if summary is None:
        return None
    her = _person(str(uuid.UUID(str(person_id))), summary)
    user: User = request.user  # type: ignore[assignment]
    first = StatusChange(
        person=her, from_status="", to_status=her.status or PersonStatus.MISSING, changed_by=user
    )
    first.changed_at = her.created_at
    timeline: list[TimelineEntry] = []
    if summary["report"] is not None:
        data = summary["report"]
        report = Report(
            person=her,
            reported_on=datetime.date.fromisoformat(data["reported_on"]),
            received_by=user,
            **{name: data[name] for name in _REPORT_FIELDS},
        )
        report.created_at = her.created_at
        at = datetime.datetime.combine(report.reported_on, datetime.time.min, tzinfo=datetime.UTC)
        timeline.append(TimelineEntry("report", at, report))
    timeline.append(TimelineEntry("status", her.created_at, first))
    timeline.sort(key=lambda e: e.at)
    return PersonPage(
        person=her, timeline=timeline, questions=[], words_agreed=False, links=[], merges=[]
    )
