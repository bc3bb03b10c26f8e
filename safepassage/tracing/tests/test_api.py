"""The tracing API: every endpoint, and who may use it."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from safepassage.accounts.models import User
from safepassage.accounts.services import (
    api_token_create,
    grant_create,
    user_set_duress_password,
)
from safepassage.conftest import current_code
from safepassage.operations.models import Alert
from safepassage.tracing.models import DuplicateCandidate, Merge, Person
from safepassage.tracing.services import (
    agreed_words_set,
    auth_question_add,
    contact_create,
    person_set_status,
    persons_merge,
)
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


# --- editing: ETag, If-Match, 409 on a stale version ------------------------------------


def _put(
    client: Client, person: Person, body: dict[str, Any], method: str = "put", **headers: str
) -> Any:
    return getattr(client, method)(
        f"/api/persons/{person.pk}/", body, content_type="application/json", headers=headers
    )


EDIT = {
    "given_names": ["Xelîl", "Khalil"],
    "family_names": ["Şingalî"],
    "sex": "f",
    "birth": "1998",
}


def test_get_gives_the_version_as_etag_and_put_with_it_saves(users) -> None:
    person = report_person(users["coordinator"], **KHALIL_LATIN).person
    client = api(users["coordinator"])
    read = client.get(f"/api/persons/{person.pk}/")
    assert read["ETag"] == '"1"' and read.json()["version"] == 1
    saved = _put(client, person, EDIT, **{"If-Match": read["ETag"]})
    assert saved.status_code == 200, saved.content
    assert saved["ETag"] == '"2"' and saved.json()["version"] == 2
    assert saved.json()["given_names"] == ["Xelîl", "Khalil"]
    person.refresh_from_db()
    # PUT replaces every detail: what it left out is now empty.
    assert person.father_names == [] and person.home_place == "" and person.version == 2
    # The version may come in the body instead, and a weak ETag is read the same way.
    again = _put(client, person, {**EDIT, "version": 2})
    assert again.status_code == 200 and again["ETag"] == '"2"'  # the same values: no change
    weak = _put(client, person, {**EDIT, "sex": "m"}, **{"If-Match": 'W/"2"'})
    assert weak.status_code == 200 and weak["ETag"] == '"3"'


def test_put_from_a_stale_version_is_409_and_changes_nothing(users) -> None:
    person = report_person(users["coordinator"], **KHALIL_LATIN).person
    client = api(users["coordinator"])
    etag = client.get(f"/api/persons/{person.pk}/")["ETag"]
    assert (
        _put(client, person, {"home_place": "Tel Ezer", "version": 1}, "patch").status_code == 200
    )
    stale = _put(client, person, {**EDIT, "home_place": "Sinjar"}, **{"If-Match": etag})
    assert stale.status_code == 409
    body = stale.json()
    assert body["current_version"] == 2 and stale["ETag"] == '"2"'
    assert "Someone else changed this record" in body["detail"]
    assert "not saved" in body["detail"]
    person.refresh_from_db()
    assert person.version == 2 and person.home_place == "Tel Ezer"
    assert person.given_names == ["Xelîl"]  # the stale PUT's names were not written


def test_edit_without_a_version_is_428_and_bad_ones_400(users) -> None:
    person = report_person(users["coordinator"], **KHALIL_LATIN).person
    client = api(users["coordinator"])
    missing = _put(client, person, EDIT)
    assert missing.status_code == 428 and "If-Match" in missing.json()["detail"]
    assert _put(client, person, {"sex": "m"}, "patch").status_code == 428
    assert _put(client, person, EDIT, **{"If-Match": "*"}).status_code == 428
    cases: list[tuple[str, dict[str, Any]]] = [
        ('"one"', EDIT),
        ('"1", "2"', EDIT),
        ('"2"', {**EDIT, "version": 1}),  # the header and the body disagree
    ]
    for header, body in cases:
        bad = _put(client, person, body, **{"If-Match": header})
        assert bad.status_code == 400 and bad.json()["detail"], header
    for body in ({**EDIT, "version": 0}, {**EDIT, "version": "x"}, {**EDIT, "birth": "soon"}):
        assert _put(client, person, body).status_code == 400, body
    no_name = {"given_names": [], "version": 1}
    assert _put(client, person, no_name).status_code == 400
    person.refresh_from_db()
    assert person.version == 1 and person.given_names == ["Xelîl"]


def test_patch_changes_only_the_fields_sent(users) -> None:
    person = report_person(users["coordinator"], **KHALIL_LATIN).person
    client = api(users["coordinator"])
    patched = _put(
        client,
        person,
        {"community": "Yazidi", "birth": "about 1997"},
        "patch",
        **{"If-Match": '"1"'},
    )
    assert patched.status_code == 200, patched.content
    person.refresh_from_db()
    assert (person.community, person.birth_year, person.birth_year_uncertainty) == (
        "Yazidi",
        1997,
        3,
    )
    assert person.given_names == ["Xelîl"] and person.home_place == "Kocho" and person.version == 2
    same = _put(client, person, {"community": "Yazidi"}, "patch", **{"If-Match": '"2"'})
    assert same.status_code == 200 and same["ETag"] == '"2"'  # nothing changed, same version


def test_a_status_change_or_merge_makes_the_etag_stale(users) -> None:
    actor = users["coordinator"]
    person = report_person(actor, **KHALIL_LATIN).person
    other = report_person(actor, **KHALIL_ARABIC).person
    client = api(actor)
    etag = client.get(f"/api/persons/{person.pk}/")["ETag"]
    person_set_status(actor=actor, person=person, status="contact", reason="She called.")
    assert _put(client, person, EDIT, **{"If-Match": etag}).status_code == 409
    other_etag = client.get(f"/api/persons/{other.pk}/")["ETag"]
    persons_merge(actor=actor, survivor=person, merged=other)
    merged = _put(client, other, EDIT, **{"If-Match": other_etag})
    assert merged.status_code == 409 and "merged into another" in merged.json()["detail"]
    person.refresh_from_db()
    assert "خليل" in person.given_names and person.given_names[0] == "Xelîl"


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("coordinator", 200),
        ("caseworker", 404),  # no grant on this person
        ("liaison", 404),
        ("field", 404),
        ("analyst", 404),
        ("auditor", 404),
        ("administrator", 404),
    ],
)
def test_edit_permissions_by_role(users, role, expected) -> None:
    person = report_person(users["coordinator"], **KHALIL_LATIN).person
    client = api(users[role])
    for method in ("put", "patch"):
        answer = _put(client, person, {**EDIT, "version": 1}, method)
        assert answer.status_code == expected, (method, answer.content)
        if expected == 200:
            break
    person.refresh_from_db()
    assert person.version == (2 if expected == 200 else 1)


def test_edit_with_a_grant_and_never_by_a_decoy(users) -> None:
    person = report_person(users["coordinator"], **KHALIL_LATIN).person
    grant_create(actor=None, user=users["caseworker"], obj=person)
    assert _put(api(users["caseworker"]), person, {**EDIT, "version": 1}).status_code == 200
    # A duress sign-in: the session looks normal and writes nothing.
    coordinator = users["coordinator"]
    user_set_duress_password(actor=coordinator, duress_password="blue-river-duress-77")
    decoy = Client()
    decoy.post(
        "/accounts/login/", {"username": coordinator.username, "password": "blue-river-duress-77"}
    )
    decoy.post("/accounts/login/code/", {"token": current_code(coordinator)})
    assert decoy.get("/api/persons/").json() == []
    for method in ("put", "patch"):
        answer = _put(decoy, person, {**EDIT, "sex": "m", "version": 2}, method)
        assert answer.status_code == 404, answer.content
    person.refresh_from_db()
    assert person.version == 2 and person.sex == "f"


def test_a_birth_of_thousands_of_digits_is_a_bad_request(users) -> None:
    client = api(users["caseworker"])
    bad = client.post(
        "/api/persons/",
        {"person": {**INTAKE["person"], "birth": "9" * 5000}, "report": INTAKE["report"]},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "birth" in bad.json()["person"]
    assert Person.objects.count() == 0
