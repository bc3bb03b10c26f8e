"""Reads of tracing records, each narrowed by need-to-know and recorded in the audit log.

A person outside the user's reach is "not found" (404). A merged person is never listed;
asking for it gives the survivor, so old links keep working.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from rapidfuzz.distance import JaroWinkler

from safepassage.accounts.models import User
from safepassage.accounts.permissions import (
    Capability,
    filter_visible,
    get_visible_or_404,
    has_capability,
    sees_every_record,
)
from safepassage.audit.services import audit_view, audit_views
from safepassage.matching import PersonRecord
from safepassage.matching.normalize import name_tokens
from safepassage.tracing.keys import search_digests
from safepassage.tracing.models import (
    AuthSecret,
    BlockingKey,
    Contact,
    DuplicateCandidate,
    DuplicateStatus,
    Merge,
    Person,
    PersonLink,
    PhoneSighting,
    Report,
    SecretKind,
    StatusChange,
)
from safepassage.tracing.services.matching import Candidate, find_candidates, open_persons
from safepassage.tracing.services.merges import persons_underway, survivor_suggested
from safepassage.tracing.services.persons import phone_index

SEARCH_LIMIT = 50


def visible_persons(user: User) -> QuerySet[Person]:
    """Unmerged persons the user may see (no audit: callers audit what they show)."""
    return filter_visible(Person.objects.filter(merged_into__isnull=True), user)


def person_list_for_user(*, user: User, status: str = "", limit: int = 100) -> list[Person]:
    """The persons the user may see, newest first; merged records are hidden."""
    queryset = visible_persons(user)
    if status:
        queryset = queryset.filter(status=status)
    persons = list(queryset.order_by("-created_at")[:limit])
    audit_view(actor=user, objects=persons)
    return persons


def person_get_for_user(*, user: User, person_id: Any) -> Person:
    """One person (a merged record resolves to its survivor), or 404."""
    person = _person_resolve(user, person_id)
    audit_view(actor=user, objects=[person])
    return person


def _person_resolve(user: User, person_id: Any, persons: QuerySet[Person] | None = None) -> Person:
    """The visible person (or her survivor) without an audit event: callers write it."""
    persons = Person.objects.all() if persons is None else persons
    person = get_visible_or_404(persons, user, person_id)
    hops = 0
    while person.merged_into_id is not None and hops < 20:
        person = get_visible_or_404(persons, user, person.merged_into_id)
        hops += 1
    return person


@dataclass(frozen=True)
class TimelineEntry:
    kind: str  # "report", "contact", "status"
    at: datetime.datetime
    record: Report | Contact | StatusChange


@dataclass(frozen=True)
class PersonPage:
    person: Person
    timeline: list[TimelineEntry]
    questions: list[AuthSecret]
    words_agreed: bool
    links: list[tuple[str, Person]]
    merges: list[Merge]

    @property
    def has_contact(self) -> bool:
        """Whether a contact is logged (words are agreed with her only after one)."""
        return any(entry.kind == "contact" for entry in self.timeline)


def _flag(person: Person, annotation: str) -> bool:
    """A yes/no the person's query annotated (True when it was not: then ask apart)."""
    return bool(person.__dict__.get(annotation, True))


def _report_time(report: Report) -> datetime.datetime:
    return datetime.datetime.combine(report.reported_on, datetime.time.min, tzinfo=datetime.UTC)


def person_page_for_user(*, user: User, person_id: Any) -> PersonPage:
    """Everything the person page shows: details, timeline in time order, secrets' questions."""
    # Whether she has links or merges comes with her row: most persons have neither, and
    # asking apart cost two more statements a page (round trips, on PostgreSQL).
    person = _person_resolve(
        user,
        person_id,
        Person.objects.annotate(
            has_links=Exists(PersonLink.objects.filter(person=OuterRef("pk"))),
            has_merges=Exists(Merge.objects.filter(survivor=OuterRef("pk"))),
        ),
    )
    # Sorted here rather than by the database: the models' default ordering costs more to
    # compile into SQL than sorting a handful of rows (the page is the most opened one).
    reports = sorted(
        Report.objects.filter(person=person).order_by(),
        key=lambda r: (r.reported_on, r.created_at),
    )
    contacts = sorted(Contact.objects.filter(person=person).order_by(), key=lambda c: c.occurred_at)
    changes = sorted(
        StatusChange.objects.filter(person=person).select_related("changed_by").order_by(),
        key=lambda s: s.changed_at,
    )
    timeline = [
        *(TimelineEntry("report", _report_time(r), r) for r in reports),
        *(TimelineEntry("contact", c.occurred_at, c) for c in contacts),
        *(TimelineEntry("status", s.changed_at, s) for s in changes),
    ]
    timeline.sort(key=lambda e: e.at)
    secrets = sorted(
        AuthSecret.objects.filter(person=person, retired_at__isnull=True).order_by(),
        key=lambda s: s.created_at,
    )
    # Her links first (few, usually none), then which of those the user may see: filtering
    # by "other in visible persons" made the database scan every person for each page.
    all_links = list(person.links.select_related("other")) if _flag(person, "has_links") else []
    seen = (
        set(
            visible_persons(user)
            .filter(pk__in=[link.other_id for link in all_links])
            .values_list("pk", flat=True)
        )
        if all_links
        else set()
    )
    links = [(link.get_kind_display(), link.other) for link in all_links if link.other_id in seen]
    merges = (
        sorted(
            Merge.objects.filter(survivor=person).select_related("merged").order_by(),
            key=lambda m: m.merged_at,
            reverse=True,
        )
        if _flag(person, "has_merges")
        else []
    )
    # The same two events as before (the person; her reports and contacts), one write.
    audit_views(actor=user, groups=[[person], [*reports, *contacts]])
    return PersonPage(
        person=person,
        timeline=timeline,
        questions=[s for s in secrets if s.kind == SecretKind.QUESTION],
        words_agreed=any(s.kind == SecretKind.DURESS_WORD for s in secrets),
        links=links,
        merges=merges,
    )


def person_links_for_user(*, user: User, person: Person) -> list[PersonLink]:
    """Her links ("taken with her") to persons the user may see, with those persons."""
    links = list(
        PersonLink.objects.filter(person=person, other__in=visible_persons(user))
        .select_related("other")
        .order_by("kind", "id")
    )
    audit_view(actor=user, objects=[link.other for link in links])
    return links


def person_link_get_for_user(*, user: User, person: Person, link_id: Any) -> PersonLink:
    """One of her links whose other person the user may see, or 404."""
    try:
        link = PersonLink.objects.select_related("person", "other").get(
            pk=link_id, person=person, other__in=filter_visible(Person.objects.all(), user)
        )
    except (PersonLink.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc
    return link


def report_get_for_user(*, user: User, report_id: Any) -> Report:
    """One report on a person the user may see, or 404."""
    try:
        report = Report.objects.select_related("person").get(
            pk=report_id, person__in=filter_visible(Person.objects.all(), user)
        )
    except (Report.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc
    audit_view(actor=user, objects=[report])
    return report


def link_target_for_user(*, user: User, person_id: Any) -> Person:
    """The person to link to, exactly as named (a merged record is not swapped for its
    survivor: the service refuses it with a clear message), or 404."""
    person = get_visible_or_404(Person.objects.all(), user, person_id)
    audit_view(actor=user, objects=[person])
    return person


def auth_questions_for_user(*, user: User, person: Person) -> list[AuthSecret]:
    """The questions to ask her (never the answers: only hashes are stored)."""
    get_visible_or_404(Person.objects.all(), user, person.pk)
    return list(
        AuthSecret.objects.filter(person=person, kind=SecretKind.QUESTION, retired_at__isnull=True)
    )


def persons_search_for_user(*, user: User, query: str) -> list[Person]:
    """Persons with every name token of ``query`` in any spelling or script (keyed hashes)."""
    digests = list(dict.fromkeys(search_digests(query)))
    if not digests:
        return []
    # Persons filed under every digest, found by the database: a person holds each key once,
    # so "all of them" is "as many as asked". (Intersecting id sets in Python read every id
    # under a common name, thousands of rows, for each search.)
    having_all = (
        BlockingKey.objects.filter(key__in=digests)
        .values("person_id")
        .annotate(found=Count("key"))
        .filter(found=len(digests))
        .values("person_id")
    )
    persons = list(visible_persons(user).filter(pk__in=having_all)[:SEARCH_LIMIT])
    audit_view(actor=user, objects=persons)
    return closest_first(query, persons)


# A name of hers found through her mother's name counts a little less than through her own.
_PART_WEIGHTS = (
    ("given_names", 1.0),
    ("father_names", 1.0),
    ("grandfather_names", 1.0),
    ("family_names", 1.0),
    ("mother_names", 0.8),
)


def closest_first(query: str, persons: list[Person]) -> list[Person]:
    """The persons whose names are spelled most like the query first.

    The keys find every person with a name that sounds alike (Khalil finds Xelîl, خليل and
    Kalil, but also Gulê): each query token scores its closest name token of hers, in the
    Latin spelling both are folded to, and the persons are listed by the sum.
    """
    wanted = name_tokens(query)

    def closeness(person: Person) -> float:
        tokens = [
            (token, weight)
            for part, weight in _PART_WEIGHTS
            for name in getattr(person, part) or ()
            for token in name_tokens(str(name))
        ]
        return sum(
            max((weight * JaroWinkler.similarity(w, t) for t, weight in tokens), default=0.0)
            for w in wanted
        )

    return sorted(persons, key=closeness, reverse=True)


def candidates_for_user(
    *, user: User, details: PersonRecord, open_only: bool = False, limit: int = 10
) -> list[Candidate]:
    """Likely matches of a report among the persons the user may see, with evidence."""
    # Someone who sees every person needs no narrowing: the ranked query leaves out merged
    # persons itself, and a filter on all persons would cost a statement for nothing.
    within: QuerySet[Person] | None = None
    if open_only or not sees_every_record(user):
        within = visible_persons(user)
        if open_only:
            within = within.filter(pk__in=open_persons().values("pk"))
    found = find_candidates(details, within=within, limit=limit)
    audit_view(actor=user, objects=[c.person for c in found])
    return found


def match_against_open_reports(*, user: User, details: PersonRecord) -> list[Candidate]:
    """A rescued person's details against persons still sought (used at arrival)."""
    return candidates_for_user(user=user, details=details, open_only=True)


def duplicates_open_for_user(*, user: User, limit: int = 50) -> list[DuplicateCandidate]:
    """Suspected duplicates waiting for review where the user may see both persons."""
    visible = visible_persons(user)
    rows = list(
        DuplicateCandidate.objects.filter(
            status=DuplicateStatus.OPEN, left__in=visible, right__in=visible
        ).select_related("left", "right")[:limit]
    )
    audit_view(actor=user, objects=rows)
    return rows


def duplicate_suggestions(rows: list[DuplicateCandidate]) -> dict[Any, Any]:
    """For each pair, the id of the record a merge keeps by default (one query for all)."""
    underway = persons_underway([p for row in rows for p in (row.left, row.right)])
    return {row.pk: survivor_suggested(row, underway=underway).pk for row in rows}


def duplicate_get_for_user(*, user: User, candidate_id: Any) -> DuplicateCandidate:
    """A pair the user may see both records of (a merged record too: a pair merged meanwhile
    is found, so the user can be told so rather than "not found")."""
    visible = filter_visible(Person.objects.all(), user)
    try:
        row = DuplicateCandidate.objects.select_related("left", "right").get(
            Q(left__in=visible) & Q(right__in=visible), pk=candidate_id
        )
    except (DuplicateCandidate.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    except Exception as exc:
        from django.core.exceptions import ValidationError

        if isinstance(exc, ValidationError):
            raise Http404 from exc
        raise
    audit_view(actor=user, objects=[row])
    return row


def duplicate_outcome_for_user(*, user: User, candidate: DuplicateCandidate) -> Person | None:
    """After a pair was merged: the record they became, if the user may see it."""
    try:
        return person_get_for_user(user=user, person_id=candidate.left_id)
    except Http404:
        return None


def merge_get_for_user(*, user: User, merge_id: Any) -> Merge:
    """A merge the user may undo: they must see the survivor."""
    visible = filter_visible(Person.objects.all(), user)
    try:
        merge = Merge.objects.select_related("survivor", "merged").get(
            pk=merge_id, survivor__in=visible
        )
    except (Merge.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    except Exception as exc:
        from django.core.exceptions import ValidationError

        if isinstance(exc, ValidationError):
            raise Http404 from exc
        raise
    return merge


def phone_sightings(number: str) -> list[PhoneSighting]:
    """Every place a phone number was seen (reports, contacts, other apps), oldest first.

    Sightings hold only ids and the blind index, no plaintext; callers that show the
    records behind them read those through their own selectors.
    """
    index = phone_index(number)
    if not index:
        return []
    return list(PhoneSighting.objects.filter(number_index=index).order_by("seen_at"))


def dashboard_counts_for_user(*, user: User) -> dict[str, int]:
    """Counts for the dashboard (no personal data)."""
    if not has_capability(user, Capability.CASES_READ):
        return {}
    visible = visible_persons(user)
    return {
        "persons": visible.count(),
        "duplicates": DuplicateCandidate.objects.filter(
            status=DuplicateStatus.OPEN, left__in=visible, right__in=visible
        ).count(),
        "contacts_week": Contact.objects.filter(
            person__in=visible, occurred_at__gte=timezone.now() - datetime.timedelta(days=7)
        ).count(),
    }
