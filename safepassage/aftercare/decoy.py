"""What a decoy session "recorded": kept in its own session only, encrypted, never saved.

A duress password opens a decoy that sees no record and writes nothing. When it records an
arrival of a new person, refusing would give it away, so the service hands back an unsaved
arrival and the page shows her care page as for a real one. What was entered lives only in
this session, sealed by :mod:`safepassage.accounts.decoy`, and is gone when the session ends;
so do the relatives, referrals and consents recorded on that page, and their next steps (a
testimony asks for her consent, as for a real person), and her testimony, which opens on its
own page as a real one does. A pretend person entered from a report has a care page too, as
a real one has before her arrival. Its referrals whose follow-up falls overdue are listed on
the follow-ups page and counted on the dashboard, by the rule real ones are; its testimonies
whose person's pretend consent to sharing with investigators stands are in its export.
The saves of relatives and their steps, referrals and consents are the ones the pages and the
API share.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Sequence
from functools import partial
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone

from safepassage.accounts import decoy as sealed
from safepassage.accounts.models import User
from safepassage.aftercare import services
from safepassage.aftercare.models import (
    Arrival,
    Consent,
    ConsentPurpose,
    FamilyMember,
    Referral,
    Testimony,
    TestimonyReader,
)
from safepassage.aftercare.selectors import (
    FOLLOWUPS_SHOWN,
    AftercarePage,
    TestimonyPage,
    referral_overdue,
    report_among,
)
from safepassage.aftercare.services._common import today
from safepassage.aftercare.services.export import exportable_pretend
from safepassage.intel import decoy as intel_decoy
from safepassage.intel.models import Holder, Place, PlaceKind
from safepassage.matching import PersonRecord
from safepassage.tracing import decoy as tracing_decoy
from safepassage.tracing.models import NAME_PARTS, Person, PersonStatus
from safepassage.tracing.services.matching import OPEN_STATUSES, Candidate

SLOT = "aftercare.arrival"
ANSWER_SLOT = "aftercare.arrival_answer"  # a keyed request's answer, for it sent again
_FAMILY_FIELDS = (
    "name",
    "relationship",
    "contact",
    "stage",
    "notified_how",
    "hold_reason",
    "notes",
)
_REFERRAL_FIELDS = ("kind", "service", "status", "notes")
_TESTIMONY_FIELDS = ("account", "language", "events")
# What her pretend arrival keeps beside her names (one arrival a person; those a merge
# brought from another record are kept whole under "arrivals_moved").
_ARRIVAL_FIELDS = (
    "arrival_id",
    "created_at",
    "names_as_given",
    "arrived_on",
    "reception_place",
    "reception_text",
    "received_by",
    "condition",
    "immediate_needs",
    "children_with_her",
    "match_score",
)
# Her care's lists, each row with its "id": a merge moves them as a real one moves the rows.
_CARE_LISTS = ("family", "referrals", "consents", "testimonies")
_EARLIEST = datetime.datetime.min.replace(tzinfo=datetime.UTC)


def reception_points(request: HttpRequest) -> list[Place]:
    """Its pretend reception points, offered and picked on its arrival form as
    ``selectors.reception_points_for_user`` has a real user's."""
    return [p for p in intel_decoy.places_all(request) if p.kind == PlaceKind.RECEPTION]


def remember(request: HttpRequest, arrival: Arrival) -> None:
    """Keep a decoy's pretend arrival in its session, so her care page opens like a real one."""
    person = arrival.person
    person_id = str(person.pk)
    summary = {
        **{part: list(getattr(person, part) or []) for part in NAME_PARTS},
        "sex": person.sex,
        "arrival_id": str(arrival.pk),
        "created_at": arrival.created_at.isoformat(),
        "names_as_given": arrival.names_as_given,
        "arrived_on": arrival.arrived_on.isoformat(),
        "reception_place": str(arrival.reception_place.pk) if arrival.reception_place else None,
        "reception_text": arrival.reception_text,
        "received_by": arrival.received_by,
        "condition": arrival.condition,
        "immediate_needs": arrival.immediate_needs,
        "children_with_her": arrival.children_with_her,
        "match_score": arrival.match_score,
    }
    # One of its pretend persons already (a report's): her care kept so far stays with it,
    # and her case keeps its history, her new spellings added.
    known = tracing_decoy.person(request, person_id) is not None
    sealed.keep(request, SLOT, person_id, {**(_summary(request, person_id) or {}), **summary})
    if known:
        tracing_decoy.details_keep(request, person)
    else:
        # Her case page and the person list know her too, as they would a real new person:
        # entered (missing), then moved to arrived by her arrival.
        tracing_decoy.remember(request, person)
    if person.status == PersonStatus.ARRIVED:  # moved there already, as by an operation
        return
    tracing_decoy.status_keep(
        request,
        services.arrival_status_pretend(actor=request.user, arrival=arrival),  # type: ignore[arg-type]
    )


def answer_keep(request: HttpRequest, once: str, answer: dict[str, Any]) -> None:
    """Keep what a pretend arrival sent with an ``Idempotency-Key`` answered, under its
    nonce: sent again, it gets the same answer, as a real one does."""
    sealed.keep(request, ANSWER_SLOT, sealed.derived_id(ANSWER_SLOT, once), answer)


def answer_find(request: HttpRequest, once: str) -> dict[str, Any] | None:
    """The answer kept under ``once``, while its pretend person is still kept."""
    answer = sealed.find(request, ANSWER_SLOT, sealed.derived_id(ANSWER_SLOT, once))
    if answer is None or _summary(request, answer.get("person")) is None:
        return None
    return answer


def _summary(request: HttpRequest, person_id: Any) -> dict[str, Any] | None:
    """What this session keeps of her care: her pretend arrival and what its saves on her
    care page added; nothing yet (an empty one) for a pretend person entered from a report,
    whose care page opens as a real one's does before her arrival; None for any other id."""
    summary = sealed.find(request, SLOT, person_id)
    if summary is None and tracing_decoy.person(request, person_id) is not None:
        return {}
    return summary


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
) -> str | None:
    """Keep a pretend consent (checked by the services' ``consent_check``), as a real one
    would be stored; her photo is shown or hidden by it as a real one's is. Its id (None
    when she is not this session's)."""
    summary = _summary(request, person_id)
    if summary is None:
        return None
    consent_id = str(uuid.uuid4())
    summary.setdefault("consents", []).append(
        {
            "id": consent_id,
            "purpose": purpose,
            "language": language,
            "given_at": given_at.isoformat(),
            "withdrawn_at": None,
        }
    )
    sealed.keep(request, SLOT, person_id, summary)
    _photo_flag(request, person_id, purpose)
    return consent_id


def _own_ids(request: HttpRequest) -> list[str]:
    """The ids of the care this session keeps, but for a pretend person merged into another:
    what stayed on her (a consent the record kept holds already) is out of reach, as a real
    merged record's rows are."""
    found = []
    for person_id in sealed.kept_ids(request, SLOT):
        her = tracing_decoy.person(request, person_id)
        if her is None or str(her.pk) == person_id:
            found.append(person_id)
    return found


def consent_find(request: HttpRequest, consent_id: Any) -> tuple[str, dict[str, Any]] | None:
    """(her id, the pretend consent) of this session with that id, or None."""
    for person_id in _own_ids(request):
        summary = sealed.find(request, SLOT, person_id) or {}
        for consent in summary.get("consents", []):
            if consent["id"] == str(consent_id):
                return person_id, consent
    return None


def _consent_withdrawn(request: HttpRequest, person_id: str, consent_id: str) -> None:
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


def arrival_candidates(request: HttpRequest, record: PersonRecord) -> list[Candidate]:
    """Its pretend persons reception may still receive (as :func:`~safepassage.aftercare.
    services.awaiting_arrival` reads real ones: sought, or arrived with no arrival kept) who
    may be the woman who arrived, with score and evidence, as a real arrival's check."""
    return tracing_decoy.candidates(
        request,
        record,
        among=lambda her: (
            her.status in OPEN_STATUSES
            or (her.status == PersonStatus.ARRIVED and arrived_on(request, her.pk) is None)
        ),
    )


def arrival_score(request: HttpRequest, record: PersonRecord, person: Person) -> float | None:
    """The score her arrival records when reception confirms ``person`` (None: she is not
    among the candidates), as a real arrival's."""
    found = arrival_candidates(request, record)
    return next((c.score for c in found if c.person.pk == person.pk), None)


def arrived_on(request: HttpRequest, person_id: Any) -> datetime.date | None:
    """The day she arrived (the first of her pretend arrivals kept), if one is kept."""
    summary = _summary(request, person_id) or {}
    days = [row["arrived_on"] for row in _arrival_rows(str(person_id), summary)]
    return datetime.date.fromisoformat(min(days)) if days else None


def _arrival_rows(key: str, summary: dict[str, Any]) -> list[dict[str, Any]]:
    """Her pretend arrivals as kept: her own, then those a merge brought, each with its id."""
    rows = list(summary.get("arrivals_moved", []))
    if "arrived_on" in summary:
        # Kept with its id since; one kept before: its id from hers.
        own = {name: summary.get(name) for name in _ARRIVAL_FIELDS}
        own["arrival_id"] = own["arrival_id"] or str(sealed.derived_id(key, "arrival"))
        rows.insert(0, own)
    return rows


def care_move(request: HttpRequest, source: Any, target: Any) -> dict[str, list[str]]:
    """Her pretend care moved from ``source`` to ``target``, as a real merge points her
    arrivals, relatives, referrals, consents and testimonies at the record kept: a consent
    to a purpose ``target`` holds already stays behind, as a real one does (one standing
    consent a purpose). What moved, by the rows' ids, for :func:`care_back`."""
    found, kept = sealed.find(request, SLOT, source), _summary(request, target)
    if not found or kept is None:
        return {}
    key = str(uuid.UUID(str(source)))
    moved: dict[str, list[str]] = {}
    arrivals = _arrival_rows(key, found)
    if arrivals:
        kept["arrivals_moved"] = [*kept.get("arrivals_moved", []), *arrivals]
        moved["arrivals"] = [row["arrival_id"] for row in arrivals]
        for name in (*_ARRIVAL_FIELDS, "arrivals_moved"):
            found.pop(name, None)
    standing = {c["purpose"] for c in kept.get("consents", []) if c["withdrawn_at"] is None}
    for name in _CARE_LISTS:
        going = [
            row
            for row in found.get(name, [])
            if name != "consents"
            or row["withdrawn_at"] is not None
            or row["purpose"] not in standing
        ]
        if going:
            ids = {row["id"] for row in going}
            kept[name] = [*kept.get(name, []), *going]
            found[name] = [row for row in found[name] if row["id"] not in ids]
            moved[name] = sorted(ids)
    sealed.keep(request, SLOT, source, found)
    sealed.keep(request, SLOT, target, kept)
    return moved


def care_back(request: HttpRequest, moved: dict[str, list[str]], source: Any, target: Any) -> None:
    """A merge undone: the care :func:`care_move` moved goes back from the record kept
    (``source``) to hers (``target``), as it stands now; what was added since stays."""
    found, back = _summary(request, source), _summary(request, target)
    if not moved or found is None or back is None:
        return
    lists = [("arrivals_moved", "arrivals"), *((name, name) for name in _CARE_LISTS)]
    for name, moved_as in lists:
        ids = moved.get(moved_as, [])
        field = "arrival_id" if name == "arrivals_moved" else "id"
        going = [row for row in found.get(name, []) if row[field] in ids]
        if going:
            found[name] = [row for row in found[name] if row[field] not in ids]
            back[name] = [*back.get(name, []), *going]
    sealed.keep(request, SLOT, source, found)
    sealed.keep(request, SLOT, target, back)


def _her(request: HttpRequest, key: str, summary: dict[str, Any]) -> Person | None:
    # Her record as her person page shows it (edited there, perhaps), else as she arrived
    # (None: neither is kept any more).
    her = tracing_decoy.person(request, key)
    if her is None and "sex" in summary:
        her = Person(
            id=uuid.UUID(key),
            status=PersonStatus.ARRIVED,
            sex=summary["sex"],
            **{part: summary[part] for part in NAME_PARTS},
        )
    return her


def _family(her: Person, data: dict[str, Any], by: User) -> FamilyMember:
    member = FamilyMember(
        id=uuid.UUID(data["id"]),
        person=her,
        notified_by=by if data["notified_at"] else None,
        notified_at=_when(data["notified_at"]),
        met_on=_day(data["met_on"]),
        reunited_on=_day(data["reunited_on"]),
        created_by=by,
        **{name: data[name] for name in _FAMILY_FIELDS},
    )
    member.report_id = uuid.UUID(data["report"]) if data["report"] else None
    member.created_at = datetime.datetime.fromisoformat(data["created_at"])
    return member


def _referral(her: Person, data: dict[str, Any], by: User) -> Referral:
    referral = Referral(
        id=uuid.UUID(data["id"]),
        person=her,
        consent_at=datetime.datetime.fromisoformat(data["consent_at"]),
        follow_up_on=_day(data["follow_up_on"]),
        created_by=by,
        **{name: data[name] for name in _REFERRAL_FIELDS},
    )
    referral.created_at = datetime.datetime.fromisoformat(data["created_at"])
    return referral


def _arrival(request: HttpRequest, her: Person, data: dict[str, Any]) -> Arrival:
    # Its pretend reception point, while its session keeps it (as a real one's row).
    place = intel_decoy.place(request, data.get("reception_place"))
    arrival = Arrival(
        id=uuid.UUID(data["arrival_id"]),
        person=her,
        arrived_on=datetime.date.fromisoformat(data["arrived_on"]),
        reception_place=place,
        reception_text=data["reception_text"],
        received_by=data["received_by"],
        condition=data["condition"],
        immediate_needs=data["immediate_needs"],
        children_with_her=data["children_with_her"],
        names_as_given=data.get("names_as_given") or {},
        match_score=data.get("match_score"),
    )
    arrival.created_at = _when(data.get("created_at"))  # type: ignore[assignment]
    return arrival


def _testimony(request: HttpRequest, her: Person, data: dict[str, Any], by: User) -> Testimony:
    testimony = Testimony(
        id=uuid.UUID(data["id"]),
        person=her,
        captivity_from=_day(data["captivity_from"]),
        captivity_to=_day(data["captivity_to"]),
        recorded_by=by,
        **{name: data[name] for name in _TESTIMONY_FIELDS},
    )
    testimony.recorded_at = datetime.datetime.fromisoformat(data["recorded_at"])
    # Its pretend perpetrators and places, those its session still keeps (as a real one's
    # links to rows still there).
    testimony.pretend_perpetrators = [  # type: ignore[attr-defined]
        h for h in map(partial(intel_decoy.holder, request), data.get("perpetrators", [])) if h
    ]
    testimony.pretend_places = [  # type: ignore[attr-defined]
        p for p in map(partial(intel_decoy.place, request), data.get("places", [])) if p
    ]
    return testimony


def _when(text: str | None) -> datetime.datetime | None:
    return datetime.datetime.fromisoformat(text) if text else None


def _day(text: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(text) if text else None


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def _family_data(member: FamilyMember) -> dict[str, Any]:
    return {
        "id": str(member.pk),
        "report": str(member.report_id) if member.report_id else None,
        "notified_at": member.notified_at.isoformat() if member.notified_at else None,
        "met_on": member.met_on.isoformat() if member.met_on else None,
        "reunited_on": member.reunited_on.isoformat() if member.reunited_on else None,
        "created_at": member.created_at.isoformat(),
        **{name: getattr(member, name) for name in _FAMILY_FIELDS},
    }


def _referral_data(referral: Referral) -> dict[str, Any]:
    return {
        "id": str(referral.pk),
        "consent_at": referral.consent_at.isoformat(),
        "follow_up_on": referral.follow_up_on.isoformat() if referral.follow_up_on else None,
        "created_at": referral.created_at.isoformat(),
        **{name: getattr(referral, name) for name in _REFERRAL_FIELDS},
    }


def _testimony_data(testimony: Testimony) -> dict[str, Any]:
    return {
        "id": str(testimony.pk),
        "captivity_from": _iso(testimony.captivity_from),
        "captivity_to": _iso(testimony.captivity_to),
        "recorded_at": testimony.recorded_at.isoformat(),
        "perpetrators": [str(h.pk) for h in getattr(testimony, "pretend_perpetrators", [])],
        "places": [str(p.pk) for p in getattr(testimony, "pretend_places", [])],
        **{name: getattr(testimony, name) for name in _TESTIMONY_FIELDS},
    }


def _put(request: HttpRequest, person_id: Any, key: str, data: dict[str, Any]) -> None:
    """Keep ``data`` in her list ``key``: in its place if kept already, else last."""
    summary = _summary(request, person_id)
    if summary is None:
        return
    rows = list(summary.get(key, []))
    at = next((i for i, row in enumerate(rows) if row["id"] == data["id"]), None)
    if at is None:
        rows.append(data)
    else:
        rows[at] = data
    summary[key] = rows
    sealed.keep(request, SLOT, person_id, summary)


def family_keep(request: HttpRequest, member: FamilyMember) -> None:
    """Keep a pretend relative as added or moved on (checked by the services' pretend
    functions), as a real one would be stored."""
    _put(request, member.person_id, "family", _family_data(member))


def referral_keep(request: HttpRequest, referral: Referral) -> None:
    """Keep a pretend referral as recorded or updated, as a real one would be stored."""
    _put(request, referral.person_id, "referrals", _referral_data(referral))


def followups_overdue(
    request: HttpRequest, *, on: datetime.date | None = None, limit: int | None = FOLLOWUPS_SHOWN
) -> list[Referral]:
    """This session's pretend referrals whose follow-up is overdue, by the rule and in the
    order of a real user's list (``selectors.followups_overdue_for_user``); all of them
    when ``limit`` is None."""
    day = on or today()
    found: list[Referral] = []
    for person_id in _own_ids(request):
        page = _page(request, person_id)
        if page is not None:
            found += [r for r in page.referrals if referral_overdue(r, on=day)]
    found.sort(key=lambda r: (r.follow_up_on or day, r.created_at))
    return found[:limit]


def exportable(request: HttpRequest) -> list[tuple[Testimony, Consent]]:
    """This session's pretend testimonies the export for investigators holds, each with her
    pretend consent to sharing, by the rule and in the order of a real export
    (``services.export.exportable_pretend``)."""
    testimonies: list[Testimony] = []
    consents: list[Consent] = []
    for person_id in _own_ids(request):
        page = _page(request, person_id)
        if page is not None:
            testimonies += page.testimonies
            consents += page.consents
    return exportable_pretend(testimonies, consents)


def testimony_links(
    request: HttpRequest, perpetrators: Sequence[Any], places: Sequence[Any]
) -> tuple[list[Holder], list[Place]]:
    """A testimony's perpetrators and places named by their ids: its own pretend holders and
    places, as ``selectors.testimony_links`` names those a real user may see; any other id
    is the error for one the user may not see."""
    return (
        [intel_decoy.holder_resolve(request, h, "perpetrators") for h in perpetrators],
        [intel_decoy.place_resolve(request, p, "places") for p in places],
    )


def testimony_keep(request: HttpRequest, testimony: Testimony) -> None:
    """Keep a pretend testimony (checked by the services' ``testimony_pretend``), as a real
    one would be stored; its own page and her care page then show it."""
    _put(request, testimony.person_id, "testimonies", _testimony_data(testimony))


def _find_row(request: HttpRequest, key: str, row_id: Any) -> tuple[str, dict[str, Any]] | None:
    for person_id in _own_ids(request):
        summary = sealed.find(request, SLOT, person_id) or {}
        for row in summary.get(key, []):
            if row["id"] == str(row_id):
                return person_id, summary
    return None


def family_find(request: HttpRequest, member_id: Any) -> FamilyMember | None:
    """This session's pretend relative with that id (on her care page), or None."""
    found = _find_row(request, "family", member_id)
    if found is None:
        return None
    page = _page(request, found[0])
    return next((m for m in page.family if str(m.pk) == str(member_id)), None) if page else None


def referral_find(request: HttpRequest, referral_id: Any) -> Referral | None:
    """This session's pretend referral with that id, or None."""
    found = _find_row(request, "referrals", referral_id)
    if found is None:
        return None
    page = _page(request, found[0])
    return (
        next((r for r in page.referrals if str(r.pk) == str(referral_id)), None) if page else None
    )


def testimony_page(request: HttpRequest, testimony_id: Any) -> TestimonyPage:
    """The page of this session's pretend testimony with that id, as a real one's opens for
    the user who recorded it (its only reader; named nobody else, a decoy sees no user), with
    its own pretend perpetrators and places; 404 as for any testimony it is not named on."""
    found = _find_row(request, "testimonies", testimony_id)
    page = _page(request, found[0]) if found is not None else None
    testimony = (
        next((t for t in page.testimonies if str(t.pk) == str(testimony_id)), None)
        if page is not None
        else None
    )
    if testimony is None:
        raise Http404
    by = tracing_decoy.shown_as(request.user)  # type: ignore[arg-type]
    perpetrators: list[Holder] = testimony.pretend_perpetrators  # type: ignore[attr-defined]
    places: list[Place] = testimony.pretend_places  # type: ignore[attr-defined]
    return TestimonyPage(
        testimony=testimony,
        perpetrators=perpetrators,
        places=places,
        readers=[TestimonyReader(testimony=testimony, user=by, named_by=by)],
        place_names={str(p.pk): p.name for p in places},
        holder_names={str(h.pk): h.name for h in perpetrators},
        shareable=consent_given(request, testimony.person_id, ConsentPurpose.INVESTIGATORS),
    )


def _page(request: HttpRequest, person_id: Any) -> AftercarePage | None:
    # A pretend person merged into another opens the care of the record kept, as a merged
    # record resolves to its survivor.
    now = tracing_decoy.person(request, person_id)
    if now is not None:
        person_id = now.pk
    summary = _summary(request, person_id)
    if summary is None:
        return None
    key = str(uuid.UUID(str(person_id)))
    her = _her(request, key, summary)
    if her is None:
        return None
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
    arrivals = [_arrival(request, her, data) for data in _arrival_rows(key, summary)]
    # As the model orders them: the latest day first, then the latest recorded.
    arrivals.sort(key=lambda a: (a.arrived_on, a.created_at or _EARLIEST), reverse=True)
    # As the models order them: relatives as added; referrals by follow-up day (none last),
    # then as recorded.
    family = [_family(her, data, by) for data in summary.get("family", [])]
    family.sort(key=lambda m: m.created_at)  # one a merge brought: among hers, by when added
    referrals = [_referral(her, data, by) for data in summary.get("referrals", [])]
    referrals.sort(key=lambda r: (r.follow_up_on is None, r.follow_up_on or today(), r.created_at))
    # Her testimonies as recorded (the model's order): the decoy is named on each, as the
    # user who records a real one is.
    testimonies = [_testimony(request, her, data, by) for data in summary.get("testimonies", [])]
    testimonies.sort(key=lambda t: t.recorded_at)
    return AftercarePage(
        person=her,
        arrivals=arrivals,
        family=family,
        referrals=referrals,
        consents=consents,
        testimonies=testimonies,
        reports=tracing_decoy.reports(request, key),
        today=today(),
    )


# --- a decoy's saves on its pretend care page, for the pages and the API alike -------------
# Each runs the pretend service (the real service's checks: its errors come back word for
# word) and keeps what it returns; any other id than its own pretend rows' is not found.


def person_or_404(request: HttpRequest, person_id: Any) -> Person:
    """Its pretend person with a care page; 404 for any other id, as for one out of reach."""
    found = person(request, person_id)
    if found is None:
        raise Http404
    return found


def family_add(
    request: HttpRequest,
    *,
    actor: User,
    person: Person,
    name: str,
    relationship: str = "",
    contact: str = "",
    report: Any = None,
    notes: str = "",
) -> FamilyMember:
    """A relative of hers (``report``: the id of her pretend report they made, if any)."""
    member = services.family_member_pretend(
        actor=actor,
        person=person,
        name=name,
        relationship=relationship,
        contact=contact,
        report=report_among(tracing_decoy.reports(request, person.pk), report),
        notes=notes,
    )
    family_keep(request, member)
    return family_member_or_404(request, member.pk)


def family_member_or_404(request: HttpRequest, member_id: Any) -> FamilyMember:
    """Its pretend relative with that id; 404 for any other."""
    found = family_find(request, member_id)
    if found is None:
        raise Http404
    return found


def family_step(
    request: HttpRequest, *, actor: User, member: FamilyMember, step: str, **values: Any
) -> FamilyMember:
    """A relative notified, met, reunited with her or on hold (``step``); a reunion moves her
    status on, as a real one does. The relative as kept (named by the codename it shows)."""
    change = services.family_step_pretend(
        actor=actor,
        member=member,
        step=step,
        arrived_on=arrived_on(request, member.person_id),
        **values,
    )
    family_keep(request, member)
    if change is not None:
        tracing_decoy.status_keep(request, change)
    return family_member_or_404(request, member.pk)


def referral_add(request: HttpRequest, *, actor: User, person: Person, **values: Any) -> Referral:
    """A referral of hers (medical, psychosocial, legal, shelter)."""
    referral = services.referral_pretend(actor=actor, person=person, **values)
    referral_keep(request, referral)
    return referral_or_404(request, referral.pk)


def referral_or_404(request: HttpRequest, referral_id: Any) -> Referral:
    """Its pretend referral with that id; 404 for any other."""
    found = referral_find(request, referral_id)
    if found is None:
        raise Http404
    return found


def referral_update(
    request: HttpRequest, *, actor: User, referral: Referral, **values: Any
) -> Referral:
    """A referral moved on (its status, its follow-up day, a note)."""
    services.referral_update_pretend(actor=actor, referral=referral, **values)
    referral_keep(request, referral)
    return referral_or_404(request, referral.pk)


def _consent(request: HttpRequest, person_id: Any, consent_id: str) -> Consent:
    page = _page(request, person_id)
    found = next((c for c in page.consents if str(c.pk) == consent_id), None) if page else None
    if found is None:
        raise Http404
    return found


def consent_record(
    request: HttpRequest,
    *,
    person: Person,
    purpose: str,
    language: str,
    given_at: Any = None,
    note: str = "",
) -> Consent:
    """Her consent to ``purpose``, checked as ``consent_record`` checks it (once a purpose
    while it stands), then kept: a testimony asks for it, as for a real one. (Its ``note``
    is shown nowhere, so none is kept.)"""
    language, when = services.consent_check(purpose=purpose, language=language, given_at=given_at)
    if consent_given(request, person.pk, purpose):
        raise services.consent_already_given()
    summary = sealed.find(request, SLOT, person.pk) or {}
    withdrawn = [
        datetime.datetime.fromisoformat(c["withdrawn_at"])
        for c in summary.get("consents", [])
        if c["purpose"] == purpose and c["withdrawn_at"] is not None
    ]
    services.consent_before_withdrawal(when, max(withdrawn, default=None))
    consent_id = consent_keep(request, person.pk, purpose=purpose, language=language, given_at=when)
    if consent_id is None:
        raise Http404
    return _consent(request, person.pk, consent_id)


def consent_or_404(request: HttpRequest, consent_id: Any) -> tuple[str, dict[str, Any]]:
    """(her id, its pretend consent with that id); 404 for any other."""
    found = consent_find(request, consent_id)
    if found is None:
        raise Http404
    return found


def consent_withdraw(request: HttpRequest, consent_id: Any) -> Consent:
    """Her consent withdrawn now (refused as a real one once withdrawn already)."""
    person_id, kept = consent_or_404(request, consent_id)
    if kept["withdrawn_at"] is not None:
        raise services.consent_already_withdrawn()
    _consent_withdrawn(request, person_id, kept["id"])
    return _consent(request, person_id, kept["id"])
