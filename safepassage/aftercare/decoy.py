"""What a decoy session "recorded": kept in its own session only, encrypted, never saved.

A duress password opens a decoy that sees no record and writes nothing. When it records an
arrival of a new person, refusing would give it away, so the service hands back an unsaved
arrival and the page shows her care page as for a real one. What was entered lives only in
this session, sealed by :mod:`safepassage.accounts.decoy`, and is gone when the session ends.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.http import Http404, HttpRequest

from safepassage.accounts import decoy as sealed
from safepassage.aftercare.models import Arrival
from safepassage.aftercare.selectors import AftercarePage
from safepassage.aftercare.services._common import today
from safepassage.tracing import decoy as tracing_decoy
from safepassage.tracing.models import NAME_PARTS, Person, PersonStatus

SLOT = "aftercare.arrival"


def remember(request: HttpRequest, arrival: Arrival) -> None:
    """Keep a decoy's pretend arrival in its session, so her care page opens like a real one."""
    person = arrival.person
    person_id = str(person.pk)
    summary = {
        **{part: list(getattr(person, part) or []) for part in NAME_PARTS},
        "sex": person.sex,
        "arrived_on": arrival.arrived_on.isoformat(),
        "reception": arrival.reception_place.name if arrival.reception_place else "",
        "reception_text": arrival.reception_text,
        "received_by": arrival.received_by,
        "condition": arrival.condition,
        "immediate_needs": arrival.immediate_needs,
        "children_with_her": arrival.children_with_her,
    }
    sealed.keep(request, SLOT, person_id, summary)
    # Her case page and the person list know her too, as they would a real new person.
    tracing_decoy.remember(request, person)


def person(request: HttpRequest, person_id: Any) -> Person | None:
    """The pretend person of this decoy session with that id, or None."""
    page = _page(request, person_id)
    return page.person if page is not None else None


def page(request: HttpRequest, person_id: Any) -> AftercarePage:
    """The pretend care page for a decoy session, or 404 as for any record it cannot see."""
    found = _page(request, person_id)
    if found is None:
        raise Http404
    return found


def _page(request: HttpRequest, person_id: Any) -> AftercarePage | None:
    summary = sealed.find(request, SLOT, person_id)
    if summary is None:
        return None
    key = str(uuid.UUID(str(person_id)))
    her = Person(
        id=uuid.UUID(key),
        status=PersonStatus.ARRIVED,
        sex=summary["sex"],
        **{part: summary[part] for part in NAME_PARTS},
    )
    arrival = Arrival(
        person=her,
        arrived_on=datetime.date.fromisoformat(summary["arrived_on"]),
        reception_text=" ".join(t for t in (summary["reception"], summary["reception_text"]) if t),
        received_by=summary["received_by"],
        condition=summary["condition"],
        immediate_needs=summary["immediate_needs"],
        children_with_her=summary["children_with_her"],
    )
    return AftercarePage(
        person=her,
        arrivals=[arrival],
        family=[],
        referrals=[],
        consents=[],
        testimonies=[],
        reports=[],
        today=today(),
    )
