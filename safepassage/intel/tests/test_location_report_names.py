"""A person's location reports name their source member and her holder only to a user who may
see that member or holder: members and holders follow grants (intel/access.py), and a
caseworker who may see her must not learn, from her page, the codename of the insider who
reported where she is (the API gives their ids only, as for any record)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from safepassage.accounts.models import Role, User
from safepassage.accounts.services import grant_create
from safepassage.aftercare.tests.factories import reported_person
from safepassage.intel.tests.factories import make_holder, make_member, make_report

pytestmark = pytest.mark.django_db

PAGES = ("/intel/persons/{}/location-reports/", "/persons/{}/")


def test_her_reports_name_source_and_holder_only_to_who_may_see_them(
    users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    coordinator, caseworker = users[Role.COORDINATOR], users[Role.CASEWORKER]
    person = reported_person(caseworker)  # she entered the report: she may see the person
    member = make_member(coordinator, "nightjar")
    holder = make_holder(coordinator, "Abu Zaydan")
    make_report(coordinator, person, member=member, holder=holder, place_text="north farm")

    client = client_for(Role.CASEWORKER)
    for page in PAGES:
        body = client.get(page.format(person.pk)).content.decode()
        assert "north farm" in body  # where she is held: she may see that
        assert "nightjar" not in body
        assert "Abu Zaydan" not in body
        assert "a member, not shared with you" in body
        assert "Not shared with you" in body

    # Shared with her, they are named.
    grant_create(actor=coordinator, user=caseworker, obj=member)
    grant_create(actor=coordinator, user=caseworker, obj=holder)
    for page in PAGES:
        body = client.get(page.format(person.pk)).content.decode()
        assert "nightjar" in body and "Abu Zaydan" in body

    coordinator_page = client_for(Role.COORDINATOR).get(PAGES[0].format(person.pk))
    body = coordinator_page.content.decode()
    assert "nightjar" in body and "Abu Zaydan" in body
    assert "not shared with you" not in body.lower()


def test_a_report_from_her_contact_still_says_so(
    users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    from safepassage.intel.tests.factories import make_contact

    caseworker = users[Role.CASEWORKER]
    person = reported_person(caseworker)
    make_report(
        users[Role.COORDINATOR], person, source_contact=make_contact(person), place_text="a farm"
    )
    body = client_for(Role.CASEWORKER).get(PAGES[0].format(person.pk)).content.decode()
    assert "her contact" in body
    assert "not shared with you" not in body.lower()
