"""A decoy session's pretend location reports: what its reports about its pretend persons
would have saved.

A decoy's pretend person's page links to her location reports as a real page does; a 404
there would give the decoy away. The service checks a report as a real one
(``services.location_report_pretend``) and what was entered is kept sealed in the decoy's
session only (:mod:`safepassage.accounts.decoy`); her location reports page and her person
page then list it as they would a saved one. A decoy sees no member, place or holder of the
network: its reports name its own pretend ones (below) only, as a real report names those its
user may see, and her pretend contacts. :func:`report_record` is the save the page and the API
share.

Its incidents are kept the same way (:func:`incident_record`, checked by
``services.incident_pretend``): the incidents page and the API list them back to it, naming
its own pretend persons, places, holders and members only (its places' and holders' pages
list them, :func:`incidents_linked`).

So are its places (:func:`place_record`, checked by ``services.place_pretend``): the places
page, its search and the API list them back to it, and who controls the area is recorded on
a place's page as on a real one's (:func:`place_control_record`); and its holders
(:func:`holder_record`, checked by ``services.holder_pretend``), which link its own places
only, listed back on the holders page, its search and the API; and a coordinator's members
(:func:`member_record`, checked by ``services.member_pretend``), listed back on the members
page and the API, whose status it changes as a real member's (:func:`member_status_record`).
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django.http import Http404, HttpRequest

from safepassage.accounts import decoy as sealed
from safepassage.accounts.models import User
from safepassage.intel import services
from safepassage.intel.models import (
    Holder,
    Incident,
    LocationReport,
    Member,
    MemberStatusChange,
    Place,
)
from safepassage.intel.names import name_keys, query_keys
from safepassage.intel.selectors import (
    LIST_LIMIT,
    PlaceHit,
    ReportNames,
    linked_ids_all,
    places_near,
    unknown,
)
from safepassage.intel.services.network import ALERT_STATUSES
from safepassage.sentences import Said
from safepassage.tracing import decoy as tracing_decoy
from safepassage.tracing.models import Contact, Person

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
# What a report links to by id: her pretend contact, and its own pretend records.
_LINKS = ("source_contact", "source_member", "place", "holder")


def remember(request: HttpRequest, report: LocationReport) -> None:
    """Keep a decoy's pretend location report (checked by ``location_report_pretend``); the
    report it is corroborated by is marked corroborated too, as a real save marks it."""
    summary: dict[str, Any] = {
        **{name: getattr(report, name) for name in _FIELDS},
        "person": str(report.person_id),
        **{
            name: str(getattr(report, f"{name}_id")) if getattr(report, f"{name}_id") else None
            for name in _LINKS
        },
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
    # Its linked pretend records still in the session (a pretend row is not looked up).
    report = LocationReport(
        id=uuid.UUID(report_id),
        person=her,
        source_contact=contacts.get(data["source_contact"] or ""),
        source_member=_kept(request, MEMBER_SLOT, _member, data.get("source_member")),
        place=_kept(request, PLACE_SLOT, _place, data.get("place")),
        holder=_kept(request, HOLDER_SLOT, _holder, data.get("holder")),
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


def _own(
    request: HttpRequest,
    kind: tuple[str, Callable[[HttpRequest, str, dict[str, Any]], K], str],
    chosen: Any,
    field: str,
) -> K:
    """Its pretend record of a kind (``_PLACES``, ``_HOLDERS``, ``_MEMBERS``) named by an
    input; any other id is the error a real resolve (``selectors.place_resolve`` and the
    like) gives for a record the user may not see."""
    slot, build, label = kind
    found = _kept(request, slot, build, chosen)
    if found is None:
        raise unknown(field, label)
    return found


def reports_for_person(request: HttpRequest, person: Person) -> list[LocationReport]:
    """Her pretend location reports in this decoy session, newest first (as a real person's
    are listed)."""
    found: list[LocationReport] = []
    for report_id in sealed.kept_ids(request, SLOT):
        data = sealed.find(request, SLOT, report_id)
        if data is not None and data["person"] == str(person.pk):
            found.append(_report(request, report_id, data, person))
    return sorted(found, key=lambda r: (r.reported_at, r.created_at), reverse=True)


def _all(request: HttpRequest) -> list[LocationReport]:
    found: list[LocationReport] = []
    for report_id in sealed.kept_ids(request, SLOT):
        data = sealed.find(request, SLOT, report_id)
        her = tracing_decoy.person(request, data["person"]) if data is not None else None
        if data is not None and her is not None:
            found.append(_report(request, report_id, data, her))
    return sorted(found, key=lambda r: (r.reported_at, r.created_at), reverse=True)


def reports_all(request: HttpRequest) -> list[LocationReport]:
    """Every pretend location report of this decoy session, newest first (as listed)."""
    return _all(request)


def report(request: HttpRequest, report_id: Any) -> LocationReport | None:
    """This decoy session's pretend location report with that id, or None."""
    return next((r for r in _all(request) if str(r.pk) == str(report_id)), None)


def person_resolve(request: HttpRequest, person_id: Any, field: str = "person") -> Person:
    """This decoy session's pretend person named by an input: any other id is the error
    ``selectors.person_resolve`` gives for a person the user may not see."""
    person = tracing_decoy.person(request, person_id)
    if person is None:
        raise unknown(field, "person")
    return person


R = TypeVar("R", Contact, LocationReport)


def pick(rows: list[R], chosen: Any, field: str, label: str) -> R | None:
    """The pretend row chosen (none: None); an unknown one as a real resolve answers it."""
    if not chosen:
        return None
    found = next((row for row in rows if str(row.pk) == str(chosen)), None)
    if found is None:
        raise unknown(field, label)
    return found


def report_record(
    request: HttpRequest,
    *,
    actor: User,
    person: Person,
    source_member: Any = None,
    source_contact: Any = None,
    place: Any = None,
    holder: Any = None,
    corroborated_by: Any = None,
    **values: Any,
) -> LocationReport:
    """A decoy's location report about its pretend person, as the page and the API save a
    real one: the ids named resolved in the same order (its own pretend member, place and
    holder, her pretend contacts and reports; any other is unknown, as one a real user may
    not see), the real checks (``location_report_pretend``), then kept; her open pretend
    rescue requests are assessed again on it, as a real report has them assessed."""
    # Imported here: the pretend requests build on this module's reports.
    from safepassage.verification import decoy as verification_decoy

    source = _own(request, _MEMBERS, source_member, "source_member") if source_member else None
    contact = pick(
        tracing_decoy.contacts(request, person.pk), source_contact, "source_contact", "contact"
    )
    where = _own(request, _PLACES, place, "place") if place else None
    held_by = _own(request, _HOLDERS, holder, "holder") if holder else None
    corroborating = pick(
        reports_for_person(request, person), corroborated_by, "corroborated_by", "location report"
    )
    saved = services.location_report_pretend(
        actor=actor,
        person=person,
        source_member=source,
        source_contact=contact,
        place=where,
        holder=held_by,
        corroborated_by=corroborating,
        **values,
    )
    remember(request, saved)
    verification_decoy.assess_again(request, person=person, trigger="location_report")
    return saved


# --- its incidents -------------------------------------------------------------------------

INCIDENT_SLOT = "intel.incident"
_INCIDENT_FIELDS = ("kind", "coordinates", "description", "phone_numbers")


def _incident(request: HttpRequest, incident_id: str, data: dict[str, Any]) -> Incident:
    # Its pretend records still in the session (a pretend row is not looked up).
    incident = Incident(
        id=uuid.UUID(incident_id),
        occurred_on=datetime.date.fromisoformat(data["occurred_on"]),
        place=_kept(request, PLACE_SLOT, _place, data.get("place")),
        created_by=tracing_decoy.shown_as(request.user),  # type: ignore[arg-type]
        **{name: data[name] for name in _INCIDENT_FIELDS},
    )
    incident.created_at = datetime.datetime.fromisoformat(data["created_at"])
    incident.pretend_persons = [  # type: ignore[attr-defined]
        p for p in data["persons"] if tracing_decoy.person(request, p) is not None
    ]
    for name, (slot, build, _label) in _INCIDENT_LINKS.items():
        linked = [_kept(request, slot, build, i) for i in data.get(name, [])]
        setattr(incident, f"pretend_{name}", [record for record in linked if record is not None])
    return incident


def incident_links(incident: Incident) -> tuple[list[Member], list[Holder], list[Place]]:
    """Its pretend incident's members, holders and other places (as a real one's ``members``,
    ``holders`` and ``places``)."""
    return (
        incident.pretend_members,  # type: ignore[attr-defined]
        incident.pretend_holders,  # type: ignore[attr-defined]
        incident.pretend_places,  # type: ignore[attr-defined]
    )


def incident_names(incidents: list[Incident]) -> ReportNames:
    """The ids of what its pretend incidents link to, every one shown: they link only to its
    own pretend records (as ``selectors.incident_names_shown`` gives a real user's)."""
    members: set[Any] = set()
    holders: set[Any] = set()
    for incident in incidents:
        linked_members, linked_holders, _places = incident_links(incident)
        members |= {m.pk for m in linked_members}
        holders |= {h.pk for h in linked_holders}
    places = linked_ids_all(incidents=incidents).places
    return ReportNames(members=frozenset(members), holders=frozenset(holders), places=places)


def incidents_linked(request: HttpRequest, record: Place | Holder) -> list[Incident]:
    """Its pretend incidents at its pretend place (its place, or one of its other places) or
    naming its pretend holder, as ``incidents_at_place`` and ``incidents_of_holder`` list a
    real one's."""
    found = []
    for incident in incidents_all(request):
        _members, holders, places = incident_links(incident)
        linked: list[Any] = [*holders] if isinstance(record, Holder) else [incident.place, *places]
        if any(r is not None and r.pk == record.pk for r in linked):
            found.append(incident)
    return found


def incidents_all(request: HttpRequest) -> list[Incident]:
    """Every pretend incident of this decoy session, as a real list orders them (the latest
    date first, then the newest)."""
    found = []
    for incident_id in sealed.kept_ids(request, INCIDENT_SLOT):
        data = sealed.find(request, INCIDENT_SLOT, incident_id)
        if data is not None:
            found.append(_incident(request, incident_id, data))
    return sorted(found, key=lambda i: (i.occurred_on, i.created_at), reverse=True)


def incident(request: HttpRequest, incident_id: Any) -> Incident | None:
    """This decoy session's pretend incident with that id, or None."""
    data = sealed.find(request, INCIDENT_SLOT, incident_id)
    return _incident(request, str(incident_id), data) if data is not None else None


def incident_record(
    request: HttpRequest,
    *,
    actor: User,
    place: Any = None,
    members: Any = (),
    holders: Any = (),
    places: Any = (),
    persons: Any = (),
    **values: Any,
) -> Incident:
    """A decoy's incident, as the page and the API save a real one: the ids named resolved in
    the same order (its own pretend place, members, holders, other places and persons; any
    other is unknown, as one a real user may not see), the real checks (``incident_pretend``),
    then kept; every open pretend rescue request is assessed again on it, as a real incident
    has every one."""
    # Imported here: the pretend requests build on this module's records.
    from safepassage.verification import decoy as verification_decoy

    where = _own(request, _PLACES, place, "place") if place else None
    linked = {
        name: [_own(request, _INCIDENT_LINKS[name], i, name) for i in chosen]
        for name, chosen in (("members", members), ("holders", holders), ("places", places))
    }
    named = [person_resolve(request, p, field="persons") for p in persons]
    saved = services.incident_pretend(actor=actor, place=where, **values)
    summary: dict[str, Any] = {
        **{name: getattr(saved, name) for name in _INCIDENT_FIELDS},
        "occurred_on": saved.occurred_on.isoformat(),
        "created_at": saved.created_at.isoformat(),
        "place": str(where.pk) if where is not None else None,
        "persons": list(dict.fromkeys(str(p.pk) for p in named)),
        **{name: list(dict.fromkeys(str(r.pk) for r in rows)) for name, rows in linked.items()},
    }
    sealed.keep(request, INCIDENT_SLOT, saved.pk, summary)
    verification_decoy.assess_again(request, person=None, trigger="incident")
    return _incident(request, str(saved.pk), summary)


# --- its places ----------------------------------------------------------------------------

PLACE_SLOT = "intel.place"
_PLACE_FIELDS = (
    "kind",
    "is_secret",
    "names",
    "latitude",
    "longitude",
    "secret_coordinates",
    "control",
    "notes",
)


def _keep_place(request: HttpRequest, place: Place) -> None:
    summary: dict[str, Any] = {
        **{name: getattr(place, name) for name in _PLACE_FIELDS},
        "control_as_of": place.control_as_of.isoformat() if place.control_as_of else None,
        "created_at": place.created_at.isoformat(),
        "updated_at": place.updated_at.isoformat(),
    }
    sealed.keep(request, PLACE_SLOT, place.pk, summary)


def _place(request: HttpRequest, place_id: str, data: dict[str, Any]) -> Place:
    place = Place(
        id=uuid.UUID(place_id),
        control_as_of=(
            datetime.date.fromisoformat(data["control_as_of"]) if data["control_as_of"] else None
        ),
        created_by=tracing_decoy.shown_as(request.user),  # type: ignore[arg-type]
        **{name: data[name] for name in _PLACE_FIELDS},
    )
    place.created_at = datetime.datetime.fromisoformat(data["created_at"])
    place.updated_at = datetime.datetime.fromisoformat(data["updated_at"])
    return place


_PLACES = (PLACE_SLOT, _place, "place")


K = TypeVar("K", Place, Holder, Member)


def _kept(
    request: HttpRequest,
    slot: str,
    build: Callable[[HttpRequest, str, dict[str, Any]], K],
    record_id: Any,
) -> K | None:
    """The pretend record kept under ``slot`` with that id, built again, or None."""
    data = sealed.find(request, slot, record_id)
    return build(request, str(record_id), data) if data is not None else None


def _every(
    request: HttpRequest, slot: str, build: Callable[[HttpRequest, str, dict[str, Any]], K]
) -> list[K]:
    """Every pretend record kept under ``slot``, built again, in the order kept."""
    found = []
    for record_id in sealed.kept_ids(request, slot):
        record = _kept(request, slot, build, record_id)
        if record is not None:
            found.append(record)
    return found


def _or_404(found: K | None) -> K:
    """A pretend record found, or not found (404) as one the user may not see."""
    if found is None:
        raise Http404
    return found


def place(request: HttpRequest, place_id: Any) -> Place | None:
    """This decoy session's pretend place with that id, or None."""
    return _kept(request, PLACE_SLOT, _place, place_id)


def place_resolve(request: HttpRequest, place_id: Any, field: str) -> Place:
    """Its pretend place named by an input; any other id is the error
    ``selectors.place_resolve`` gives for a place the user may not see."""
    return _own(request, _PLACES, place_id, field)


def place_or_404(request: HttpRequest, place_id: Any) -> Place:
    """Its pretend place with that id; 404 for any other, as for a place it may not see."""
    return _or_404(place(request, place_id))


def places_all(request: HttpRequest) -> list[Place]:
    """Every pretend place of this decoy session, in the gazetteer's order (kind, then the
    oldest first)."""
    return sorted(_every(request, PLACE_SLOT, _place), key=lambda p: (p.kind, p.created_at))


def _spelled(names: list[str], query: str, purpose: str) -> bool:
    """Whether one of these spellings reads as the query does, as the real search finds a
    record: the whole name, or every word of it, in any reading (``names.query_keys``)."""
    keys = name_keys(names, purpose=purpose)
    readings = query_keys(query, purpose=purpose)
    return any(whole in keys or set(words) <= keys for whole, words in readings)


def place_hits(
    request: HttpRequest,
    *,
    query: str = "",
    kind: str = "",
    near: tuple[float, float] | None = None,
    radius_km: float = 10.0,
    limit: int = LIST_LIMIT,
) -> list[PlaceHit]:
    """Its pretend places as ``selectors.places_for_user`` finds real ones: by any spelling,
    of a kind, near a point (closest first, with the distance), or all."""
    places = places_all(request)
    if kind:
        places = [p for p in places if p.kind == kind]
    if query.strip():
        places = [p for p in places if _spelled(p.names, query, "place")]
    if near is None:
        return [PlaceHit(p) for p in places[:limit]]
    return places_near(places, near, radius_km, limit)


def place_record(request: HttpRequest, *, actor: User, **values: Any) -> Place:
    """A decoy's new place, as the page and the API save a real one: the real checks
    (``place_pretend``), then kept."""
    saved = services.place_pretend(actor=actor, **values)
    saved.created_by = tracing_decoy.shown_as(actor)
    _keep_place(request, saved)
    return saved


def place_control_record(
    request: HttpRequest, *, actor: User, place: Place, control: str, as_of: Any = None
) -> Place:
    """Who controls its pretend place's area now, as a real place records it: the real
    checks (``place_set_control_pretend``), then kept."""
    saved = services.place_set_control_pretend(
        actor=actor, place=place, control=control, as_of=as_of
    )
    _keep_place(request, saved)
    return saved


def place_choices(request: HttpRequest) -> list[tuple[str, str]]:
    """(id, label) of its pretend places, as ``selectors.place_choices`` offers real ones."""
    return [(str(p.pk), f"{p.name} ({p.get_kind_display()})") for p in places_all(request)]


def _linked_places(request: HttpRequest, chosen: Any, field: str) -> list[Place]:
    """Its pretend places named by an input, in the order given; any other id is the error
    ``selectors.place_resolve`` gives for a place the user may not see."""
    return [_own(request, _PLACES, place_id, field) for place_id in chosen]


# --- its holders ---------------------------------------------------------------------------

HOLDER_SLOT = "intel.holder"


def _holder(request: HttpRequest, holder_id: str, data: dict[str, Any]) -> Holder:
    holder = Holder(
        id=uuid.UUID(holder_id),
        names=data["names"],
        aliases=data["aliases"],
        notes=data["notes"],
        created_by=tracing_decoy.shown_as(request.user),  # type: ignore[arg-type]
    )
    holder.created_at = datetime.datetime.fromisoformat(data["created_at"])
    # Its linked pretend places still in the session (a pretend row is not looked up).
    holder.pretend_places = data["places"]  # type: ignore[attr-defined]
    return holder


_HOLDERS = (HOLDER_SLOT, _holder, "holder")


def holder(request: HttpRequest, holder_id: Any) -> Holder | None:
    """This decoy session's pretend holder with that id, or None."""
    return _kept(request, HOLDER_SLOT, _holder, holder_id)


def holder_resolve(request: HttpRequest, holder_id: Any, field: str) -> Holder:
    """Its pretend holder named by an input; any other id is the error
    ``selectors.holder_resolve`` gives for a holder the user may not see."""
    return _own(request, _HOLDERS, holder_id, field)


def holder_or_404(request: HttpRequest, holder_id: Any) -> Holder:
    """Its pretend holder with that id; 404 for any other, as for a holder it may not see."""
    return _or_404(holder(request, holder_id))


def holders_all(request: HttpRequest, *, query: str = "") -> list[Holder]:
    """Its pretend holders, the oldest first as real ones are listed; with a query, those a
    spelling of whose names or aliases reads as it does (as the real search finds one)."""
    found = _every(request, HOLDER_SLOT, _holder)
    if query.strip():
        found = [h for h in found if _spelled([*h.names, *h.aliases], query, "holder")]
    return sorted(found, key=lambda h: h.created_at)[:LIST_LIMIT]


def holder_choices(request: HttpRequest) -> list[tuple[str, str]]:
    """(id, label) of its pretend holders, as ``selectors.holder_choices`` offers real ones
    (the oldest first)."""
    found = sorted(_every(request, HOLDER_SLOT, _holder), key=lambda h: h.created_at)
    return [(str(h.pk), h.name) for h in found]


def places_of_holder(request: HttpRequest, holder: Holder) -> list[Place]:
    """Its pretend holder's linked places still in its session, in the gazetteer's order."""
    linked = set(holder.pretend_places)  # type: ignore[attr-defined]
    return [p for p in places_all(request) if str(p.pk) in linked]


def holder_record(
    request: HttpRequest,
    *,
    actor: User,
    names: Any,
    aliases: Any,
    places: Any,
    notes: str,
    field: str = "places",
) -> Holder:
    """A decoy's new holder, as the page and the API save a real one: its linked places
    resolved first (its pretend places only; another is unknown, as one a real user may not
    see), the real checks (``holder_pretend``), then kept."""
    linked = _linked_places(request, places, field)
    saved = services.holder_pretend(actor=actor, names=names, aliases=aliases, notes=notes)
    saved.created_by = tracing_decoy.shown_as(actor)
    summary: dict[str, Any] = {
        "names": saved.names,
        "aliases": saved.aliases,
        "notes": saved.notes,
        "places": list(dict.fromkeys(str(p.pk) for p in linked)),
        "created_at": saved.created_at.isoformat(),
    }
    sealed.keep(request, HOLDER_SLOT, saved.pk, summary)
    saved.pretend_places = summary["places"]  # type: ignore[attr-defined]
    return saved


# --- its members ---------------------------------------------------------------------------

MEMBER_SLOT = "intel.member"
_MEMBER_FIELDS = ("codename", "role", "region", "status", "channels", "notes")


def _member(request: HttpRequest, member_id: str, data: dict[str, Any]) -> Member:
    member = Member(
        id=uuid.UUID(member_id),
        created_by=tracing_decoy.shown_as(request.user),  # type: ignore[arg-type]
        **{name: data[name] for name in _MEMBER_FIELDS},
    )
    member.created_at = datetime.datetime.fromisoformat(data["created_at"])
    member.pretend_history = [  # type: ignore[attr-defined]
        _change(request, member, change) for change in data["history"]
    ]
    return member


def _change(request: HttpRequest, member: Member, data: dict[str, Any]) -> MemberStatusChange:
    change = MemberStatusChange(
        id=uuid.UUID(data["id"]),
        member=member,
        from_status=data["from_status"],
        to_status=data["to_status"],
        reason=data["reason"],
        changed_by=tracing_decoy.shown_as(request.user),  # type: ignore[arg-type]
    )
    change.changed_at = datetime.datetime.fromisoformat(data["changed_at"])
    return change


_MEMBERS = (MEMBER_SLOT, _member, "member")
# What an incident links to besides its place: its pretend records of each kind.
_INCIDENT_LINKS: dict[str, Any] = {"members": _MEMBERS, "holders": _HOLDERS, "places": _PLACES}


def _keep_member(request: HttpRequest, member: Member, history: list[dict[str, Any]]) -> None:
    summary: dict[str, Any] = {
        **{name: getattr(member, name) for name in _MEMBER_FIELDS},
        "created_at": member.created_at.isoformat(),
        "history": history,
    }
    sealed.keep(request, MEMBER_SLOT, member.pk, summary)


def member(request: HttpRequest, member_id: Any) -> Member | None:
    """This decoy session's pretend member with that id, or None."""
    return _kept(request, MEMBER_SLOT, _member, member_id)


def member_or_404(request: HttpRequest, member_id: Any) -> Member:
    """Its pretend member with that id; 404 for any other, as for a member it may not see."""
    return _or_404(member(request, member_id))


def members_all(request: HttpRequest) -> list[Member]:
    """Its pretend members, by codename as real ones are listed."""
    return sorted(_every(request, MEMBER_SLOT, _member), key=lambda m: m.codename)[:LIST_LIMIT]


def member_choices(request: HttpRequest) -> list[tuple[str, str]]:
    """(id, label) of its pretend members, as ``selectors.member_choices`` offers real ones
    (by codename)."""
    found = sorted(_every(request, MEMBER_SLOT, _member), key=lambda m: m.codename)
    return [(str(m.pk), f"{m.codename} ({m.get_role_display()})") for m in found]


def history(member: Member) -> list[MemberStatusChange]:
    """Its pretend member's status changes, the oldest first (as a real history)."""
    found: list[MemberStatusChange] = member.pretend_history  # type: ignore[attr-defined]
    return found


def member_record(request: HttpRequest, *, actor: User, **values: Any) -> Member:
    """A decoy coordinator's new member, as the page and the API save a real one: the real
    checks (``member_pretend``; its own members' codenames are the ones taken), then kept."""
    taken = [m.codename for m in _every(request, MEMBER_SLOT, _member)]
    saved = services.member_pretend(actor=actor, codenames=taken, **values)
    saved.created_by = tracing_decoy.shown_as(actor)
    _keep_member(request, saved, [])
    saved.pretend_history = []  # type: ignore[attr-defined]
    return saved


def member_status_record(
    request: HttpRequest, *, actor: User, member: Member, status: str, reason: str | Said
) -> Member:
    """Its pretend member's new status, as a real one is recorded: the real checks
    (``member_set_status_pretend``), then kept with the change in its history; marked lost,
    it raises its pretend "Danger" alert, as a real one raises one."""
    change = services.member_set_status_pretend(
        actor=actor, member=member, status=status, reason=reason
    )
    kept = [
        {
            "id": str(c.pk),
            "from_status": c.from_status,
            "to_status": c.to_status,
            "reason": c.reason,
            "changed_at": c.changed_at.isoformat(),
        }
        for c in [*history(member), change]
    ]
    _keep_member(request, member, kept)
    member.pretend_history = [*history(member), change]  # type: ignore[attr-defined]
    if status in ALERT_STATUSES:  # as a real member lost raises one at once
        from safepassage.operations import decoy as operations_decoy
        from safepassage.operations.models import AlertKind

        operations_decoy.raise_alert(
            request,
            kind=AlertKind.DANGER,
            key="member_status",
            params={"codename": member.codename, "member_status": member.status},
            subject=member,
        )
    return member
