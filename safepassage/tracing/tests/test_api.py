"""The tracing API: every endpoint, and who may use it."""

from __future__ import annotations

import pytest
from django.test import Client

from safepassage.accounts.models import User
from safepassage.accounts.services import api_token_create
from safepassage.operations.models import Alert
from safepassage.tracing.models import DuplicateCandidate, Merge, Person
from safepassage.tracing.services import agreed_words_set, auth_question_add, contact_create
from safepassage.tracing.tests.conftest import KHALIL_ARABIC, KHALIL_LATIN, report_person

pytestmark = pytest.mark.django_db

INTAKE = {
    "person": {
        "given_names": ["Xelîl"],
        "father_names": ["Hesen"],
        "family_names": ["Şingalî"],
        "sex": "f",
        "birth": "1998",
    },
    "report": {"reporter_name": "Nadia", "reporter_phones": ["+964 750 555 0199"]},
}


def api(user: User) -> Client:
    _, token = api_token_create(actor=None, user=user)
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def test_create_list_detail_search(users) -> None:
    client = api(users["caseworker"])
    created = client.post("/api/persons/", INTAKE, content_type="application/json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["given_names"] == ["Xelîl"] and len(body["reports"]) == 1
    assert body["status_changes"][0]["to_status"] == "missing"
    assert [p["id"] for p in client.get("/api/persons/").json()] == [body["id"]]
    assert (
        client.get(f"/api/persons/{body['id']}/").json()["reports"][0]["reporter_name"] == "Nadia"
    )
    assert [p["id"] for p in client.get("/api/persons/search/?q=خليل").json()] == [body["id"]]
    assert [p["id"] for p in client.get("/api/persons/?q=khalil").json()] == [body["id"]]
    bad = client.post(
        "/api/persons/",
        {"person": {"birth": "soon"}, "report": {}},
        content_type="application/json",
    )
    assert bad.status_code == 400 and Person.objects.count() == 1


def test_match_check_then_attach(users) -> None:
    person = report_person(users["coordinator"], **KHALIL_LATIN).person
    client = api(users["coordinator"])
    arabic = {"given_names": ["خليل"], "father_names": ["حسن"], "family_names": ["الشنگالي"]}
    found = client.post("/api/persons/match/", arabic, content_type="application/json").json()
    assert found[0]["person"]["id"] == str(person.pk) and found[0]["score"] > 0.8
    assert {e["field"] for e in found[0]["evidence"]} >= {"given", "father"}
    attached = client.post(
        "/api/persons/",
        {"person": arabic, "report": {"reporter_name": "Saeed"}, "attach_to": str(person.pk)},
        content_type="application/json",
    )
    assert attached.status_code == 201 and attached.json()["id"] == str(person.pk)
    assert Person.objects.count() == 1 and person.reports.count() == 2
    more = client.post(
        f"/api/persons/{person.pk}/reports/",
        {"report": {"reporter_name": "Leyla", "knowledge": "Seen 2020"}},
        content_type="application/json",
    )
    assert more.status_code == 201 and person.reports.count() == 3


def test_contact_with_auth_check_and_duress(users) -> None:
    actor = users["coordinator"]
    person = report_person(actor, **KHALIL_LATIN).person
    secret = auth_question_add(actor=actor, person=person, question="Goat?", answer="Spîndar")
    client = api(actor)
    url = f"/api/persons/{person.pk}/contacts/"
    ok = client.post(
        url,
        {
            "occurred_at": "2024-05-01T10:00:00Z",
            "channel": "phone",
            "answers": {str(secret.pk): "spindar"},
        },
        content_type="application/json",
    )
    assert ok.status_code == 201, ok.content
    assert ok.json()["auth_outcome"] == "passed" and ok.json()["results"] == {str(secret.pk): True}
    assert "answer_hash" not in ok.content.decode()
    agreed_words_set(actor=actor, person=person, duress_word="zeytûn", all_clear_word="hinar")
    forced = client.post(
        url,
        {"occurred_at": "2024-05-02T10:00:00Z", "channel": "sms", "word_used": "Zeytun"},
        content_type="application/json",
    )
    assert (
        forced.json()["duress_word_used"] is True and Alert.objects.filter(kind="danger").exists()
    )
    bad = client.post(url, {"channel": "carrier pigeon"}, content_type="application/json")
    assert bad.status_code == 400


def test_status_questions_duplicates_merge_undo_dismiss(users) -> None:
    actor = users["coordinator"]
    first = report_person(actor, **KHALIL_LATIN).person
    report_person(actor, **KHALIL_ARABIC)
    client = api(actor)
    changed = client.post(
        f"/api/persons/{first.pk}/status/",
        {"status": "located", "reason": "Insider report."},
        content_type="application/json",
    )
    assert changed.status_code == 200 and changed.json()["to_status"] == "located"
    assert (
        client.post(
            f"/api/persons/{first.pk}/status/",
            {"status": "located", "reason": "x"},
            content_type="application/json",
        ).status_code
        == 400
    )
    question = client.post(
        f"/api/persons/{first.pk}/questions/",
        {"question": "Goat?", "answer": "Spîndar"},
        content_type="application/json",
    )
    assert question.status_code == 201 and "answer" not in question.json()
    [row] = client.get("/api/duplicates/").json()
    assert row["score"] > 0.9 and row["evidence"]
    merged = client.post(
        f"/api/duplicates/{row['id']}/merge/",
        {"survivor": str(first.pk)},
        content_type="application/json",
    )
    assert merged.status_code == 200 and merged.json()["survivor"] == str(first.pk)
    assert client.get("/api/duplicates/").json() == []
    undone = client.post(f"/api/merges/{Merge.objects.get().pk}/undo/")
    assert undone.status_code == 200 and undone.json()["undone_at"]
    dismissed = client.post(f"/api/duplicates/{row['id']}/dismiss/")
    assert dismissed.status_code == 200 and DuplicateCandidate.objects.get().status == "dismissed"


@pytest.mark.parametrize(
    ("role", "read", "write"),
    [
        ("coordinator", 200, 201),
        ("caseworker", 200, 201),
        ("liaison", 200, 201),
        ("field", 404, 404),
        ("analyst", 404, 404),
        ("auditor", 404, 404),
        ("administrator", 404, 404),
    ],
)
def test_permissions_by_role(users, role, read, write) -> None:
    person = report_person(users["coordinator"], **KHALIL_LATIN).person
    client = api(users[role])
    for path in ("/api/persons/", "/api/duplicates/", "/api/persons/search/?q=x"):
        assert client.get(path).status_code == read, path
    created = client.post("/api/persons/", INTAKE, content_type="application/json")
    assert created.status_code == write
    # Nobody but the coordinator has a grant on the first person.
    expected = 200 if role == "coordinator" else 404
    assert client.get(f"/api/persons/{person.pk}/").status_code == expected
    status_change = client.post(
        f"/api/persons/{person.pk}/status/",
        {"status": "located", "reason": "x"},
        content_type="application/json",
    )
    assert status_change.status_code == expected


def test_anonymous_is_refused() -> None:
    assert Client().get("/api/persons/").status_code in (401, 403)


def test_contact_logged_through_service_is_in_detail(users) -> None:
    import datetime

    from django.utils import timezone

    from safepassage.tracing.services import ContactDetails

    actor = users["coordinator"]
    person = report_person(actor, **KHALIL_LATIN).person
    contact_create(
        actor=actor,
        person=person,
        contact=ContactDetails(
            occurred_at=timezone.now() - datetime.timedelta(hours=1),
            channel="phone",
            location_said="Near the mill",
        ),
    )
    detail = api(actor).get(f"/api/persons/{person.pk}/").json()
    assert detail["contacts"][0]["location_said"] == "Near the mill"


def test_agree_words_through_the_api(users) -> None:
    import datetime

    from django.utils import timezone

    from safepassage.tracing.models import AuthSecret
    from safepassage.tracing.services import ContactDetails

    actor = users["coordinator"]
    person = report_person(actor, **KHALIL_LATIN).person
    client = api(actor)
    url = f"/api/persons/{person.pk}/words/"
    early = client.post(
        url, {"duress_word": "pomegranate", "all_clear_word": "olive"}, "application/json"
    )
    assert early.status_code == 400 and "first contact" in early.content.decode()
    contact_create(
        actor=actor,
        person=person,
        contact=ContactDetails(
            occurred_at=timezone.now() - datetime.timedelta(hours=1), channel="phone"
        ),
    )
    same = client.post(url, {"duress_word": "olive", "all_clear_word": "Olive"}, "application/json")
    assert same.status_code == 400
    ok = client.post(
        url, {"duress_word": "pomegranate", "all_clear_word": "olive"}, "application/json"
    )
    assert ok.status_code == 200 and ok.json() == {"agreed": 2}
    assert "pomegranate" not in ok.content.decode()
    assert AuthSecret.objects.filter(person=person, retired_at__isnull=True).count() == 2
    assert (
        api(users["analyst"])
        .post(url, {"duress_word": "a", "all_clear_word": "b"}, "application/json")
        .status_code
        == 404
    )
