"""Pages of intel and verification: every role, need-to-know, bad input, the whole flow."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from safepassage.accounts.models import Role, User
from safepassage.accounts.services import grant_create
from safepassage.conftest import make_user, sign_in
from safepassage.intel.models import LocationReport, Place
from safepassage.verification.models import Approval, RescueRequest, RuleConfig
from safepassage.verification.selectors import request_is_cleared
from safepassage.verification.tests.factories import (
    make_contact,
    make_holder,
    make_incident,
    make_member,
    make_person,
    make_place,
    make_report,
    make_request,
)

pytestmark = pytest.mark.django_db
R = Role
OK, NO = 200, 404


@pytest.fixture
def world(users: dict[str, User]) -> dict[str, Any]:
    falcon = users[R.COORDINATOR]
    place = make_place(falcon, "Tel Qasab", latitude=36.3, longitude=41.9)
    person = make_person()
    call = make_contact(person, number="+964 750 555 0199", what_she_asked="come now")
    member = make_member(falcon)
    return {
        "place": place,
        "secret": make_place(falcon, "Orchard", kind="safe_house"),
        "member": member,
        "holder": make_holder(falcon),
        "incident": make_incident(falcon, place=place),
        "person": person,
        "report": make_report(falcon, person, member=member, place=place),
        "request": make_request(falcon, person, contacts=[call], urgency_claimed=True),
    }


def _pages(w: dict[str, Any]) -> dict[str, dict[str, int]]:
    case_roles: dict[str, int] = {R.COORDINATOR: OK, R.CASEWORKER: OK, R.LIAISON: OK}
    coordinator_only: dict[str, int] = {R.COORDINATOR: OK}
    lists = {**dict.fromkeys(R.values, NO), **case_roles}
    granted_only = {**dict.fromkeys(R.values, NO), **coordinator_only}
    return {
        "/intel/places/": lists,
        "/intel/places/new/": lists,
        f"/intel/places/{w['place'].pk}/": lists,  # the shared map
        f"/intel/places/{w['secret'].pk}/": granted_only,
        "/intel/members/": lists,
        f"/intel/members/{w['member'].pk}/": granted_only,
        "/intel/holders/": lists,
        f"/intel/holders/{w['holder'].pk}/": granted_only,
        "/intel/incidents/": lists,
        f"/intel/incidents/{w['incident'].pk}/": granted_only,
        f"/intel/persons/{w['person'].pk}/location-reports/": granted_only,
        f"/verification/persons/{w['person'].pk}/request/": granted_only,
        f"/verification/requests/{w['request'].pk}/": granted_only,
        "/verification/": granted_only,
        "/verification/rules/": granted_only,
    }


@pytest.mark.parametrize("role", R.values)
def test_pages_by_role(
    role: str, world: dict[str, Any], client_for: Callable[[str], Client]
) -> None:
    client = client_for(role)
    pages = _pages(world)
    got = {path: client.get(path).status_code for path in pages}
    assert got == {path: expected[role] for path, expected in pages.items()}


def test_caseworker_sees_granted_records_only(
    users: dict[str, User], world: dict[str, Any], client_for: Callable[[str], Client]
) -> None:
    falcon, olive = users[R.COORDINATOR], users[R.CASEWORKER]
    client = client_for(R.CASEWORKER)
    grant_create(actor=falcon, user=olive, obj=world["person"])
    grant_create(actor=falcon, user=olive, obj=world["secret"])
    for path in (
        f"/intel/persons/{world['person'].pk}/location-reports/",
        f"/verification/requests/{world['request'].pk}/",
        f"/intel/places/{world['secret'].pk}/",
    ):
        assert client.get(path).status_code == OK, path
    # Caseworkers cannot approve or change the rules.
    url = f"/verification/requests/{world['request'].pk}/approve/"
    assert client.post(url, {"reason": "fine"}).status_code == NO
    assert Approval.objects.count() == 0


def test_bad_input_gives_form_errors_and_writes_nothing(
    world: dict[str, Any], client_for: Callable[[str], Client]
) -> None:
    client = client_for(R.COORDINATOR)
    places = Place.objects.count()
    response = client.post(
        "/intel/places/new/",
        {"kind": "village", "names": "X", "latitude": "95", "longitude": "abc", "control": "safe"},
    )
    assert response.status_code == 400
    assert b"between -90 and 90" in response.content and b"must be a number" in response.content
    assert Place.objects.count() == places
    assert client.post("/intel/places/", {"lat": "100", "lon": "1"}).status_code == 400
    person = world["person"]
    url = f"/intel/persons/{person.pk}/location-reports/"
    reports = LocationReport.objects.count()
    for bad in (
        {"source_reliability": "G", "info_credibility": "2"},
        {"source_reliability": "B", "info_credibility": "9"},
        {
            "source_reliability": "B",
            "info_credibility": "2",
            "place": "00000000-0000-4000-8000-000000000000",
        },
    ):
        response = client.post(url, {"source_member": str(world["member"].pk), **bad})
        assert response.status_code == 400, bad
    assert LocationReport.objects.count() == reports
    requests = RescueRequest.objects.count()
    response = client.post(
        f"/verification/persons/{person.pk}/request/",
        {
            "pickup_latitude": "12",
            "pickup_longitude": "",
            "pickup_at_captive_location": "on",
            "network_chosen_meeting_point": "on",
        },
    )
    assert response.status_code == 400 and RescueRequest.objects.count() == requests
    response = client.post(
        "/verification/rules/", {"threshold": "-5", "reason": "", "w_duress_word": "x"}
    )
    assert response.status_code == 400 and RuleConfig.objects.count() == 0


def test_coordinator_records_a_report_a_request_and_two_approve(
    users: dict[str, User], world: dict[str, Any], client_for: Callable[[str], Client]
) -> None:
    client = client_for(R.COORDINATOR)
    person, place = world["person"], world["place"]
    response = client.post(
        f"/intel/persons/{person.pk}/location-reports/",
        {
            "source_member": str(world["member"].pk),
            "place": str(place.pk),
            "source_reliability": "C",
            "info_credibility": "3",
        },
    )
    assert response.status_code == 302
    response = client.post(
        f"/verification/persons/{person.pk}/request/",
        {
            "contacts": [str(c.pk) for c in person.contacts.all()],
            "stated_place": str(place.pk),
            "pickup_place": str(place.pk),
            "urgency_claimed": "on",
            "holder_away_claimed": "on",
            "pickup_at_captive_location": "on",
        },
    )
    assert response.status_code == 302
    rescue = RescueRequest.objects.order_by("-created_at").first()
    assert rescue is not None
    page = client.get(response["Location"]).content.decode()
    assert 'data-code="lure_holder_away"' in page and 'data-code="number_in_incident"' not in page
    assert 'data-code="place_in_incident"' in page and "Blocked" in page
    approve = f"/verification/requests/{rescue.pk}/approve/"
    assert client.post(approve, {"reason": ""}).status_code == 400
    assert client.post(approve, {"reason": "We meet her elsewhere."}).status_code == 302
    assert client.post(approve, {"reason": "again"}).status_code == 400
    assert not request_is_cleared(rescue)
    page = client.get(f"/verification/requests/{rescue.pk}/").content.decode()
    assert 'id="approved-by-me"' in page and 'id="approve"' not in page
    heron = make_user("heron", R.COORDINATOR)
    second = Client()
    sign_in(second, heron)
    page = second.get(f"/verification/requests/{rescue.pk}/").content.decode()
    assert 'id="approve"' in page and 'id="approved-by-me"' not in page
    assert second.post(approve, {"reason": "Agreed, with the guide."}).status_code == 302
    assert request_is_cleared(rescue)
    assert "Cleared" in second.get(f"/verification/requests/{rescue.pk}/").content.decode()


def test_rules_change_is_audited_keeps_history_and_reassesses(
    users: dict[str, User], world: dict[str, Any], client_for: Callable[[str], Client]
) -> None:
    from safepassage.audit.models import AuditEvent
    from safepassage.verification.rules import DEFAULT_WEIGHTS, PARAMS

    client = client_for(R.COORDINATOR)
    form: dict[str, Any] = {f"w_{k}": v for k, v in DEFAULT_WEIGHTS.items()}
    form.update({f"p_{k}": spec[1] for k, spec in PARAMS.items()})
    form.update(
        {"threshold": 500, "reason": "Fewer approvals in the dry season.", "w_lure_urgency": 5}
    )
    before = world["request"].assessments.count()
    assert client.post("/verification/rules/", form).status_code == 302
    form.update({"threshold": 40, "reason": "Back to normal."})
    assert client.post("/verification/rules/", form).status_code == 302
    assert RuleConfig.objects.count() == 2
    event = AuditEvent.objects.filter(action="rules.update").order_by("seq").first()
    assert event is not None and '"lure_urgency": [15, 5]' in event.detail
    assert world["request"].assessments.count() == before + 2
    assert "Back to normal." in client.get("/verification/rules/").content.decode()
