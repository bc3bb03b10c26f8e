"""Compute the trap check of one rescue request: every factor, its weight, its evidence.

Pure reads; the service stores the result as an Assessment. Each ``_check_*`` function looks
at one kind of evidence and fires factors with evidence lines: a key and its values (see
``verification/evidence.py``), naming records by kind and date, never by phone number, and
put into words in the reader's language when shown.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from safepassage.intel.geo import haversine_km
from safepassage.intel.models import (
    UNSAFE_MEMBER_STATUSES,
    Holder,
    Incident,
    LocationReport,
    Member,
    Place,
)
from safepassage.tracing.models import (
    AuthOutcome,
    AuthSecret,
    Contact,
    PersonLink,
    PersonLinkKind,
    PhoneSighting,
    SecretKind,
)
from safepassage.tracing.services.persons import phone_index
from safepassage.verification.evidence import line
from safepassage.verification.models import RescueRequest
from safepassage.verification.rules import MIN_GRADE, grade_ok, lure_phrases_in

UNSAFE = [s.value for s in UNSAFE_MEMBER_STATUSES]
INCIDENT_LABEL = Incident._meta.label
MEMBER_LABEL = Member._meta.label


@dataclass(frozen=True)
class Rules:
    weights: dict[str, int]
    params: dict[str, float]
    threshold: int


@dataclass
class Evaluation:
    fired: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def fire(self, code: str, *evidence: dict[str, Any]) -> None:
        lines = self.fired.setdefault(code, [])
        for entry in evidence:
            if entry not in lines:
                lines.append(entry)


def _when(value: datetime.datetime | datetime.date) -> str:
    return value.isoformat()


def _place(place: Place, prefix: str = "") -> dict[str, Any]:
    return {f"{prefix}place": place.name, f"{prefix}place_kind": place.kind}


def _incident(incident: Incident) -> dict[str, Any]:
    return {"incident_kind": incident.kind, "date": incident.occurred_on.isoformat()}


def _contact(contact: Contact) -> dict[str, Any]:
    return {"at": _when(contact.occurred_at), "channel": contact.channel}


Periods = list[tuple[datetime.datetime, datetime.datetime | None]]


def _check_authentication(
    request: RescueRequest, contacts: list[Contact], rules: Rules, out: Evaluation
) -> None:
    agreed = list(
        AuthSecret.objects.filter(
            person_id=request.person_id, kind=SecretKind.ALL_CLEAR_WORD
        ).values_list("created_at", "retired_at")
    )
    since = request.created_at - datetime.timedelta(days=float(rules.params["lookback_days"]))
    others = (
        Contact.objects.filter(person_id=request.person_id, occurred_at__gte=since)
        .filter(Q(duress_word_used=True) | Q(auth_outcome=AuthOutcome.FAILED))
        .exclude(pk__in=[c.pk for c in contacts])
        .order_by("occurred_at")
    )
    _fire_authentication(contacts, agreed, list(others), out)


def _fire_authentication(
    contacts: list[Contact], agreed: Periods, others: list[Contact], out: Evaluation
) -> None:
    """The authentication factors of the ticked ``contacts``, given when her all-clear words
    were in force and her other coerced-looking contacts in the look-back window."""
    for contact in contacts:
        named = _contact(contact)
        if contact.auth_outcome == AuthOutcome.NOT_ATTEMPTED:
            out.fire("auth_not_attempted", line("auth_not_attempted", **named))
        elif contact.auth_outcome == AuthOutcome.FAILED:
            out.fire("auth_failed", line("auth_failed", **named))
        if contact.duress_word_used:
            out.fire("duress_word", line("duress_word", **named))
        word_in_force = any(
            created <= contact.occurred_at and (retired is None or retired > contact.occurred_at)
            for created, retired in agreed
        )
        if word_in_force and contact.all_clear_given is not True:
            out.fire("all_clear_missing", line("all_clear_missing", **named))
    # A coerced call is a warning whichever contact the request was written on: the duress
    # word or a failed authentication on any of her contacts in the look-back window (or
    # after the request) counts, ticked or not.
    for contact in others:
        named = _contact(contact)
        if contact.auth_outcome == AuthOutcome.FAILED:
            out.fire("auth_failed", line("auth_failed_unticked", **named))
        if contact.duress_word_used:
            out.fire("duress_word", line("duress_word_unticked", **named))


def _check_lure(request: RescueRequest, contacts: list[Contact], out: Evaluation) -> None:
    if request.urgency_claimed:
        out.fire("lure_urgency", line("lure_urgency"))
    if request.holder_away_claimed:
        out.fire("lure_holder_away", line("lure_holder_away"))
    if request.pickup_at_captive_location and not request.network_chosen_meeting_point:
        out.fire("lure_captive_location", line("lure_captive_location"))
    for contact in contacts:
        phrases = lure_phrases_in(contact.what_she_asked)
        if phrases:
            out.fire(
                "lure_phrases",
                line("lure_phrases", at=_when(contact.occurred_at), phrases=list(phrases)),
            )


def _check_numbers(request: RescueRequest, contacts: list[Contact], out: Evaluation) -> None:
    indexes = {c.number_index for c in contacts if c.number_index}
    if not indexes:
        return
    own = {str(c.pk) for c in contacts}
    sightings = PhoneSighting.objects.filter(number_index__in=indexes)
    incident_ids = [s.source_id for s in sightings if s.source_type == INCIDENT_LABEL]
    for incident in Incident.objects.filter(pk__in=incident_ids):
        out.fire("number_in_incident", line("number_in_incident", **_incident(incident)))
    member_ids = [s.source_id for s in sightings if s.source_type == MEMBER_LABEL]
    for member in Member.objects.filter(pk__in=member_ids, status__in=UNSAFE):
        out.fire(
            "number_unsafe_member",
            line("number_unsafe_member", codename=member.codename, member_status=member.status),
        )
    others = {
        s.person_id
        for s in sightings
        if s.person_id is not None
        and s.person_id != request.person_id
        and str(s.source_id) not in own
    }
    others |= set(
        Contact.objects.filter(number_index__in=indexes)
        .exclude(person_id=request.person_id)
        .values_list("person_id", flat=True)
    )
    if others:
        out.fire("number_other_person", line("number_other_person", count=len(others)))


def _latest_reports(request: RescueRequest) -> list[LocationReport]:
    return list(
        LocationReport.objects.filter(person_id=request.person_id)
        .select_related("place", "holder", "source_member")
        .order_by("-reported_at", "-created_at")
    )


def _check_places(
    request: RescueRequest,
    reports: list[LocationReport],
    out: Evaluation,
    pretend: tuple[Sequence[Incident], Sequence[LocationReport]] | None = None,
) -> None:
    """Its places in an incident, or reported by a member no longer trusted (``pretend``: a
    decoy's pretend incidents and every pretend location report, else the network's)."""
    places: dict[Any, Place] = {}
    for place in (request.pickup_place, request.stated_place):
        if place is not None:
            places[place.pk] = place
    if reports and reports[0].place is not None:
        places[reports[0].place.pk] = reports[0].place
    if not places:
        return
    ids = list(places)
    if pretend is None:
        incidents: Iterable[Incident] = (
            Incident.objects.filter(Q(place_id__in=ids) | Q(places__in=ids))
            .distinct()
            .prefetch_related("places")
        )
        unsafe: Iterable[LocationReport] = LocationReport.objects.filter(
            place_id__in=ids, source_member__status__in=UNSAFE
        ).select_related("source_member", "place")
    else:
        incidents, unsafe = (
            pretend[0],
            [r for r in pretend[1] if r.place_id in places and _unsafe_source(r)],
        )
    for incident in incidents:
        others = incident.pretend_places if pretend is not None else incident.places.all()  # type: ignore[attr-defined]
        linked = [places[p] for p in ids if p == incident.place_id] or [
            places[p.pk] for p in others if p.pk in places
        ]
        for place in linked:
            out.fire(
                "place_in_incident",
                line("place_in_incident", **_place(place), **_incident(incident)),
            )
    for report in unsafe:
        member = report.source_member
        assert member is not None and report.place is not None  # noqa: S101  # nosec B101
        out.fire(
            "place_unsafe_source",
            line(
                "place_unsafe_source",
                **_place(report.place),
                codename=member.codename,
                member_status=member.status,
            ),
        )


def _check_holders(
    request: RescueRequest,
    reports: list[LocationReport],
    out: Evaluation,
    pretend: Sequence[Incident] | None = None,
) -> None:
    """Its holders in an incident (``pretend``: a decoy's pretend incidents, else every one)."""
    holders: dict[Any, Holder] = {}
    if request.stated_holder is not None:
        holders[request.stated_holder.pk] = request.stated_holder
    if reports and reports[0].holder is not None:
        holders[reports[0].holder.pk] = reports[0].holder
    incidents = (
        Incident.objects.filter(holders__in=list(holders)).distinct()
        if pretend is None
        else pretend
    )
    for incident in incidents:
        linked = (
            incident.holders.filter(pk__in=list(holders))
            if pretend is None
            else [h for h in incident.pretend_holders if h.pk in holders]  # type: ignore[attr-defined]
        )
        for holder in linked:
            out.fire(
                "holder_in_incident",
                line("holder_in_incident", holder=holder.name, **_incident(incident)),
            )


def _check_pretend_numbers(
    contacts: list[Contact], incidents: Sequence[Incident], out: Evaluation
) -> None:
    """:func:`_check_numbers` on a decoy's pretend incidents (it sees no member)."""
    indexes = {phone_index(c.number_used) for c in contacts} - {""}
    for incident in incidents:
        if indexes & {phone_index(n) for n in incident.phone_numbers}:
            out.fire("number_in_incident", line("number_in_incident", **_incident(incident)))


def _check_distance(
    request: RescueRequest,
    rules: Rules,
    out: Evaluation,
    incidents: Sequence[Incident] | None = None,
) -> None:
    """A pick-up near an incident (``incidents``: a decoy's pretend ones, else every one)."""
    pickup = request.pickup_location()
    if pickup is None:
        return
    radius = float(rules.params["incident_radius_km"])
    for incident in Incident.objects.select_related("place") if incidents is None else incidents:
        where = incident.location()
        if where is None:
            continue
        distance = haversine_km(pickup, where)
        if distance <= radius:
            out.fire(
                "pickup_near_incident",
                line(
                    "pickup_near_incident",
                    km=f"{distance:.1f}",
                    limit=f"{radius:g}",
                    **_incident(incident),
                ),
            )


def _unsafe_source(report: LocationReport | None) -> bool:
    """Whether the report came from a member the network no longer trusts."""
    if report is None or report.source_member_id is None:
        return False
    member = report.source_member
    return member is not None and member.status in UNSAFE


def _check_corroboration(
    request: RescueRequest, reports: list[LocationReport], out: Evaluation
) -> None:
    if request.stated_place is not None:
        relevant = [r for r in reports if r.place_id == request.stated_place.pk]
    elif reports:
        latest = reports[0]
        relevant = [r for r in reports if latest.place_id and r.place_id == latest.place_id]
        relevant = relevant or [latest]
    else:
        relevant = []
    if not relevant:
        out.fire("not_corroborated", line("no_report"))
        out.fire("low_grade", line("no_graded_report"))
        return
    # A compromised, captured, missing or killed member may speak for the other side: their reports
    # corroborate nothing, and a report linked to one of theirs is not corroborated by it.
    by_id: dict[Any, LocationReport] = {r.pk: r for r in reports}
    trusted = [r for r in relevant if not _unsafe_source(r)]
    sources = {r.source_key for r in trusted}
    corroborated = any(
        r.corroborated and not _unsafe_source(by_id.get(r.corroborated_by_id)) for r in trusted
    )
    if not corroborated and len(sources) < 2:
        if len(sources) < len({r.source_key for r in relevant}):
            out.fire("not_corroborated", line("unsafe_sources", count=len(relevant)))
        else:
            out.fire("not_corroborated", line("one_source", count=len(relevant)))
    best = min(relevant, key=lambda r: (r.source_reliability, r.info_credibility))
    if not grade_ok(best.source_reliability, best.info_credibility):
        out.fire(
            "low_grade",
            line("low_grade", grade=best.grade, minimum=f"{MIN_GRADE[0]}{MIN_GRADE[1]}"),
        )


def _check_conflicts(
    request: RescueRequest,
    reports: list[LocationReport],
    out: Evaluation,
    children_linked: int | None = None,
) -> None:
    """``children_linked``: how many of her links are children (read here when None)."""
    with_place = next((r for r in reports if r.place is not None), None)
    if (
        request.stated_place is not None
        and with_place is not None
        and with_place.place_id != request.stated_place.pk
    ):
        assert with_place.place is not None  # noqa: S101  (type narrowing)  # nosec B101
        out.fire(
            "conflict_place",
            line(
                "conflict_place",
                at=_when(with_place.reported_at),
                **_place(request.stated_place),
                **_place(with_place.place, prefix="report_"),
            ),
        )
    with_holder = next((r for r in reports if r.holder is not None), None)
    if (
        request.stated_holder is not None
        and with_holder is not None
        and with_holder.holder_id != request.stated_holder.pk
    ):
        assert with_holder.holder is not None  # noqa: S101  (type narrowing)  # nosec B101
        out.fire(
            "conflict_holder",
            line(
                "conflict_holder",
                holder=request.stated_holder.name,
                at=_when(with_holder.reported_at),
                report_holder=with_holder.holder.name,
            ),
        )
    if request.children_count is None:
        return
    family = (
        PersonLink.objects.filter(person_id=request.person_id, kind=PersonLinkKind.CHILD).count()
        if children_linked is None
        else children_linked
    )
    if family and family != request.children_count:
        out.fire(
            "conflict_children",
            line("conflict_children_family", count=request.children_count, family=family),
        )
    with_children = next((r for r in reports if r.children_count is not None), None)
    if with_children is not None and with_children.children_count != request.children_count:
        out.fire(
            "conflict_children",
            line(
                "conflict_children_report",
                count=request.children_count,
                at=_when(with_children.reported_at),
                report=with_children.children_count,
            ),
        )


def _check_timing(
    request: RescueRequest, contacts: list[Contact], rules: Rules, out: Evaluation
) -> None:
    if not contacts:
        return
    latest = max(contacts, key=lambda c: c.occurred_at)
    earliest = min(contacts, key=lambda c: c.occurred_at)
    before = (
        Contact.objects.filter(person_id=request.person_id, occurred_at__lt=earliest.occurred_at)
        .order_by("-occurred_at")
        .first()
    )
    window = datetime.timedelta(hours=float(rules.params["burst_hours"]))
    count = Contact.objects.filter(
        person_id=request.person_id,
        occurred_at__gt=latest.occurred_at - window,
        occurred_at__lte=latest.occurred_at,
    ).count()
    _fire_timing(contacts, before, count, rules, out)


def _fire_timing(
    contacts: list[Contact],
    before: Contact | None,
    count: int,
    rules: Rules,
    out: Evaluation,
) -> None:
    """The timing factors of the ticked ``contacts`` (at least one), given her contact just
    before the earliest of them and how many of hers fall in the burst window of the latest."""
    earliest = min(contacts, key=lambda c: c.occurred_at)
    silence = datetime.timedelta(days=float(rules.params["silence_days"]))
    if before is not None and earliest.occurred_at - before.occurred_at > silence:
        days = (earliest.occurred_at - before.occurred_at).days
        out.fire(
            "long_silence",
            line("long_silence", days=days, limit=f"{rules.params['silence_days']:g}"),
        )
    if count >= int(rules.params["burst_count"]):
        out.fire(
            "contact_burst",
            line(
                "contact_burst",
                count=count,
                hours=f"{rules.params['burst_hours']:g}",
                limit=int(rules.params["burst_count"]),
            ),
        )


def evaluate(request: RescueRequest, rules: Rules) -> tuple[int, list[dict[str, Any]]]:
    """The total and the fired factors, in the order of the rule table."""
    contacts: list[Contact] = sorted(request.contacts.all(), key=lambda c: c.occurred_at)
    reports = _latest_reports(request)
    out = Evaluation()
    _check_authentication(request, contacts, rules, out)
    _check_lure(request, contacts, out)
    _check_numbers(request, contacts, out)
    _check_places(request, reports, out)
    _check_holders(request, reports, out)
    _check_distance(request, rules, out)
    _check_corroboration(request, reports, out)
    _check_conflicts(request, reports, out)
    _check_timing(request, contacts, rules, out)
    return _total(out, rules)


def _total(out: Evaluation, rules: Rules) -> tuple[int, list[dict[str, Any]]]:
    from safepassage.verification.rules import FACTORS

    factors: list[dict[str, Any]] = []
    for factor in FACTORS:
        if factor.code in out.fired:
            weight = int(rules.weights.get(factor.code, factor.weight))
            factors.append(
                {"code": factor.code, "weight": weight, "evidence": out.fired[factor.code]}
            )
    return sum(f["weight"] for f in factors), factors


def evaluate_pretend(
    request: RescueRequest,
    rules: Rules,
    *,
    contacts: list[Contact],
    everyone: list[Contact],
    agreed: Periods,
    children_linked: int,
    reports: Sequence[LocationReport] = (),
    incidents: Sequence[Incident] = (),
    every_report: Sequence[LocationReport] = (),
) -> tuple[int, list[dict[str, Any]]]:
    """:func:`evaluate` of a decoy's pretend request, on what its session holds only.

    ``contacts``: the ticked ones; ``everyone``: all her pretend contacts; ``agreed``: when
    her pretend all-clear words were in force; ``children_linked``: her pretend child links;
    ``reports``: her pretend location reports, newest first, and ``incidents``: the session's
    pretend incidents, as the list orders them, and ``every_report``: all its pretend
    location reports (all naming its own pretend places, holders and members only): its
    request's places and holder are checked against these as a real one's against the
    network's. A decoy sees no record, so the checks that read the network's own records
    (phone sightings, incidents, places, holders, other persons' location reports) find what
    they would find for a person with none: nothing of the network is read, nothing of it can
    show through.
    """
    contacts = sorted(contacts, key=lambda c: c.occurred_at)
    ticked = {c.pk for c in contacts}
    since = request.created_at - datetime.timedelta(days=float(rules.params["lookback_days"]))
    others = sorted(
        (
            c
            for c in everyone
            if c.occurred_at >= since
            and (c.duress_word_used or c.auth_outcome == AuthOutcome.FAILED)
            and c.pk not in ticked
        ),
        key=lambda c: c.occurred_at,
    )
    out = Evaluation()
    _fire_authentication(contacts, agreed, others, out)
    _check_lure(request, contacts, out)
    _check_pretend_numbers(contacts, incidents, out)
    _check_places(request, list(reports), out, pretend=(incidents, every_report))
    _check_holders(request, list(reports), out, pretend=incidents)
    _check_distance(request, rules, out, incidents)
    _check_corroboration(request, list(reports), out)
    _check_conflicts(request, list(reports), out, children_linked=children_linked)
    if contacts:
        earliest, latest = contacts[0].occurred_at, contacts[-1].occurred_at
        window = datetime.timedelta(hours=float(rules.params["burst_hours"]))
        before = max(
            (c for c in everyone if c.occurred_at < earliest),
            key=lambda c: c.occurred_at,
            default=None,
        )
        count = sum(1 for c in everyone if latest - window < c.occurred_at <= latest)
        _fire_timing(contacts, before, count, rules, out)
    return _total(out, rules)


def codes(factors: Iterable[dict[str, Any]]) -> list[str]:
    return [str(f["code"]) for f in factors]
