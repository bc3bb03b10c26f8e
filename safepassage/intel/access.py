"""Who sees which intelligence record (the need-to-know rules of this app, in one place).

- Ordinary places (villages, checkpoints…) are the shared map: every user who reads cases
  sees them. Secret places (safe houses, reception points) follow grants like any case.
- Members, holders and incidents follow grants: coordinators see all, others what was shared
  with them (the creator is granted what they record).
- Location reports follow their person: whoever may see the person sees where she is held.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from safepassage.accounts.models import User
from safepassage.accounts.permissions import Capability, capabilities, filter_visible
from safepassage.intel.models import LocationReport, Place
from safepassage.tracing.models import Person


def reads_cases(user: User) -> bool:
    return Capability.CASES_READ in capabilities(user) and not user.is_decoy


def places_visible(user: User) -> QuerySet[Place]:
    granted = filter_visible(Place.objects.all(), user)
    if not reads_cases(user):
        return granted
    if Capability.CASES_ALL in capabilities(user):
        return Place.objects.all()
    return Place.objects.filter(Q(is_secret=False) | Q(pk__in=granted.values("pk")))


def persons_visible(user: User) -> QuerySet[Person]:
    return filter_visible(Person.objects.all(), user)


def location_reports_visible(user: User) -> QuerySet[LocationReport]:
    if not reads_cases(user):
        return LocationReport.objects.none()
    if Capability.CASES_ALL in capabilities(user):
        return LocationReport.objects.all()  # every person: no subquery to build and run
    return LocationReport.objects.filter(person__in=persons_visible(user).values("pk"))
