"""Aftercare pages: who may open each, the arrival flow, testimony access, bad input, export."""

from __future__ import annotations

import datetime
import io
import json
import zipfile
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from safepassage.accounts.models import Role, User
from safepassage.accounts.services import grant_create
from safepassage.aftercare import services
from safepassage.aftercare.models import Arrival, Consent, FamilyMember, Referral
from safepassage.aftercare.tests.factories import (
    KHALIL_ARABIC,
    OTHER,
    arrived,
    make_testimony,
    reception_point,
    reported_person,
)
from safepassage.audit.models import AuditEvent
from safepassage.operations import clock
from safepassage.tracing.models import Person, PersonStatus
from safepassage.tracing.services import person_set_status

pytestmark = pytest.mark.django_db

OK, DENY = 200, 404
R = Role


@pytest.fixture
def case(users: dict[str, User]) -> dict[str, Any]:
    """A reported person shared with the caseworker and the liaison; testimony they hold."""
    coordinator = users[R.COORDINATOR]
    person = reported_person(coordinator)
    for role in (R.CASEWORKER, R.LIAISON):
        grant_create(actor=coordinator, user=users[role], obj=person)
    record = make_testimony(users[R.CASEWORKER], person)
    return {"person": person, "testimony": record}


def _pages(case: dict[str, Any]) -> dict[str, dict[str, int]]:
    person, record = case["person"], case["testimony"]
    reads = {**dict.fromkeys(R.values, DENY), R.COORDINATOR: OK, R.CASEWORKER: OK, R.LIAISON: OK}
    return {
        "/aftercare/": reads,
        "/aftercare/arrival/": reads,
        f"/aftercare/persons/{person.pk}/": reads,
        f"/aftercare/persons/{person.pk}/testimony/": reads,
        # Named readers only: the coordinator is not named, so it does not exist for them.
        f"/aftercare/testimony/{record.pk}/": {**dict.fromkeys(R.values, DENY), R.CASEWORKER: OK},
        "/aftercare/export/": {**dict.fromkeys(R.values, DENY), R.COORDINATOR: OK},
    }


@pytest.mark.parametrize("role", R.values)
def test_pages_by_role(
    role: str, case: dict[str, Any], client_for: Callable[[str], Client]
) -> None:
    client = client_for(role)
    pages = _pages(case)
    got = {path: client.get(path).status_code for path in pages}
    assert got == {path: expected[role] for path, expected in pages.items()}


@pytest.mark.parametrize("role", R.values)
def test_writes_by_role(
    role: str, case: dict[str, Any], client_for: Callable[[str], Client]
) -> None:
    person = case["person"]
    client = client_for(role)
    response = client.post(
        f"/aftercare/persons/{person.pk}/consents/", {"purpose": "photo", "language": "ar"}
    )
    writes = role in (R.COORDINATOR, R.CASEWORKER, R.LIAISON)
    assert response.status_code == (302 if writes else 404)
    assert Consent.objects.filter(purpose="photo").exists() == writes
    download = client.post("/aftercare/export/testimony.zip")
    assert download.status_code == (200 if role == R.COORDINATOR else 404)


def test_a_caseworker_without_the_case_gets_404(
    users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    person = reported_person(users[R.COORDINATOR], **OTHER)
    client = client_for(R.CASEWORKER)
    assert client.get(f"/aftercare/persons/{person.pk}/").status_code == 404
    response = client.post(
        f"/aftercare/persons/{person.pk}/referrals/",
        {"kind": "medical", "service": "Clinic", "she_consents": "on"},
    )
    assert response.status_code == 404
    assert not Referral.objects.exists()


def test_arrival_in_arabic_finds_the_latin_report_and_confirms(
    users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    coordinator = users[R.COORDINATOR]
    person = reported_person(coordinator)
    reported_person(coordinator, reporter="Dilan", **OTHER)
    place = reception_point(coordinator)
    client = client_for(R.COORDINATOR)
    form = {
        "given_names": KHALIL_ARABIC["given_names"][0],
        "father_names": KHALIL_ARABIC["father_names"][0],
        "family_names": KHALIL_ARABIC["family_names"][0],
        "sex": "f",
        "birth": "about 26",
        "arrived_on": "2024-06-01",
        "reception_place": str(place.pk),
        "received_by": "Rojda",
        "condition": "Exhausted",
    }
    page = client.post("/aftercare/arrival/", {**form, "decision": "check"})
    assert page.status_code == 200
    html = page.content.decode()
    assert f'value="person:{person.pk}"' in html and "Xelîl" in html
    assert "Leyla" not in html
    assert not Arrival.objects.exists()  # checking writes nothing

    done = client.post(
        "/aftercare/arrival/", {**form, "decision": f"person:{person.pk}", "checked": "1"}
    )
    assert done.status_code == 302 and done["Location"] == f"/aftercare/persons/{person.pk}/"
    person.refresh_from_db()
    assert person.status == PersonStatus.ARRIVED
    arrival = Arrival.objects.get()
    assert arrival.reception_place == place and arrival.match_score is not None
    assert arrival.match_score > 0.9
    care = client.get(done["Location"]).content.decode()
    assert "Exhausted" in care and "Rojda" in care


def test_arrival_page_receives_someone_an_operation_brought_out(
    users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    coordinator = users[R.COORDINATOR]
    person = reported_person(coordinator)
    # The outcome of the operation that brought her out moved her to "arrived".
    person_set_status(
        actor=coordinator, person=person, status=PersonStatus.ARRIVED, reason="Brought out."
    )
    client = client_for(R.COORDINATOR)
    form = {
        "given_names": "Xelîl",
        "father_names": "Hesen",
        "family_names": "Şingalî",
        "birth": "1998",
        "arrived_on": "2024-06-01",
        "reception_text": "Border post",
        "condition": "Exhausted",
    }
    page = client.post("/aftercare/arrival/", {**form, "decision": "check"})
    assert f'value="person:{person.pk}"' in page.content.decode()
    done = client.post(
        "/aftercare/arrival/", {**form, "decision": f"person:{person.pk}", "checked": "1"}
    )
    assert done.status_code == 302 and done["Location"] == f"/aftercare/persons/{person.pk}/"
    assert Arrival.objects.get().condition == "Exhausted"
    again = client.post(
        "/aftercare/arrival/", {**form, "decision": f"person:{person.pk}", "checked": "1"}
    )
    assert again.status_code == 422 and "already recorded" in again.content.decode()
    assert f'value="person:{person.pk}"' not in again.content.decode()
    assert Arrival.objects.count() == 1


def test_arrival_bad_input_writes_nothing(
    users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    person = reported_person(users[R.COORDINATOR])
    client = client_for(R.COORDINATOR)
    base = {"given_names": "Xelîl", "birth": "", "reception_text": "Border post"}
    confirm = {"decision": f"person:{person.pk}", "checked": "1"}
    bad_date = client.post("/aftercare/arrival/", {**base, **confirm, "arrived_on": "2024-02-30"})
    assert bad_date.status_code == 422
    assert "Enter a valid date" in bad_date.content.decode()
    future = client.post("/aftercare/arrival/", {**base, **confirm, "arrived_on": "2999-01-01"})
    assert future.status_code == 422 and "cannot be in the future" in future.content.decode()
    no_name = client.post("/aftercare/arrival/", {"arrived_on": "2024-06-01", "birth": ""})
    assert no_name.status_code == 422
    unknown_place = client.post(
        "/aftercare/arrival/",
        {**base, **confirm, "arrived_on": "2024-06-01", "reception_place": str(person.pk)},
    )
    assert unknown_place.status_code == 422
    unknown_person = client.post(
        "/aftercare/arrival/",
        {**base, "arrived_on": "2024-06-01", "decision": "person:nope", "checked": "1"},
    )
    assert unknown_person.status_code == 404
    person.refresh_from_db()
    assert person.status == PersonStatus.MISSING and not Arrival.objects.exists()


def test_reunification_through_the_pages(
    users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    person = reported_person(users[R.COORDINATOR])
    arrived(users[R.COORDINATOR], person)
    client = client_for(R.COORDINATOR)
    client.post(f"/aftercare/persons/{person.pk}/family/", {"name": "Nadia", "report": ""})
    member = FamilyMember.objects.get()
    notify = {"how": "phone", "at": "2024-06-02T10:00"}
    assert client.post(f"/aftercare/family/{member.pk}/notify/", notify).status_code == 302
    bad = client.post(f"/aftercare/family/{member.pk}/reunite/", {"on": "2024-13-45"}, follow=True)
    assert "Enter a valid date" in bad.content.decode()
    client.post(f"/aftercare/family/{member.pk}/reunite/", {"on": "2024-06-05"})
    person.refresh_from_db()
    assert person.status == PersonStatus.REUNITED
    assert client.post(f"/aftercare/family/{member.pk}/fly/", {}).status_code == 404
    assert (
        client.post(f"/aftercare/family/{person.pk}/notify/", {"how": "phone"}).status_code == 404
    )


def test_testimony_is_shown_to_named_readers_only_and_audited(
    case: dict[str, Any], users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    record = case["testimony"]
    path = f"/aftercare/testimony/{record.pk}/"
    caseworker = client_for(R.CASEWORKER)
    assert "Sold twice in Raqqa." in caseworker.get(path).content.decode()
    assert AuditEvent.objects.filter(
        action="view", object_id=str(record.pk), actor_id=str(users[R.CASEWORKER].pk)
    ).exists()
    coordinator = client_for(R.COORDINATOR)
    assert coordinator.get(path).status_code == 404
    care = coordinator.get(f"/aftercare/persons/{case['person'].pk}/").content.decode()
    assert path not in care  # not even listed
    # Once named, the coordinator reads it.
    caseworker.post(f"{path}readers/", {"user": str(users[R.COORDINATOR].pk)})
    assert coordinator.get(path).status_code == 200
    unknown = caseworker.post(f"{path}readers/", {"user": "not-a-user"}, follow=True)
    assert "Unknown user" in unknown.content.decode()


def test_testimony_form_records_and_names_the_recorder(
    case: dict[str, Any], client_for: Callable[[str], Client]
) -> None:
    person = case["person"]
    client = client_for(R.CASEWORKER)
    bad = client.post(
        f"/aftercare/persons/{person.pk}/testimony/",
        {"account": "x", "language": "ar", "events": "2015-03-02 | flew away | x"},
    )
    assert bad.status_code == 422 and "Line 1" in bad.content.decode()
    response = client.post(
        f"/aftercare/persons/{person.pk}/testimony/",
        {
            "account": "Taken to Tal Afar, then sold.",
            "language": "ar",
            "captivity_from": "2014-08-03",
            "events": "2014-08-03 | taken | Kocho\n2015-03-02 | sold | in the market",
        },
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Taken to Tal Afar" in page and "in the market" in page


def test_follow_ups_page_lists_overdue_referrals(
    case: dict[str, Any], users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    # Referred in December 2023 with a follow-up date then ahead: it is overdue now.
    with clock.frozen_at(datetime.datetime(2023, 12, 20, 12, tzinfo=datetime.UTC)):
        referral = services.referral_create(
            actor=users[R.CASEWORKER],
            person=case["person"],
            kind="shelter",
            service="Women's shelter Duhok",
            she_consents=True,
            follow_up_on="2024-01-01",
        )
    client = client_for(R.CASEWORKER)
    assert "Women&#x27;s shelter Duhok" in client.get("/aftercare/").content.decode()
    client.post(
        f"/aftercare/referrals/{referral.pk}/",
        {"status": "done", "follow_up_on": "2024-01-01", "next": "followups"},
    )
    assert "Duhok" not in client.get("/aftercare/").content.decode()
    assert (
        client.post("/aftercare/referrals/00000000-0000-0000-0000-000000000000/", {}).status_code
        == 404
    )


def test_consent_withdrawal_through_the_page(
    case: dict[str, Any], client_for: Callable[[str], Client]
) -> None:
    client = client_for(R.CASEWORKER)
    person = case["person"]
    bad = client.post(
        f"/aftercare/persons/{person.pk}/consents/",
        {"purpose": "investigators", "language": "xx"},
        follow=True,
    )
    assert "Select a valid choice" in bad.content.decode()
    assert not Consent.objects.filter(purpose="investigators").exists()
    client.post(
        f"/aftercare/persons/{person.pk}/consents/", {"purpose": "investigators", "language": "ar"}
    )
    consent = Consent.objects.get(purpose="investigators")
    client.post(f"/aftercare/consents/{consent.pk}/withdraw/", {})
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None


def test_coordinator_downloads_the_export(
    case: dict[str, Any], users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    services.consent_record(
        actor=users[R.COORDINATOR], person=case["person"], purpose="investigators", language="ar"
    )
    client = client_for(R.COORDINATOR)
    assert '<strong id="count">1</strong>' in client.get("/aftercare/export/").content.decode()
    assert client.get("/aftercare/export/testimony.zip").status_code == 405
    response = client.post("/aftercare/export/testimony.zip")
    assert response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    assert manifest["count"] == 1 and manifest["exporter"] == users[R.COORDINATOR].username
    assert Person.objects.count() == 1
