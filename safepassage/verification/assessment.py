"""Compute the trap check of one rescue request: every factor, its weight, its evidence.

Pure reads; the service stores the result as an Assessment. Each ``_check_*`` function looks
at one kind of evidence and returns the factors it fired with human-readable evidence lines
(English, naming records by kind and date, never by phone number).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
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
from safepassage.verification.models import RescueRequest
from safepassage.verification.rules import grade_ok, lure_phrases_in

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
    fired: dict[str, list[str]] = field(default_factory=dict)

    def fire(self, code: str, *evidence: str) -> None:
        lines = self.fired.setdefault(code, [])
        for line in evidence:
            if line not in lines:
                lines.append(line)


def _when(value: datetime.datetime | datetime.date) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if isinstance(value, datetime.datetime) else str(value)


def _place_label(place: Place) -> str:
    return f"{place.name} ({place.get_kind_display()})"


def _incident_label(incident: Incident) -> str:
    return f"{incident.get_kind_display()} on {incident.occurred_on}"


def _contact_label(contact: Contact) -> str:
    return f"contact of {_when(contact.occurred_at)} ({contact.get_channel_display()})"


def _check_authentication(
    request: RescueRequest, contacts: list[Contact], rules: Rules, out: Evaluation
) -> None:
    agreed = list(
        AuthSecret.objects.filter(
            person_id=request.person_id, kind=SecretKind.ALL_CLEAR_WORD
        ).values_list("created_at", "retired_at")
    )
    for contact in contacts:
        label = _contact_label(contact)
        if contact.auth_outcome == AuthOutcome.NOT_ATTEMPTED:
            out.fire("auth_not_attempted", f"No authentication on the {label}.")
        elif contact.auth_outcome == AuthOutcome.FAILED:
            out.fire("auth_failed", f"Authentication failed on the {label}.")
        if contact.duress_word_used:
            out.fire("duress_word", f"The duress word was used on the {label}.")
        word_in_force = any(
            created <= contact.occurred_at and (retired is None or retired > contact.occurred_at)
            for created, retired in agreed
        )
        if word_in_force and contact.all_clear_given is not True:
            out.fire(
                "all_clear_missing",
                f"An all-clear word was agreed but not given on the {label}.",
            )
    # A coerced call is a warning whichever contact the request was written on: the duress
    # word or a failed authentication on any of her contacts in the look-back window (or
    # after the request) counts, ticked or not.
    since = request.created_at - datetime.timedelta(days=float(rules.params["lookback_days"]))
    others = (
        Contact.objects.filter(person_id=request.person_id, occurred_at__gte=since)
        .filter(Q(duress_word_used=True) | Q(auth_outcome=AuthOutcome.FAILED))
        .exclude(pk__in=[c.pk for c in contacts])
        .order_by("occurred_at")
    )
    for contact in others:
        label = _contact_label(contact)
        if contact.auth_outcome == AuthOutcome.FAILED:
            out.fire(
                "auth_failed",
                f"Authentication failed on the {label}, which the request does not rest on.",
            )
        if contact.duress_word_used:
            out.fire(
                "duress_word",
                f"The duress word was used on the {label}, which the request does not rest on.",
            )


def _check_lure(request: RescueRequest, contacts: list[Contact], out: Evaluation) -> None:
    if request.urgency_claimed:
        out.fire("lure_urgency", "The request urges an immediate pick-up.")
    if request.holder_away_claimed:
        out.fire("lure_holder_away", "The request says the holder is away.")
    if request.pickup_at_captive_location and not request.network_chosen_meeting_point:
        out.fire(
            "lure_captive_location",
            "Rescuers are asked to come to where she is held, not to a meeting point the "
            "network chose.",
        )
    for contact in contacts:
        phrases = lure_phrases_in(contact.what_she_asked)
        if phrases:
            quoted = ", ".join(f"“{p}”" for p in phrases)
            out.fire(
                "lure_phrases",
                f"What she asked on the contact of {_when(contact.occurred_at)}: {quoted}.",
            )


def _check_numbers(request: RescueRequest, contacts: list[Contact], out: Evaluation) -> None:
    indexes = {c.number_index for c in contacts if c.number_index}
    if not indexes:
        return
    own = {str(c.pk) for c in contacts}
    sightings = PhoneSighting.objects.filter(number_index__in=indexes)
    incident_ids = [s.source_id for s in sightings if s.source_type == INCIDENT_LABEL]
    for incident in Incident.objects.filter(pk__in=incident_ids):
        out.fire(
            "number_in_incident",
            f"The number used was recorded in an earlier incident: {_incident_label(incident)}.",
        )
    member_ids = [s.source_id for s in sightings if s.source_type == MEMBER_LABEL]
    for member in Member.objects.filter(pk__in=member_ids, status__in=UNSAFE):
        out.fire(
            "number_unsafe_member",
            f"The number used is a channel of member {member.codename} "
            f"({member.get_status_display()}).",
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
        out.fire(
            "number_other_person",
            f"The number used also appears in the records of {len(others)} other person(s).",
        )


def _latest_reports(request: RescueRequest) -> list[LocationReport]:
    return list(
        LocationReport.objects.filter(person_id=request.person_id)
        .select_related("place", "holder", "source_member")
        .order_by("-reported_at", "-created_at")
    )


def _check_places(request: RescueRequest, reports: list[LocationReport], out: Evaluation) -> None:
    places: dict[Any, Place] = {}
    for place in (request.pickup_place, request.stated_place):
        if place is not None:
            places[place.pk] = place
    if reports and reports[0].place is not None:
        places[reports[0].place.pk] = reports[0].place
    if not places:
        return
    ids = list(places)
    incidents = (
        Incident.objects.filter(Q(place_id__in=ids) | Q(places__in=ids))
        .distinct()
        .prefetch_related("places")
    )
    for incident in incidents:
        linked = [places[p] for p in ids if p == incident.place_id] or [
            places[p.pk] for p in incident.places.all() if p.pk in places
        ]
        for place in linked:
            out.fire(
                "place_in_incident",
                f"{_place_label(place)} is linked to an earlier incident: "
                f"{_incident_label(incident)}.",
            )
    unsafe = LocationReport.objects.filter(
        place_id__in=ids, source_member__status__in=UNSAFE
    ).select_related("source_member", "place")
    for report in unsafe:
        member = report.source_member
        assert member is not None and report.place is not None  # noqa: S101  # nosec B101
        out.fire(
            "place_unsafe_source",
            f"{_place_label(report.place)} was reported by member {member.codename} "
            f"({member.get_status_display()}).",
        )


def _check_holders(request: RescueRequest, reports: list[LocationReport], out: Evaluation) -> None:
    holders: dict[Any, Holder] = {}
    if request.stated_holder is not None:
        holders[request.stated_holder.pk] = request.stated_holder
    if reports and reports[0].holder is not None:
        holders[reports[0].holder.pk] = reports[0].holder
    for incident in Incident.objects.filter(holders__in=list(holders)).distinct():
        for holder in incident.holders.filter(pk__in=list(holders)):
            out.fire(
                "holder_in_incident",
                f"Holder {holder.name} is linked to an earlier incident: "
                f"{_incident_label(incident)}.",
            )


def _check_distance(request: RescueRequest, rules: Rules, out: Evaluation) -> None:
    pickup = request.pickup_location()
    if pickup is None:
        return
    radius = float(rules.params["incident_radius_km"])
    for incident in Incident.objects.select_related("place"):
        where = incident.location()
        if where is None:
            continue
        distance = haversine_km(pickup, where)
        if distance <= radius:
            out.fire(
                "pickup_near_incident",
                f"The pick-up is {distance:.1f} km from an earlier incident: "
                f"{_incident_label(incident)} (limit {radius:g} km).",
            )


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
        out.fire("not_corroborated", "No location report supports where she is said to be.")
        out.fire("low_grade", "No graded location report.")
        return
    sources = {r.source_key for r in relevant}
    if not any(r.corroborated for r in relevant) and len(sources) < 2:
        out.fire(
            "not_corroborated",
            f"{len(relevant)} location report(s), all from one source, none corroborated.",
        )
    best = min(relevant, key=lambda r: (r.source_reliability, r.info_credibility))
    if not grade_ok(best.source_reliability, best.info_credibility):
        out.fire("low_grade", f"The best location report is graded {best.grade} (minimum B2).")


def _check_conflicts(
    request: RescueRequest, reports: list[LocationReport], out: Evaluation
) -> None:
    with_place = next((r for r in reports if r.place is not None), None)
    if (
        request.stated_place is not None
        and with_place is not None
        and with_place.place_id != request.stated_place.pk
    ):
        assert with_place.place is not None  # noqa: S101  (type narrowing)  # nosec B101
        out.fire(
            "conflict_place",
            f"The request says {_place_label(request.stated_place)}; the latest report of "
            f"{_when(with_place.reported_at)} says {_place_label(with_place.place)}.",
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
            f"The request names holder {request.stated_holder.name}; the latest report of "
            f"{_when(with_holder.reported_at)} names {with_holder.holder.name}.",
        )
    if request.children_count is None:
        return
    family = PersonLink.objects.filter(
        person_id=request.person_id, kind=PersonLinkKind.CHILD
    ).count()
    if family and family != request.children_count:
        out.fire(
            "conflict_children",
            f"The request speaks of {request.children_count} child(ren); the family reported "
            f"{family}.",
        )
    with_children = next((r for r in reports if r.children_count is not None), None)
    if with_children is not None and with_children.children_count != request.children_count:
        out.fire(
            "conflict_children",
            f"The request speaks of {request.children_count} child(ren); the report of "
            f"{_when(with_children.reported_at)} says {with_children.children_count}.",
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
    silence = datetime.timedelta(days=float(rules.params["silence_days"]))
    if before is not None and earliest.occurred_at - before.occurred_at > silence:
        days = (earliest.occurred_at - before.occurred_at).days
        out.fire(
            "long_silence",
            f"{days} days passed since the contact before "
            f"(limit {rules.params['silence_days']:g}).",
        )
    window = datetime.timedelta(hours=float(rules.params["burst_hours"]))
    count = Contact.objects.filter(
        person_id=request.person_id,
        occurred_at__gt=latest.occurred_at - window,
        occurred_at__lte=latest.occurred_at,
    ).count()
    if count >= int(rules.params["burst_count"]):
        out.fire(
            "contact_burst",
            f"{count} contacts within {rules.params['burst_hours']:g} hours "
            f"(limit {int(rules.params['burst_count'])}).",
        )


def evaluate(request: RescueRequest, rules: Rules) -> tuple[int, list[dict[str, Any]]]:
    """The total and the fired factors, in the order of the rule table."""
    from safepassage.verification.rules import FACTORS

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
    factors: list[dict[str, Any]] = []
    for factor in FACTORS:
        if factor.code in out.fired:
            weight = int(rules.weights.get(factor.code, factor.weight))
            factors.append(
                {"code": factor.code, "weight": weight, "evidence": out.fired[factor.code]}
            )
    return sum(f["weight"] for f in factors), factors


def codes(factors: Iterable[dict[str, Any]]) -> list[str]:
    return [str(f["code"]) for f in factors]
