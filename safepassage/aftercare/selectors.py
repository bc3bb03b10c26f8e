"""Reads of aftercare records, narrowed to the user's need-to-know and audited.

Arrivals, family, referrals and consents follow their person: whoever may see her sees them.
Testimony follows its own list of named readers and nothing else; for anyone else it does not
exist (404, and it is not even counted on her page).
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from safepassage.accounts.models import Role, User
from safepassage.accounts.permissions import Capability, capabilities, has_capability
from safepassage.aftercare.models import (
    CLOSED_REFERRAL_STATUSES,
    Arrival,
    Consent,
    EventKind,
    FamilyMember,
    Referral,
    Testimony,
    TestimonyReader,
)
from safepassage.aftercare.services._common import today
from safepassage.aftercare.services.arrivals import awaiting_arrival
from safepassage.aftercare.services.export import exportable_testimonies
from safepassage.aftercare.services.testimony import READER_ROLES
from safepassage.audit.services import audit_view
from safepassage.intel.models import Holder, Place, PlaceKind
from safepassage.matching import PersonRecord
from safepassage.tracing import selectors as tracing_selectors
from safepassage.tracing.models import Person, Report
from safepassage.tracing.services import Candidate, find_candidates

M = TypeVar("M", bound=Model)


def _get(queryset: QuerySet[M], pk: Any) -> M:
    try:
        return queryset.get(pk=uuid.UUID(str(pk)))
    except (ValueError, TypeError, AttributeError, ValidationError, ObjectDoesNotExist) as exc:
        raise Http404 from exc


def _visible_persons(user: User) -> QuerySet[Person]:
    return tracing_selectors.visible_persons(user)


# --- arrival -------------------------------------------------------------------------------


def arrival_candidates_for_user(*, user: User, details: PersonRecord) -> list[Candidate]:
    """Persons still sought, or brought out by an operation and not yet received, who may be
    the woman who arrived, with score and evidence."""
    within = awaiting_arrival(_visible_persons(user))
    found = find_candidates(details, within=within, limit=10)
    audit_view(actor=user, objects=[c.person for c in found])
    return found


def person_get_for_user(*, user: User, person_id: Any) -> Person:
    """The person (audited), or 404."""
    return tracing_selectors.person_get_for_user(user=user, person_id=person_id)


def reception_points_for_user(*, user: User) -> list[Place]:
    """Reception points the user may pick (secret places: only those shared with them)."""
    from safepassage.intel.access import places_visible, reads_cases

    if not reads_cases(user):
        return []
    return list(places_visible(user).filter(kind=PlaceKind.RECEPTION))


def reception_point_resolve(
    *, user: User, place_id: Any, points: Sequence[Place] | None = None
) -> Place | None:
    """A chosen reception point, or a field error when unknown or not the user's to pick
    (``points``: a decoy's pretend ones, picked among instead of the network's)."""
    if place_id in (None, ""):
        return None
    for place in reception_points_for_user(user=user) if points is None else points:
        if str(place.pk) == str(place_id):
            return place
    raise ValidationError({"reception_place": _("Unknown reception point.")})


# --- the person's aftercare page -----------------------------------------------------------


@dataclass(frozen=True)
class AftercarePage:
    person: Person
    arrivals: list[Arrival]
    family: list[FamilyMember]
    referrals: list[Referral]
    consents: list[Consent]
    testimonies: list[Testimony]
    reports: list[Report]
    today: datetime.date


def arrival_get_for_user(*, user: User, person_id: Any) -> Arrival:
    """Her arrival as recorded (the latest, were there two), or 404: the answer a request
    that recorded it gets when sent again."""
    person = person_get_for_user(user=user, person_id=person_id)
    arrival = (
        Arrival.objects.filter(person=person)
        .select_related("reception_place")
        .order_by("-created_at")
        .first()
    )
    if arrival is None:
        raise Http404
    audit_view(actor=user, objects=[arrival])
    return arrival


def aftercare_page_for_user(*, user: User, person_id: Any) -> AftercarePage:
    """Everything about her care the user may see (testimony: only where they are named)."""
    person = person_get_for_user(user=user, person_id=person_id)
    arrivals = list(
        Arrival.objects.filter(person=person).select_related("reception_place", "recorded_by")
    )
    family = list(FamilyMember.objects.filter(person=person).select_related("notified_by"))
    referrals = list(Referral.objects.filter(person=person))
    consents = list(
        Consent.objects.filter(person=person).select_related("recorded_by", "withdrawn_by")
    )
    reports = list(Report.objects.filter(person=person))
    testimonies = testimonies_for_person(user=user, person=person)
    audit_view(actor=user, objects=[*arrivals, *family, *referrals, *consents])
    return AftercarePage(
        person=person,
        arrivals=arrivals,
        family=family,
        referrals=referrals,
        consents=consents,
        testimonies=testimonies,
        reports=reports,
        today=today(),
    )


def family_member_get_for_user(*, user: User, member_id: Any) -> FamilyMember:
    member = _get(
        FamilyMember.objects.select_related("person").filter(person__in=_visible_persons(user)),
        member_id,
    )
    audit_view(actor=user, objects=[member])
    return member


def referral_get_for_user(*, user: User, referral_id: Any) -> Referral:
    referral = _get(
        Referral.objects.select_related("person").filter(person__in=_visible_persons(user)),
        referral_id,
    )
    audit_view(actor=user, objects=[referral])
    return referral


def consent_get_for_user(*, user: User, consent_id: Any) -> Consent:
    consent = _get(
        Consent.objects.select_related("person").filter(person__in=_visible_persons(user)),
        consent_id,
    )
    audit_view(actor=user, objects=[consent])
    return consent


def report_resolve(*, person: Person, report_id: Any) -> Report | None:
    """One of this person's reports, chosen in a form; a field error otherwise."""
    if report_id in (None, ""):
        return None
    try:
        return Report.objects.get(pk=uuid.UUID(str(report_id)), person=person)
    except (ValueError, TypeError, Report.DoesNotExist):
        raise _unknown_report() from None


def report_among(reports: list[Report], report_id: Any) -> Report | None:
    """:func:`report_resolve` among a decoy's pretend reports of her (nothing is read)."""
    if report_id in (None, ""):
        return None
    found = next((r for r in reports if str(r.pk) == str(report_id)), None)
    if found is None:
        raise _unknown_report()
    return found


def _unknown_report() -> ValidationError:
    return ValidationError({"report": _("Unknown report.")})


# --- follow-ups ----------------------------------------------------------------------------

FOLLOWUPS_SHOWN = 200  # the overdue follow-ups the page lists at most


def referral_overdue(referral: Referral, *, on: datetime.date) -> bool:
    """Whether a referral's follow-up is overdue on ``on``: its date has passed and it is
    neither done nor declined (the rule :func:`_overdue` applies in the database)."""
    return (
        referral.follow_up_on is not None
        and referral.follow_up_on < on
        and referral.status not in CLOSED_REFERRAL_STATUSES
    )


def _overdue(on: datetime.date) -> Q:
    """:func:`referral_overdue` as a query."""
    return Q(follow_up_on__isnull=False, follow_up_on__lt=on) & ~Q(
        status__in=[s.value for s in CLOSED_REFERRAL_STATUSES]
    )


def followups_overdue_for_user(
    *, user: User, on: datetime.date | None = None, limit: int = FOLLOWUPS_SHOWN
) -> list[Referral]:
    """Referrals whose follow-up date has passed and that are not done or declined."""
    if not has_capability(user, Capability.CASES_READ):
        return []
    referrals = list(
        Referral.objects.filter(_overdue(on or today()), person__in=_visible_persons(user))
        .select_related("person")
        .order_by("follow_up_on", "created_at")[:limit]
    )
    audit_view(actor=user, objects=referrals)
    return referrals


def followups_overdue_count(*, user: User) -> int:
    """How many follow-ups are overdue (for the dashboard; no personal data)."""
    if not has_capability(user, Capability.CASES_READ):
        return 0
    return Referral.objects.filter(_overdue(today()), person__in=_visible_persons(user)).count()


# --- testimony -----------------------------------------------------------------------------


def _reads_testimony(user: User) -> bool:
    return (
        Capability.CASES_READ in capabilities(user)
        and not user.is_decoy
        and user.role in READER_ROLES
    )


def _named(user: User) -> QuerySet[Testimony]:
    if not _reads_testimony(user):
        return Testimony.objects.none()
    return Testimony.objects.filter(
        pk__in=TestimonyReader.objects.filter(user=user).values("testimony_id")
    )


def testimonies_for_person(*, user: User, person: Person) -> list[Testimony]:
    """Her testimonies on which the user is named (audited)."""
    found = list(_named(user).filter(person=person))
    audit_view(actor=user, objects=found)
    return found


@dataclass(frozen=True)
class TestimonyPage:
    testimony: Testimony
    perpetrators: list[Holder]
    places: list[Place]
    readers: list[TestimonyReader]
    place_names: dict[str, str]
    holder_names: dict[str, str]
    shareable: bool

    @property
    def events(self) -> list[dict[str, str]]:
        """Her dates, sales and transfers as the page shows them: each kind by its name in the
        reader's language (``kind_label``), not by the code it is stored under."""
        labels = dict(EventKind.choices)
        return [
            {**event, "kind_label": str(labels.get(event.get("kind", ""), event.get("kind", "")))}
            for event in self.testimony.events
        ]


def testimony_links(
    *, user: User, perpetrators: Sequence[Any], places: Sequence[Any]
) -> tuple[list[Holder], list[Place]]:
    """A testimony's perpetrators and places named by their ids; any other id, or one the
    user may not see, is a field error."""
    from safepassage.intel import selectors as intel_selectors

    return (
        [
            intel_selectors.holder_resolve(user=user, holder_id=h, field="perpetrators")
            for h in perpetrators
        ],
        [intel_selectors.place_resolve(user=user, place_id=p, field="places") for p in places],
    )


def testimony_get_for_user(*, user: User, testimony_id: Any) -> Testimony:
    """A testimony the user is named on, or 404 (whatever their role)."""
    testimony = _get(_named(user).select_related("person"), testimony_id)
    audit_view(actor=user, objects=[testimony])
    return testimony


def testimony_page_for_user(*, user: User, testimony_id: Any) -> TestimonyPage:
    from safepassage.aftercare.models import ConsentPurpose
    from safepassage.aftercare.services.consent import consent_given

    testimony = testimony_get_for_user(user=user, testimony_id=testimony_id)
    perpetrators = list(testimony.perpetrators.all())
    places = list(testimony.places.all())
    return TestimonyPage(
        testimony=testimony,
        perpetrators=perpetrators,
        places=places,
        readers=list(testimony.readers.select_related("user")),
        place_names={str(p.pk): p.name for p in places},
        holder_names={str(h.pk): h.name for h in perpetrators},
        shareable=consent_given(testimony.person, ConsentPurpose.INVESTIGATORS),
    )


def reader_candidates(*, user: User, testimony: Testimony) -> list[User]:
    """Users who could be named on this testimony (active caseworkers and coordinators)."""
    named = TestimonyReader.objects.filter(testimony=testimony).values("user_id")
    return list(
        User.objects.filter(
            role__in=[Role.CASEWORKER, Role.COORDINATOR],
            is_active=True,
            is_decoy=False,
            is_locked=False,
        )
        .exclude(pk__in=named)
        .order_by("username")
    )


def reader_resolve(*, user_id: Any) -> User:
    """The user to name, or a field error (unknown id, wrong role)."""
    try:
        found = User.objects.get(pk=user_id)
    except (User.DoesNotExist, ValueError, TypeError, ValidationError):
        raise ValidationError({"user": _("Unknown user.")}) from None
    return found


def export_count_for_user(*, user: User) -> int:
    """How many testimonies the next export would hold (coordinators; a count only)."""
    if not has_capability(user, Capability.CASES_ALL):
        raise Http404
    if user.is_decoy:  # no real testimony; its pretend ones: ``aftercare.decoy.exportable``
        return 0
    return len(exportable_testimonies())
