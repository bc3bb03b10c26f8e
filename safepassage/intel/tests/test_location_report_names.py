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


def test_the_api_withholds_the_ids_of_a_source_holder_and_secret_place_not_shared(
    users: dict[str, User],
) -> None:
    """A stable id of an insider a caseworker may not see would let a stolen token tie
    together every woman that insider reported on: the API gives null and says it is
    withheld, as the pages say "not shared with you"."""
    from safepassage.accounts.services import api_token_create
    from safepassage.intel.tests.factories import make_place

    coordinator, caseworker = users[Role.COORDINATOR], users[Role.CASEWORKER]
    person = reported_person(caseworker)
    member = make_member(coordinator, "nightjar")
    holder = make_holder(coordinator, "Abu Zaydan")
    house = make_place(coordinator, "Beit al-Amal", kind="safe_house", secret=True)
    report = make_report(coordinator, person, member=member, holder=holder, place=house)
    _, token = api_token_create(actor=None, user=caseworker)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    linked = (member, holder, house)

    def answers() -> list[dict[str, object]]:
        listed = client.get(f"/api/intel/location-reports/?person={person.pk}")
        detail = client.get(f"/api/intel/location-reports/{report.pk}/")
        assert listed.status_code == detail.status_code == 200
        rows: list[dict[str, object]] = [*listed.json(), detail.json()]
        assert [row["id"] for row in rows] == [str(report.pk)] * 2
        return rows

    for row in answers():
        assert (row["source_member"], row["holder"], row["place"]) == (None, None, None)
        assert row["source_member_withheld"] is row["holder_withheld"] is True
        assert row["place_withheld"] is True
        assert not {str(obj.pk) for obj in linked} & {str(v) for v in row.values()}

    # Shared with her, they are given.
    for obj in linked:
        grant_create(actor=coordinator, user=caseworker, obj=obj)
    for row in answers():
        assert (row["source_member"], row["holder"], row["place"]) == tuple(
            str(obj.pk) for obj in linked
        )
        assert row["source_member_withheld"] is row["holder_withheld"] is False
        assert row["place_withheld"] is False
