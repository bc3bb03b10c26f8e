"""Aftercare API: the same rules as the pages, by role, with clear 400s for bad input."""

from __future__ import annotations

import datetime
import io
import json
import zipfile
from typing import Any

import pytest
from django.test import Client

from safepassage.accounts.models import Role, User
from safepassage.accounts.services import api_token_create, grant_create
from safepassage.aftercare.models import Arrival, Consent, FamilyMember, Referral
from safepassage.aftercare.tests.factories import (
    KHALIL_ARABIC,
    OTHER,
    make_testimony,
    reported_person,
)
from safepassage.operations import clock
from safepassage.tracing.models import PersonStatus

pytestmark = pytest.mark.django_db
R = Role


def api(user: User) -> Client:
    _, token = api_token_create(actor=None, user=user)
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def post(client: Client, path: str, data: dict[str, Any]) -> Any:
    return client.post(path, json.dumps(data), content_type="application/json")


@pytest.fixture
def case(users: dict[str, User]) -> dict[str, Any]:
    coordinator = users[R.COORDINATOR]
    person = reported_person(coordinator)
    for role in (R.CASEWORKER, R.LIAISON):
        grant_create(actor=coordinator, user=users[role], obj=person)
    return {"person": person, "testimony": make_testimony(users[R.CASEWORKER], person)}


@pytest.mark.parametrize("role", R.values)
def test_endpoints_by_role(role: str, case: dict[str, Any], users: dict[str, User]) -> None:
    person, record = case["person"], case["testimony"]
    client = api(users[role])
    reads = role in (R.COORDINATOR, R.CASEWORKER, R.LIAISON)
    got = {
        "person": client.get(f"/api/aftercare/persons/{person.pk}/").status_code,
        "followups": client.get("/api/aftercare/followups/").status_code,
        "testimony": client.get(f"/api/aftercare/testimony/{record.pk}/").status_code,
        "export": client.get("/api/aftercare/export/testimony/").status_code,
        "candidates": post(
            client, "/api/aftercare/arrivals/candidates/", {"given_names": ["Xelîl"]}
        ).status_code,
    }
    assert got == {
        "person": 200 if reads else 404,
        "followups": 200 if reads else 404,
        "testimony": 200 if role == R.CASEWORKER else 404,
        "export": 200 if role == R.COORDINATOR else 404,
        "candidates": 200 if reads else 404,
    }


def test_arrival_through_the_api_across_scripts(users: dict[str, User]) -> None:
    coordinator = users[R.COORDINATOR]
    person = reported_person(coordinator)
    reported_person(coordinator, **OTHER)
    client = api(coordinator)
    names = {k: list(v) for k, v in KHALIL_ARABIC.items() if k.endswith("_names")}
    found = post(client, "/api/aftercare/arrivals/candidates/", names).json()
    assert [c["person"] for c in found] == [str(person.pk)]
    assert found[0]["score"] > 0.9 and found[0]["evidence"]
    response = post(
        client,
        "/api/aftercare/arrivals/",
        {**names, "person": str(person.pk), "arrived_on": "2024-06-01", "reception_text": "Zakho"},
    )
    assert response.status_code == 201, response.json()
    assert response.json()["match_score"] > 0.9
    person.refresh_from_db()
    assert person.status == PersonStatus.ARRIVED


def test_api_bad_input_is_a_400_with_field_messages(
    case: dict[str, Any], users: dict[str, User]
) -> None:
    person = case["person"]
    client = api(users[R.CASEWORKER])
    bad_date = post(
        client,
        "/api/aftercare/arrivals/",
        {"given_names": ["x"], "person": str(person.pk), "arrived_on": "2024-02-30"},
    )
    assert bad_date.status_code == 400 and "arrived_on" in bad_date.json()
    no_reception = post(
        client,
        "/api/aftercare/arrivals/",
        {"given_names": ["x"], "person": str(person.pk), "arrived_on": "2024-06-01"},
    )
    assert no_reception.status_code == 400 and "reception_place" in no_reception.json()
    unknown_place = post(
        client,
        "/api/aftercare/arrivals/",
        {
            "given_names": ["x"],
            "person": str(person.pk),
            "arrived_on": "2024-06-01",
            "reception_place": "00000000-0000-0000-0000-000000000000",
        },
    )
    assert unknown_place.status_code == 400 and "reception_place" in unknown_place.json()
    unknown_person = post(
        client,
        "/api/aftercare/arrivals/",
        {
            "given_names": ["x"],
            "person": "00000000-0000-0000-0000-000000000000",
            "arrived_on": "2024-06-01",
            "reception_text": "Zakho",
        },
    )
    assert unknown_person.status_code == 404
    no_consent = post(
        client,
        f"/api/aftercare/persons/{person.pk}/referrals/",
        {"kind": "medical", "service": "Clinic", "she_consents": False},
    )
    assert no_consent.status_code == 400 and "she_consents" in no_consent.json()
    bad_language = post(
        client,
        f"/api/aftercare/persons/{person.pk}/consents/",
        {"purpose": "care", "language": "Arabic please"},
    )
    assert bad_language.status_code == 400 and "language" in bad_language.json()
    person.refresh_from_db()
    assert person.status == PersonStatus.MISSING
    assert not Arrival.objects.exists() and not Referral.objects.exists()
    assert not Consent.objects.filter(purpose="care").exists()


def test_reunification_referrals_and_consent_through_the_api(
    case: dict[str, Any], users: dict[str, User]
) -> None:
    person = case["person"]
    client = api(users[R.CASEWORKER])
    arrival = post(
        client,
        "/api/aftercare/arrivals/",
        {
            "given_names": ["Xelîl"],
            "person": str(person.pk),
            "arrived_on": "2024-06-01",
            "reception_text": "Zakho",
        },
    )
    assert arrival.status_code == 201
    member = post(client, f"/api/aftercare/persons/{person.pk}/family/", {"name": "Nadia"}).json()
    notified = post(
        client,
        f"/api/aftercare/family/{member['id']}/notify/",
        {"how": "phone", "at": "2024-06-02T10:00:00Z"},
    )
    assert notified.status_code == 200
    done = post(client, f"/api/aftercare/family/{member['id']}/reunite/", {"on": "2024-06-04"})
    assert done.json()["stage"] == "reunited"
    person.refresh_from_db()
    assert person.status == PersonStatus.REUNITED
    assert FamilyMember.objects.get().notified_by == users[R.CASEWORKER]
    summary = client.get(f"/api/aftercare/persons/{person.pk}/").json()
    assert summary["family"][0]["name"] == "Nadia"  # decrypted, not the stored form
    assert summary["arrivals"][0]["reception_text"] == "Zakho"

    # Referred in December 2023 with a follow-up date then ahead: it is overdue now.
    with clock.frozen_at(datetime.datetime(2023, 12, 20, 12, tzinfo=datetime.UTC)):
        referral = post(
            client,
            f"/api/aftercare/persons/{person.pk}/referrals/",
            {
                "kind": "legal",
                "service": "Lawyer",
                "she_consents": True,
                "follow_up_on": "2024-01-01",
            },
        ).json()
    assert [r["id"] for r in client.get("/api/aftercare/followups/").json()] == [referral["id"]]
    patched = client.patch(
        f"/api/aftercare/referrals/{referral['id']}/",
        json.dumps({"status": "declined"}),
        content_type="application/json",
    )
    assert patched.json()["status"] == "declined"
    assert client.get("/api/aftercare/followups/").json() == []

    consent = post(
        client,
        f"/api/aftercare/persons/{person.pk}/consents/",
        {"purpose": "investigators", "language": "kmr"},
    ).json()
    export = api(users[R.COORDINATOR]).get("/api/aftercare/export/testimony/")
    with zipfile.ZipFile(io.BytesIO(export.content)) as archive:
        assert json.loads(archive.read("manifest.json"))["count"] == 1
    post(client, f"/api/aftercare/consents/{consent['id']}/withdraw/", {})
    export = api(users[R.COORDINATOR]).get("/api/aftercare/export/testimony/")
    with zipfile.ZipFile(io.BytesIO(export.content)) as archive:
        assert json.loads(archive.read("manifest.json"))["count"] == 0


def test_testimony_through_the_api(case: dict[str, Any], users: dict[str, User]) -> None:
    person = case["person"]
    client = api(users[R.CASEWORKER])
    bad = post(
        client,
        f"/api/aftercare/persons/{person.pk}/testimony/",
        {"account": "x", "language": "ar", "events": [{"kind": "sold", "on": "2015-02-30"}]},
    )
    assert bad.status_code == 400 and "events" in bad.json()
    created = post(
        client,
        f"/api/aftercare/persons/{person.pk}/testimony/",
        {"account": "He moved me to Raqqa.", "language": "ar", "events": [{"kind": "transferred"}]},
    )
    assert created.status_code == 201
    record = created.json()
    assert record["readers"] == [users[R.CASEWORKER].username]
    coordinator = api(users[R.COORDINATOR])
    assert coordinator.get(f"/api/aftercare/testimony/{record['id']}/").status_code == 404
    named = post(
        client,
        f"/api/aftercare/testimony/{record['id']}/readers/",
        {"user": str(users[R.COORDINATOR].pk)},
    )
    assert named.status_code == 200
    assert coordinator.get(f"/api/aftercare/testimony/{record['id']}/").json()["account"] == (
        "He moved me to Raqqa."
    )


def test_schema_lists_the_aftercare_endpoints(users: dict[str, User]) -> None:
    schema = api(users[R.CASEWORKER]).get("/api/schema/", HTTP_ACCEPT="application/json")
    assert schema.status_code == 200
    assert b"/api/aftercare/arrivals/" in schema.content
