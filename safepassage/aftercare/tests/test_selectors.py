"""Aftercare reads: need-to-know on her records, named readers on testimony, audit of views."""

from __future__ import annotations

import pytest
from django.http import Http404

from safepassage.accounts.models import Role, User
from safepassage.accounts.services import grant_create
from safepassage.aftercare import selectors, services
from safepassage.aftercare.tests.factories import make_testimony, reception_point, reported_person
from safepassage.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_testimony_is_for_named_readers_only(users: dict[str, User]) -> None:
    coordinator, caseworker = users[Role.COORDINATOR], users[Role.CASEWORKER]
    person = reported_person(coordinator)
    grant_create(actor=coordinator, user=caseworker, obj=person)
    record = make_testimony(caseworker, person)
    assert selectors.testimony_get_for_user(user=caseworker, testimony_id=record.pk) == record
    for user in (coordinator, users[Role.LIAISON], users[Role.AUDITOR]):
        with pytest.raises(Http404):
            selectors.testimony_get_for_user(user=user, testimony_id=record.pk)
        assert selectors.testimonies_for_person(user=user, person=person) == []
    with pytest.raises(Http404):
        selectors.testimony_get_for_user(user=caseworker, testimony_id="not-a-uuid")
    # A caseworker named on it who is then locked out reads nothing.
    caseworker.is_locked = True
    caseworker.save(update_fields=["is_locked"])
    with pytest.raises(Http404):
        selectors.testimony_get_for_user(user=caseworker, testimony_id=record.pk)


def test_the_care_page_is_audited_and_follows_the_person(users: dict[str, User]) -> None:
    coordinator = users[Role.COORDINATOR]
    person = reported_person(coordinator)
    services.referral_create(
        actor=coordinator, person=person, kind="documents", service="Registry", she_consents=True
    )
    page = selectors.aftercare_page_for_user(user=coordinator, person_id=person.pk)
    assert len(page.referrals) == 1
    assert AuditEvent.objects.filter(
        action="view", object_type="aftercare.Referral", actor_id=str(coordinator.pk)
    ).exists()
    with pytest.raises(Http404):
        selectors.aftercare_page_for_user(user=users[Role.CASEWORKER], person_id=person.pk)
    with pytest.raises(Http404):
        selectors.referral_get_for_user(
            user=users[Role.CASEWORKER], referral_id=page.referrals[0].pk
        )


def test_reception_points_follow_place_grants(users: dict[str, User]) -> None:
    coordinator, caseworker = users[Role.COORDINATOR], users[Role.CASEWORKER]
    place = reception_point(coordinator)
    assert selectors.reception_points_for_user(user=coordinator) == [place]
    assert selectors.reception_points_for_user(user=caseworker) == []
    with pytest.raises(Exception, match="Unknown reception point"):
        selectors.reception_point_resolve(user=caseworker, place_id=place.pk)
    grant_create(actor=coordinator, user=caseworker, obj=place)
    assert selectors.reception_point_resolve(user=caseworker, place_id=place.pk) == place


def test_export_count_is_for_coordinators(users: dict[str, User]) -> None:
    assert selectors.export_count_for_user(user=users[Role.COORDINATOR]) == 0
    with pytest.raises(Http404):
        selectors.export_count_for_user(user=users[Role.CASEWORKER])
