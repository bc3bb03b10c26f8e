"""What a decoy session "recorded": kept in its own session only, encrypted, never saved.

A duress password opens a decoy that sees no record and writes nothing. When it records an
arrival of a new person, refusing would give it away, so the service hands back an unsaved
arrival and the page shows her care page as for a real one. What was entered lives only in
this session, sealed by :mod:`safepassage.accounts.decoy`, and is gone when the session ends;
so do the consents recorded on that page (a testimony asks for hers, as for a real person).
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone

from safepassage.accounts import decoy as sealed
from safepassage.aftercare.models import Arrival, Consent, ConsentPurpose
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


def consent_given(request: HttpRequest, person_id: Any, purpose: str) -> bool:
    """Whether her pretend consent to ``purpose`` is kept and not withdrawn."""
    summary = sealed.find(request, SLOT, person_id) or {}
    return any(
        c["purpose"] == purpose and c["withdrawn_at"] is None for c in summary.get("consents", [])
    )


def consent_keep(
    request: HttpRequest,
    person_id: Any,
    *,
    purpose: str,
    language: str,
    given_at: datetime.datetime,
) -> None:
    """Keep a pretend consent (checked by the services' ``consent_check``), as a real one
    would be stored; her photo is shown or hidden by it as a real one's is."""
    summary = sealed.find(request, SLOT, person_id)
    if summary is None:
        return
    summary.setdefault("consents", []).append(
        {
            "id": str(uuid.uuid4()),
            "purpose": purpose,
            "language": language,
            "given_at": given_at.isoformat(),
            "withdrawn_at": None,
        }
    )
    sealed.keep(request, SLOT, person_id, summary)
    _photo_flag(request, person_id, purpose)


def consent_find(request: HttpRequest, consent_id: Any) -> tuple[str, dict[str, Any]] | None:
    """(her id, the pretend consent) of this session with that id, or None."""
    for person_id in sealed.kept_ids(request, SLOT):
        summary = sealed.find(request, SLOT, person_id) or {}
        for consent in summary.get("consents", []):
            if consent["id"] == str(consent_id):
                return person_id, consent
    return None


def consent_withdraw(request: HttpRequest, person_id: str, consent_id: str) -> None:
    """Mark a pretend consent withdrawn now."""
    summary = sealed.find(request, SLOT, person_id)
    if summary is None:
        return
    purpose = ""
    for consent in summary.get("consents", []):
        if consent["id"] == consent_id and consent["withdrawn_at"] is None:
            consent["withdrawn_at"] = timezone.now().isoformat()
            purpose = consent["purpose"]
    sealed.keep(request, SLOT, person_id, summary)
    _photo_flag(request, person_id, purpose)


def _photo_flag(request: HttpRequest, person_id: Any, purpose: str) -> None:
    # As a real consent does: her own word, once recorded, shows or hides her photo.
    if purpose == ConsentPurpose.PHOTO:
        tracing_decoy.photo_consent_keep(
            request, person_id, consent_given(request, person_id, purpose)
        )


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
    # Her record as her person page shows it (edited there, perhaps), else as she arrived.
    her = tracing_decoy.person(request, key) or Person(
        id=uuid.UUID(key),
        status=PersonStatus.ARRIVED,
        sex=summary["sex"],
        **{part: summary[part] for part in NAME_PARTS},
    )
    by = tracing_decoy.shown_as(request.user)  # type: ignore[arg-type]
    consents = []
    for data in summary.get("consents", []):
        consent = Consent(
            id=uuid.UUID(data["id"]),
            person=her,
            purpose=data["purpose"],
            language=data["language"],
            given_at=datetime.datetime.fromisoformat(data["given_at"]),
            withdrawn_at=datetime.datetime.fromisoformat(data["withdrawn_at"])
            if data["withdrawn_at"]
            else None,
            recorded_by=by,
        )
        consents.append(consent)
    # As a real page lists them (the model's order): by purpose, the newest first.
    consents.sort(key=lambda c: c.given_at, reverse=True)
    consents.sort(key=lambda c: c.purpose)
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
        consents=consents,
        testimonies=[],
        reports=[],
        today=today(),
    )
