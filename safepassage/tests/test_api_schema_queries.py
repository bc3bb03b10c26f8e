"""The schema names every query parameter a list reads, so a client generated from it can
search and filter as the pages do."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from safepassage.accounts.models import Role

pytestmark = pytest.mark.django_db

EXPECTED = {
    "/api/persons/": {"q", "status"},
    "/api/persons/search/": {"q"},
    "/api/intel/holders/": {"q"},
    "/api/verification/requests/": {"waiting"},
    "/api/compromise/{kind}/{subject_id}/": {"format"},
}


def test_every_query_parameter_read_is_in_the_schema(
    client_for: Callable[[str], Client],
) -> None:
    schema = client_for(Role.COORDINATOR).get("/api/schema/?format=json").json()
    for path, names in EXPECTED.items():
        parameters = schema["paths"][path]["get"].get("parameters", [])
        found = {p["name"] for p in parameters if p["in"] == "query"}
        assert found >= names, path


def test_the_compromise_reports_csv_answer_is_in_the_schema(
    client_for: Callable[[str], Client],
) -> None:
    schema = client_for(Role.COORDINATOR).get("/api/schema/?format=json").json()
    answer = schema["paths"]["/api/compromise/{kind}/{subject_id}/"]["get"]["responses"]["200"]
    assert set(answer["content"]) == {"application/json", "text/csv"}
    assert answer["content"]["text/csv"]["schema"] == {"type": "string"}
