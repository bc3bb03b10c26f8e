"""A decoy session's pretend location reports: what its reports about its pretend persons
would have saved.

A decoy's pretend person's page links to her location reports as a real page does; a 404
there would give the decoy away. The service checks a report as a real one
(``services.location_report_pretend``) and what was entered is kept sealed in the decoy's
session only (:mod:`safepassage.accounts.decoy`); her location reports page and her person
page then list it as they would a saved one. A decoy sees no member, place or holder: its
reports name none, and rest on her pretend contacts only.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.http import HttpRequest

from safepassage.accounts import decoy as sealed
from safepassage.intel.models import LocationReport
from safepassage.tracing import decoy as tracing_decoy
from safepassage.tracing.models import Person

SLOT = "intel.location_report"
_FIELDS = (
    "place_text",
    "coordinates",
    "children_count",
    "source_reliability",
    "info_credibility",
    "corroborated",
    "notes",
)


def remember(request: HttpRequest, report: LocationReport) -> None:
    """Keep a decoy's pretend location report (checked by ``location_report_pretend``); the
    report it is corroborated by is marked corroborated too, as a real save marks it."""
    summary: dict[str, Any] = {
        **{name: getattr(report, name) for name in _FIELDS},
        "person": str(report.person_id),
        "source_contact": str(report.source_contact_id) if report.source_contact_id else None,
        "corroborated_by": str(report.corroborated_by_id) if report.corroborated_by_id else None,
        "held_since": report.held_since.isoformat() if report.held_since else None,
        "reported_at": report.reported_at.isoformat(),
        "created_at": report.created_at.isoformat(),
    }
    sealed.keep(request, SLOT, report.pk, summary)
    other = report.corroborated_by
    if other is not None and not other.corroborated:
        kept = sealed.find(request, SLOT, other.pk)
        if kept is not None:
            kept["corroborated"] = True
            kept["corroborated_by"] = str(report.pk)
            sealed.keep(request, SLOT, other.pk, kept)


def _report(
    request: HttpRequest, report_id: str, data: dict[str, Any], her: Person
) -> LocationReport:
    contacts = {str(c.pk): c for c in tracing_decoy.contacts(request, her.pk)}
    report = LocationReport(
        id=uuid.UUID(report_id),
        person=her,
        source_contact=contacts.get(data["source_contact"] or ""),
        held_since=datetime.date.fromisoformat(data["held_since"]) if data["held_since"] else None,
        reported_at=datetime.datetime.fromisoformat(data["reported_at"]),
        created_by=tracing_decoy.shown_as(request.user),  # type: ignore[arg-type]
        **{name: data[name] for name in _FIELDS},
    )
    # Its corroborating report's id only: a pretend row is not looked up in the database.
    report.corroborated_by_id = (
        uuid.UUID(data["corroborated_by"]) if data["corroborated_by"] else None
    )
    report.created_at = datetime.datetime.fromisoformat(data["created_at"])
    return report


def reports_for_person(request: HttpRequest, person: Person) -> list[LocationReport]:
    """Her pretend location reports in this decoy session, newest first (as a real person's
    are listed)."""
    found: list[LocationReport] = []
    for report_id in sealed.kept_ids(request, SLOT):
        data = sealed.find(request, SLOT, report_id)
        if data is not None and data["person"] == str(person.pk):
            found.append(_report(request, report_id, data, person))
    return sorted(found, key=lambda r: (r.reported_at, r.created_at), reverse=True)
