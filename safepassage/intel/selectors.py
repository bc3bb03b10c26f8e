"""Reads of intelligence records, narrowed to the user's need-to-know and audited."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import Count, Model, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrOrPromise

from safepassage.accounts.models import User
from safepassage.accounts.permissions import Capability, filter_visible, has_capability
from safepassage.audit.services import audit_view
from safepassage.intel.access import (
    location_reports_visible,
    persons_visible,
    places_visible,
    reads_cases,
)
from safepassage.intel.geo import bounding_box, haversine_km
from safepassage.intel.models import (
    COORDINATES_SEALED,
    Holder,
    HolderNameKey,
    Incident,
    LocationReport,
    Member,
    Place,
    PlaceNameKey,
)
from safepassage.intel.names import query_keys
from safepassage.tracing.models import Contact, Person

M = TypeVar("M", bound=Model)
LIST_LIMIT = 200


def _get(queryset: QuerySet[M], pk: Any) -> M:
    try:
        return queryset.get(pk=uuid.UUID(str(pk)))
    except (ValueError, TypeError, AttributeError, ObjectDoesNotExist) as exc:
        raise Http404 from exc


# Whole sentences per kind of record, so each language can word them its own way.
_UNKNOWN: dict[str, StrOrPromise] = {
    "place": gettext_lazy("Unknown place."),
    "member": gettext_lazy("Unknown member."),
    "account": gettext_lazy("Unknown account."),
    "holder": gettext_lazy("Unknown holder."),
    "person": gettext_lazy("Unknown person."),
    "contact": gettext_lazy("Unknown contact."),
    "location report": gettext_lazy("Unknown location report."),
}


def unknown(field: str, label: str) -> ValidationError:
    """The field error for an id the user may not see, or that does not exist."""
    message = _UNKNOWN.get(label)
    return ValidationError({field: str(message) if message else _("Unknown record.")})


def _resolve(queryset: QuerySet[M], pk: Any, field: str, label: str) -> M:
    """For inputs: an id the user may not see, or that does not exist, is a field error."""
    try:
        return queryset.get(pk=uuid.UUID(str(pk)))
    except (ValueError, TypeError, AttributeError, ObjectDoesNotExist):
        raise unknown(field, label) from None


# --- places --------------------------------------------------------------------------------


def _matching_ids(
    keys_model: type[PlaceNameKey] | type[HolderNameKey], fk: str, query: str, purpose: str
) -> set[Any]:
    """Records with a spelling that reads as the query does: the whole name, or every word
    of it, in any reading of the query (``names.query_keys``)."""
    readings = query_keys(query, purpose=purpose)
    if not readings:
        return set()
    wholes = [whole for whole, _words in readings]
    ids = set(keys_model.objects.filter(key__in=wholes).values_list(fk, flat=True))
    for _whole, tokens in readings:
        ids |= set(
            keys_model.objects.filter(key__in=tokens)
            .values(fk)
            .annotate(n=Count("key", distinct=True))
            .filter(n=len(tokens))
            .values_list(fk, flat=True)
        )
    return ids


@dataclass(frozen=True)
class PlaceHit:
    place: Place
    distance_km: float | None = None


def places_for_user(
    *,
    user: User,
    query: str = "",
    near: tuple[float, float] | None = None,
    radius_km: float = 10.0,
    kind: str = "",
    limit: int = LIST_LIMIT,
) -> list[PlaceHit]:
    """Places the user may see: by any spelling, near a point, or all (newest kinds first)."""
    if not reads_cases(user):
        return []
    places = places_visible(user)
    if kind:
        places = places.filter(kind=kind)
    if query.strip():
        places = places.filter(pk__in=_matching_ids(PlaceNameKey, "place_id", query, "place"))
    if near is None:
        found = [PlaceHit(p) for p in places[:limit]]
    else:
        min_lat, max_lat, min_lon, max_lon = bounding_box(near, radius_km)
        clear = places.exclude(COORDINATES_SEALED).filter(
            latitude__gte=min_lat,
            latitude__lte=max_lat,
            longitude__gte=min_lon,
            longitude__lte=max_lon,
        )
        # Secret places' and houses' coordinates are encrypted: decrypt only those of the
        # places this user may see.
        sealed = places.filter(COORDINATES_SEALED)
        found = places_near([*clear, *sealed], near, radius_km, limit)
    audit_view(actor=user, objects=[h.place for h in found if h.place.is_secret])
    return found


def places_near(
    places: Iterable[Place], near: tuple[float, float], radius_km: float, limit: int
) -> list[PlaceHit]:
    """Of these places, those within ``radius_km`` of a point, closest first."""
    hits = []
    for place in places:
        coordinates = place.coordinates
        if coordinates is None:
            continue
        distance = haversine_km(near, coordinates)
        if distance <= radius_km:
            hits.append(PlaceHit(place, round(distance, 2)))
    return sorted(hits, key=lambda h: h.distance_km or 0.0)[:limit]


def place_get_for_user(*, user: User, place_id: Any) -> Place:
    if not reads_cases(user):
        raise Http404
    place = _get(places_visible(user), place_id)
    audit_view(actor=user, objects=[place])
    return place


def place_resolve(*, user: User, place_id: Any, field: str = "place") -> Place:
    return _resolve(
        places_visible(user) if reads_cases(user) else Place.objects.none(),
        place_id,
        field,
        "place",
    )


def place_choices(*, user: User) -> list[tuple[str, str]]:
    """(id, label) of every place the user may pick in a form."""
    if not reads_cases(user):
        return []
    return [(str(p.pk), f"{p.name} ({p.get_kind_display()})") for p in places_visible(user)]


# --- members, holders, incidents -----------------------------------------------------------


def members_for_user(*, user: User) -> list[Member]:
    members = list(filter_visible(Member.objects.all(), user)[:LIST_LIMIT])
    audit_view(actor=user, objects=members)
    return members


def member_get_for_user(*, user: User, member_id: Any) -> Member:
    member = _get(filter_visible(Member.objects.all(), user), member_id)
    audit_view(actor=user, objects=[member])
    return member


def member_resolve(*, user: User, member_id: Any, field: str = "source_member") -> Member:
    return _resolve(filter_visible(Member.objects.all(), user), member_id, field, "member")


def member_choices(*, user: User) -> list[tuple[str, str]]:
    return [
        (str(m.pk), f"{m.codename} ({m.get_role_display()})")
        for m in filter_visible(Member.objects.all(), user)
    ]


def _linkable_accounts(user: User) -> QuerySet[User]:
    """Accounts a coordinator may link to a member: in use, not decoys, no member's yet."""
    if not has_capability(user, Capability.OPERATIONS_MANAGE) or user.is_decoy:
        return User.objects.none()
    taken = Member.objects.filter(user__isnull=False).values("user_id")
    return (
        User.objects.filter(is_active=True, is_locked=False, is_decoy=False)
        .exclude(pk__in=taken)
        .order_by("username")
    )


def account_choices(*, user: User) -> list[tuple[str, str]]:
    """(id, label) of the accounts the new-member form offers (coordinators only)."""
    return [(str(a.pk), f"{a.username} ({a.get_role_display()})") for a in _linkable_accounts(user)]


def account_resolve(*, user: User, account_id: Any) -> User:
    return _resolve(_linkable_accounts(user), account_id, "account", "account")


def holders_for_user(*, user: User, query: str = "") -> list[Holder]:
    holders = filter_visible(Holder.objects.all(), user)
    if query.strip():
        holders = holders.filter(pk__in=_matching_ids(HolderNameKey, "holder_id", query, "holder"))
    found = list(holders[:LIST_LIMIT])
    audit_view(actor=user, objects=found)
    return found


def holder_get_for_user(*, user: User, holder_id: Any) -> Holder:
    holder = _get(filter_visible(Holder.objects.all(), user), holder_id)
    audit_view(actor=user, objects=[holder])
    return holder


def holder_resolve(*, user: User, holder_id: Any, field: str = "holder") -> Holder:
    return _resolve(filter_visible(Holder.objects.all(), user), holder_id, field, "holder")


def holder_choices(*, user: User) -> list[tuple[str, str]]:
    return [(str(h.pk), h.name) for h in filter_visible(Holder.objects.all(), user)]


def incidents_for_user(*, user: User) -> list[Incident]:
    incidents = list(filter_visible(Incident.objects.select_related("place"), user)[:LIST_LIMIT])
    audit_view(actor=user, objects=incidents)
    return incidents


def incidents_at_place(*, user: User, place: Place) -> list[Incident]:
    incidents = filter_visible(Incident.objects.all(), user).filter(
        Q(place=place) | Q(places=place)
    )
    found = list(incidents.distinct())
    audit_view(actor=user, objects=found)
    return found


def incidents_of_holder(*, user: User, holder: Holder) -> list[Incident]:
    found = list(filter_visible(holder.incidents.all(), user))
    audit_view(actor=user, objects=found)
    return found


def places_of_holder(*, user: User, holder: Holder) -> list[Place]:
    return list(places_visible(user).filter(holders=holder)) if reads_cases(user) else []


def incident_get_for_user(*, user: User, incident_id: Any) -> Incident:
    incident = _get(
        filter_visible(Incident.objects.select_related("place"), user).prefetch_related(
            "members", "holders"
        ),
        incident_id,
    )
    audit_view(actor=user, objects=[incident])
    return incident


# --- persons, contacts and location reports ------------------------------------------------


def person_resolve(*, user: User, person_id: Any, field: str = "person") -> Person:
    return _resolve(persons_visible(user), person_id, field, "person")


def person_get_for_user(*, user: User, person_id: Any) -> Person:
    if not reads_cases(user):
        raise Http404
    return _get(persons_visible(user), person_id)


def contact_resolve(
    *, user: User, person: Person, contact_id: Any, field: str = "source_contact"
) -> Contact:
    return _resolve(
        Contact.objects.filter(person=person, person__in=persons_visible(user).values("pk")),
        contact_id,
        field,
        "contact",
    )


def location_report_resolve(
    *, user: User, report_id: Any, field: str = "corroborated_by"
) -> LocationReport:
    return _resolve(location_reports_visible(user), report_id, field, "location report")


def location_reports_for_person(*, user: User, person: Person) -> list[LocationReport]:
    """The person's location reports, newest first (empty when the user may not see her)."""
    # Newest first, sorted here: compiling the default ordering cost more than the sort.
    reports = sorted(
        location_reports_visible(user)
        .filter(person=person)
        .select_related("place", "holder", "source_member")
        .order_by(),
        key=lambda r: (r.reported_at, r.created_at),
        reverse=True,
    )
    audit_view(actor=user, objects=reports)
    return reports


@dataclass(frozen=True)
class ReportNames:
    """Which members, holders and places linked to some records a user may see named."""

    members: frozenset[Any] = frozenset()
    holders: frozenset[Any] = frozenset()
    places: frozenset[Any] = frozenset()


def _names_shown(
    user: User,
    member_ids: Collection[Any],
    holder_ids: Collection[Any],
    place_ids: Collection[Any] = (),
) -> ReportNames:
    """Of these members, holders and places, the ids the user may see: each follows its own
    grants (intel/access.py), whatever record links to it."""
    if not reads_cases(user) or not (member_ids or holder_ids or place_ids):
        return ReportNames()
    if has_capability(user, Capability.CASES_ALL):
        return ReportNames(
            members=frozenset(member_ids),
            holders=frozenset(holder_ids),
            places=frozenset(place_ids),
        )

    def visible(records: QuerySet[Any]) -> frozenset[Any]:
        return frozenset(records.values_list("pk", flat=True))

    return ReportNames(
        members=visible(filter_visible(Member.objects.filter(pk__in=member_ids), user)),
        holders=visible(filter_visible(Holder.objects.filter(pk__in=holder_ids), user)),
        places=visible(places_visible(user).filter(pk__in=place_ids)),
    )


def location_report_names_shown(*, user: User, reports: list[LocationReport]) -> ReportNames:
    """The ids of the reports' source members and holders the user may see: whoever may see
    her sees where she is held, but members and holders follow their own grants, so a report
    names the insider who made it, or who holds her, only to those who may see them."""
    return _names_shown(
        user,
        {r.source_member_id for r in reports if r.source_member_id is not None},
        {r.holder_id for r in reports if r.holder_id is not None},
    )


def linked_ids_shown(
    *, user: User, reports: Collection[LocationReport] = (), incidents: Collection[Incident] = ()
) -> ReportNames:
    """For the API: of the members, holders and places these location reports and incidents
    link to, the ids the user may see. The API gives the others as null, as the pages say
    "not shared with you": a stable id of a hidden insider would let a reader tie together
    the women the same insider reported on."""
    return _names_shown(
        user,
        {r.source_member_id for r in reports if r.source_member_id is not None},
        {r.holder_id for r in reports if r.holder_id is not None},
        {
            *(r.place_id for r in reports if r.place_id is not None),
            *(i.place_id for i in incidents if i.place_id is not None),
        },
    )


def linked_ids_all(
    *, reports: Collection[LocationReport] = (), incidents: Collection[Incident] = ()
) -> ReportNames:
    """Every id these records link to: a decoy's pretend records link only to what it may see."""
    return ReportNames(
        members=frozenset(r.source_member_id for r in reports) - {None},
        holders=frozenset(r.holder_id for r in reports) - {None},
        places=frozenset([*(r.place_id for r in reports), *(i.place_id for i in incidents)])
        - {None},
    )


def incident_names_shown(
    *, user: User, incidents: list[Incident], places_only: bool = False
) -> ReportNames:
    """The ids of the incidents' places, members and holders the user may see: an incident
    shared with her does not share them, so it names the safe house where it happened, the
    insiders and the holders only to those who may see them. ``places_only`` for a list of
    incidents, which names their places only."""
    members: set[Any] = set()
    holders: set[Any] = set()
    for incident in [] if places_only else incidents:
        members |= {m.pk for m in incident.members.all()}
        holders |= {h.pk for h in incident.holders.all()}
    places = {i.place_id for i in incidents if i.place_id is not None}
    return _names_shown(user, members, holders, places)


def location_report_get_for_user(*, user: User, report_id: Any) -> LocationReport:
    report = _get(
        location_reports_visible(user).select_related("place", "holder", "source_member"),
        report_id,
    )
    audit_view(actor=user, objects=[report])
    return report


def location_reports_for_user(*, user: User, person: Person | None = None) -> list[LocationReport]:
    reports = location_reports_visible(user).select_related("place", "holder", "source_member")
    if person is not None:
        reports = reports.filter(person=person)
    found = list(reports[:LIST_LIMIT])
    audit_view(actor=user, objects=found)
    return found
