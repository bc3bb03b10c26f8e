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
    for body in (
        {"reporter_name": "Saeed"},
        {"report": {"reporter_name": "Leyla"}, "person": {"given_names": ["خليل"]}},
    ):
        first = _post(client, path, body)
        assert first.status_code == 201, first.content
        again = _post(client, path, body)
        assert again.status_code == 201 and again.json() == first.json()
    assert Report.objects.filter(person=person).count() == 3


def test_the_key_counts_per_user_and_per_body(users: dict[str, User]) -> None:
    caseworker, coordinator = _api(users["caseworker"]), _api(users["coordinator"])
    first = _post(caseworker, "/api/persons/", INTAKE).json()
    assert _post(coordinator, "/api/persons/", INTAKE).json()["id"] != first["id"]
    other = {**INTAKE, "report": {"reporter_name": "Saeed"}}
    assert _post(caseworker, "/api/persons/", other).json()["id"] != first["id"]
    assert _post(caseworker, "/api/persons/", INTAKE, key=None).json()["id"] != first["id"]
    assert Person.objects.count() == 4


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


def test_a_decoys_person_sent_again_is_kept_once() -> None:
    both = ApiPair.of_role(Role.CASEWORKER)
    headers = {"HTTP_IDEMPOTENCY_KEY": KEY}
    for body in (INTAKE, {"person": {"given_names": ["Nareen"]}}):
        real, answer = both.send("post", "/api/persons/", body, **headers)
        real_again, answer_again = both.send("post", "/api/persons/", body, **headers)
        assert real_again.json()["id"] == real.json()["id"]
        assert answer_again.json()["id"] == answer.json()["id"]
    real, answer = both.send("get", "/api/persons/")
    assert len(answer.json()) == len(real.json()) == 2
