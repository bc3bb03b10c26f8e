"""A request sent again: with the same ``Idempotency-Key`` a person or report is saved once.

A client whose POST timed out cannot know whether it was saved; sent again with the same key
(and body), it gets the first save's answer and nothing more is written. The key counts per
user: another account's key, or the same key on another body, is another request.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from safepassage.accounts.models import Role, User
from safepassage.accounts.services import api_token_create
from safepassage.audit.models import AuditEvent
from safepassage.tests.decoy import ApiPair
from safepassage.tracing.models import Person, Report
from safepassage.tracing.tests.conftest import KHALIL_LATIN, report_person

pytestmark = pytest.mark.django_db

INTAKE: dict[str, Any] = {
    "person": {"given_names": ["Xelîl"], "father_names": ["Hesen"], "sex": "f", "birth": "1998"},
    "report": {"reporter_name": "Nadia", "reporter_phones": ["+964 750 555 0199"]},
}
KEY = "7c1f6b0e-2a4d-4f0e-9a55-3f1e8b0d2c11"
OTHER_KEY = "0d9e2b6a-51c3-4a8f-b2e4-6a0c7f13d955"


def _api(user: User) -> Client:
    _, plain = api_token_create(actor=None, user=user)
    return Client(HTTP_AUTHORIZATION=f"Bearer {plain}")


def _post(client: Client, path: str, body: Any, key: str | None = KEY, **headers: Any) -> Any:
    if key is not None:
        headers["HTTP_IDEMPOTENCY_KEY"] = key
    return client.post(path, body, content_type="application/json", **headers)


@pytest.mark.parametrize(
    "body",
    [INTAKE, {"person": INTAKE["person"]}],
    ids=["with a report", "without a report"],
)
def test_a_new_person_sent_again_is_saved_once(users: dict[str, User], body: Any) -> None:
    client = _api(users["caseworker"])
    first = _post(client, "/api/persons/", body)
    assert first.status_code == 201, first.content
    seq = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first()
    again = _post(client, "/api/persons/", body)
    assert again.status_code == 201, again.content
    assert again.json() == first.json()
    assert Person.objects.count() == 1
    assert Report.objects.count() == len(first.json()["reports"])
    # Only the reads of her page (as a GET audits them): no create, no write.
    assert set(AuditEvent.objects.filter(seq__gt=seq).values_list("action", flat=True)) == {"view"}


def test_a_report_sent_again_is_saved_once(users: dict[str, User]) -> None:
    person = report_person(users["coordinator"], **KHALIL_LATIN).person
    client = _api(users["coordinator"])
    path = f"/api/persons/{person.pk}/reports/"
    for key, body in (
        (KEY, {"reporter_name": "Saeed"}),
        (OTHER_KEY, {"report": {"reporter_name": "Leyla"}, "person": {"given_names": ["خليل"]}}),
    ):
        first = _post(client, path, body, key=key)
        assert first.status_code == 201, first.content
        again = _post(client, path, body, key=key)
        assert again.status_code == 201 and again.json() == first.json()
    assert Report.objects.filter(person=person).count() == 3


def test_the_key_counts_per_user(users: dict[str, User]) -> None:
    caseworker, coordinator = _api(users["caseworker"]), _api(users["coordinator"])
    first = _post(caseworker, "/api/persons/", INTAKE).json()
    assert _post(coordinator, "/api/persons/", INTAKE).json()["id"] != first["id"]
    assert _post(caseworker, "/api/persons/", INTAKE, key=None).json()["id"] != first["id"]
    assert Person.objects.count() == 3


OTHER_BODIES = [
    {**INTAKE, "report": {"reporter_name": "Saeed"}},  # another report on the same person
    {"person": INTAKE["person"]},  # the same person without her report
    {**INTAKE, "person": {**INTAKE["person"], "birth": "1999"}},  # other details
]


@pytest.mark.parametrize("other", OTHER_BODIES, ids=["report", "no report", "details"])
def test_the_same_key_on_another_body_is_refused_and_writes_nothing(
    users: dict[str, User], other: Any
) -> None:
    client = _api(users["caseworker"])
    first = _post(client, "/api/persons/", INTAKE)
    assert first.status_code == 201, first.content
    counts = (Person.objects.count(), Report.objects.count(), AuditEvent.objects.count())
    refused = _post(client, "/api/persons/", other)
    assert refused.status_code == 422, refused.content
    assert "Idempotency-Key" in refused.json()["detail"]
    assert (Person.objects.count(), Report.objects.count(), AuditEvent.objects.count()) == counts
    # The first body under the key still answers as the first time.
    again = _post(client, "/api/persons/", INTAKE)
    assert again.status_code == 201 and again.json() == first.json()
    assert Person.objects.count() == 1


def test_the_refusal_is_in_the_readers_language(users: dict[str, User]) -> None:
    client = _api(users["caseworker"])
    _post(client, "/api/persons/", INTAKE)
    refused = _post(client, "/api/persons/", OTHER_BODIES[0], HTTP_ACCEPT_LANGUAGE="ar")
    assert refused.status_code == 422 and not refused.json()["detail"].isascii()


def test_the_same_key_on_another_report_is_refused(users: dict[str, User]) -> None:
    person = report_person(users["coordinator"], **KHALIL_LATIN).person
    client = _api(users["coordinator"])
    path = f"/api/persons/{person.pk}/reports/"
    assert _post(client, path, {"reporter_name": "Saeed"}).status_code == 201
    refused = _post(client, path, {"reporter_name": "Leyla"})
    assert refused.status_code == 422, refused.content
    assert Report.objects.filter(person=person).count() == 2
    # The key belongs to its address: the same key on the intake is another request.
    assert _post(client, "/api/persons/", INTAKE).status_code == 201


def test_what_is_kept_of_a_key_holds_neither_the_key_nor_the_body(
    users: dict[str, User],
) -> None:
    from safepassage.api.models import IdempotencyKey

    _post(_api(users["caseworker"]), "/api/persons/", INTAKE)
    (row,) = IdempotencyKey.objects.values()
    text = " ".join(str(v) for v in row.values())
    for plain in (KEY, "Nadia", "Hesen", "0199", str(users["caseworker"].pk)):
        assert plain not in text


def test_a_body_refused_as_invalid_leaves_the_key_free(users: dict[str, User]) -> None:
    """Nothing was saved, so the corrected request under the same key is saved."""
    client = _api(users["caseworker"])
    bad = {"person": {**INTAKE["person"], "sex": "x"}, "report": INTAKE["report"]}
    assert _post(client, "/api/persons/", bad).status_code == 400
    assert _post(client, "/api/persons/", INTAKE).status_code == 201
    assert Person.objects.count() == 1


@pytest.mark.parametrize("key", ["", " ", "x" * 256, "naïve-key"])
def test_a_key_that_cannot_be_one_is_refused(users: dict[str, User], key: str) -> None:
    client = _api(users["caseworker"])
    response = _post(client, "/api/persons/", INTAKE, key=key, HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 400, response.content
    assert not response.json()["detail"].isascii()
    assert Person.objects.count() == 0


def test_the_schema_offers_the_header(users: dict[str, User]) -> None:
    schema = _api(users["coordinator"]).get("/api/schema/?format=json").json()
    for path in ("/api/persons/", "/api/persons/{person_id}/reports/"):
        names = [p["name"] for p in schema["paths"][path]["post"].get("parameters", [])]
        assert "Idempotency-Key" in names, path
        # The refusal of a key reused on another body is documented with the 201.
        assert set(schema["paths"][path]["post"]["responses"]) >= {"201", "422"}, path


def test_a_decoys_person_sent_again_is_kept_once() -> None:
    both = ApiPair.of_role(Role.CASEWORKER)
    for key, body in ((KEY, INTAKE), (OTHER_KEY, {"person": {"given_names": ["Nareen"]}})):
        headers = {"HTTP_IDEMPOTENCY_KEY": key}
        real, answer = both.send("post", "/api/persons/", body, **headers)
        real_again, answer_again = both.send("post", "/api/persons/", body, **headers)
        assert real_again.json()["id"] == real.json()["id"]
        assert answer_again.json()["id"] == answer.json()["id"]
    real, answer = both.send("get", "/api/persons/")
    assert len(answer.json()) == len(real.json()) == 2


def test_a_decoy_is_refused_another_body_under_a_key_as_anyone() -> None:
    both = ApiPair.of_role(Role.CASEWORKER)
    headers = {"HTTP_IDEMPOTENCY_KEY": KEY}
    both.send("post", "/api/persons/", INTAKE, **headers)
    real, answer = both.send("post", "/api/persons/", OTHER_BODIES[0], **headers)
    assert real.status_code == answer.status_code == 422
    assert real.json() == answer.json()
    real, answer = both.send("get", "/api/persons/")
    assert len(answer.json()) == len(real.json()) == 1


def test_a_key_is_kept_for_a_week_and_then_forgotten(users: dict[str, User]) -> None:
    """After a week the key is another request's to use; the first body still saves once."""
    from datetime import timedelta

    from django.utils import timezone

    from safepassage.api.models import IdempotencyKey
    from safepassage.api.tasks import forget_saved_forms

    client = _api(users["caseworker"])
    first = _post(client, "/api/persons/", INTAKE).json()
    week_ago = timezone.now() - timedelta(days=8)
    IdempotencyKey.objects.update(created_at=week_ago)

    # The first body again: still saved once (the save itself holds its digest).
    again = _post(client, "/api/persons/", INTAKE)
    assert again.status_code == 201 and again.json() == first
    assert Person.objects.count() == 1

    # Another body under the forgotten key is a new request, and the key now holds it.
    IdempotencyKey.objects.update(created_at=week_ago)
    other = _post(client, "/api/persons/", OTHER_BODIES[2])
    assert other.status_code == 201, other.content
    assert other.json()["id"] != first["id"] and Person.objects.count() == 2
    assert _post(client, "/api/persons/", INTAKE).status_code == 422

    # The worker's daily task forgets keys older than a week, and keeps the others.
    _post(client, "/api/persons/", INTAKE, key=OTHER_KEY)
    assert IdempotencyKey.objects.count() == 2
    older = IdempotencyKey.objects.order_by("key").first()
    assert older is not None
    IdempotencyKey.objects.filter(pk=older.pk).update(created_at=week_ago)
    assert forget_saved_forms.call() == 1
    assert not IdempotencyKey.objects.filter(pk=older.pk).exists()
    assert IdempotencyKey.objects.count() == 1
