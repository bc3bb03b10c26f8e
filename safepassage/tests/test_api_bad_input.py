"""Input the API cannot use (a body, a header, a query): each gets a 4xx with a message in
the reader's language, and nothing is written (a JSON parser or a view that meets a shape it
did not expect must not answer with a server error)."""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps
from django.test import Client

from safepassage.accounts.models import User
from safepassage.accounts.services import api_token_create
from safepassage.tracing.tests.conftest import KHALIL_LATIN, report_person

pytestmark = pytest.mark.django_db


def _api(user: User, **headers: Any) -> Client:
    _, plain = api_token_create(actor=None, user=user)
    return Client(HTTP_AUTHORIZATION=f"Bearer {plain}", **headers)


def _row_counts() -> dict[str, int]:
    """Rows of every table of the project but the audit log (a read is audited too)."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model.__module__.startswith("safepassage.") and model._meta.label != "audit.AuditEvent"
    }


def test_deeply_nested_json_is_refused(users: dict[str, User]) -> None:
    client = _api(users["coordinator"], HTTP_ACCEPT_LANGUAGE="ar")
    before = _row_counts()
    for body in ("[" * 100_000 + "]" * 100_000, '{"a":' * 100_000 + "1" + "}" * 100_000):
        for path in ("/api/persons/", "/api/persons/match/", "/api/intel/places/"):
            response = client.post(path, body, content_type="application/json")
            assert response.status_code == 400, (path, response.status_code)
            detail = response.json()["detail"]
            assert detail and not detail.isascii(), detail  # in Arabic, as she asked
    assert _row_counts() == before


def test_json_that_does_not_parse_is_refused_in_her_language(users: dict[str, User]) -> None:
    client = _api(users["coordinator"], HTTP_ACCEPT_LANGUAGE="ar")
    response = client.post("/api/persons/", '{"person": ', content_type="application/json")
    assert response.status_code == 400
    assert not response.json()["detail"].isascii()


@pytest.mark.parametrize("body", ["[]", "1", '"text"', "null", "true"])
def test_a_report_body_that_is_no_object_is_refused(users: dict[str, User], body: str) -> None:
    person = report_person(users["coordinator"], **KHALIL_LATIN).person
    client = _api(users["coordinator"])
    before = _row_counts()
    response = client.post(
        f"/api/persons/{person.pk}/reports/", body, content_type="application/json"
    )
    assert response.status_code == 400, response.content
    assert response.json()
    assert _row_counts() == before


def _in_arabic(response: Any) -> str:
    body = response.json()
    text = " ".join(str(v) for v in (body.values() if isinstance(body, dict) else body))
    assert text and not text.isascii(), text
    return text


def test_token_refusals_are_in_her_language(users: dict[str, User]) -> None:
    for header in ("Bearer sp_nothing_here", "Token abc", "Bearer"):
        response = Client(HTTP_AUTHORIZATION=header, HTTP_ACCEPT_LANGUAGE="ar").get("/api/me/")
        assert response.status_code == 401
        _in_arabic(response)


def test_version_refusals_are_in_her_language(users: dict[str, User]) -> None:
    person = report_person(users["coordinator"], **KHALIL_LATIN).person
    client = _api(users["coordinator"], HTTP_ACCEPT_LANGUAGE="ar")
    path = f"/api/persons/{person.pk}/"
    change = {"community": "Kocho"}
    cases: list[tuple[dict[str, Any], dict[str, Any], int]] = [
        ({}, change, 428),
        ({"HTTP_IF_MATCH": "*"}, change, 428),
        ({"HTTP_IF_MATCH": "three"}, change, 400),
        ({"HTTP_IF_MATCH": '"1"'}, {**change, "version": 2}, 400),
    ]
    for headers, body, code in cases:
        response = client.patch(path, body, content_type="application/json", **headers)
        assert response.status_code == code, response.content
        _in_arabic(response)
    person.refresh_from_db()
    assert person.community == "" and person.version == 1


def test_place_query_refusal_is_in_her_language(users: dict[str, User]) -> None:
    client = _api(users["coordinator"], HTTP_ACCEPT_LANGUAGE="ar")
    response = client.get("/api/intel/places/?lat=36.3")
    assert response.status_code == 400
    _in_arabic(response)


def test_a_reporters_language_is_one_the_intake_page_offers(users: dict[str, User]) -> None:
    client = _api(users["coordinator"], HTTP_ACCEPT_LANGUAGE="ar")
    report = {"reporter_name": "Nadia", "preferred_language": "xx"}
    intake = {"person": {"given_names": ["Xelîl"]}, "report": report}
    response = client.post("/api/persons/", intake, content_type="application/json")
    assert response.status_code == 400, response.content
    _in_arabic(response)
    assert apps.get_model("tracing.Person").objects.count() == 0
    report["preferred_language"] = "kmr"
    assert client.post("/api/persons/", intake, content_type="application/json").status_code == 201
