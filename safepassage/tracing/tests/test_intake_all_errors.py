"""The intake shows every error at once: a refused birth does not hide the dates' errors."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from safepassage.accounts.models import Role
from safepassage.tracing.models import Person
from safepassage.tracing.services.persons import birth_parse

pytestmark = pytest.mark.django_db

INTAKE = {
    "given_names": "Berfîn",
    "family_names": "Xelîl",
    "reporter_name": "Hesen",
    "decision": "check",
}


def _errors(html: str) -> str:
    return " ".join(re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', html, re.S))


def test_birth_and_date_errors_come_together(client_for: Callable[[str], Client]) -> None:
    answer = client_for(Role.CASEWORKER).post(
        "/persons/new/",
        {**INTAKE, "birth": "2000-1990", "abducted_on": "1940-05-01", "reported_on": "2099-01-01"},
    )
    errors = _errors(answer.content.decode())
    assert "Write the range from the earlier year to the later one: 1990-2000." in errors
    assert "The date of abduction cannot be before 1950." in errors
    assert "cannot be in the future" in errors  # the report's date
    assert not Person.objects.exists()


def test_a_missing_reporter_does_not_hide_the_date_errors(
    client_for: Callable[[str], Client],
) -> None:
    data = {**INTAKE, "reporter_name": "", "abducted_on": "1940-05-01"}
    errors = _errors(client_for(Role.CASEWORKER).post("/persons/new/", data).content.decode())
    assert "The date of abduction cannot be before 1950." in errors


@pytest.mark.parametrize("birth", ["2090", "2020-2090"])
def test_a_future_birth_year_says_so(birth: str) -> None:
    with pytest.raises(ValidationError) as refused:
        birth_parse(birth)
    assert refused.value.messages == ["The birth year cannot be in the future."]


def test_a_future_birth_year_on_the_intake_page(client_for: Callable[[str], Client]) -> None:
    answer = client_for(Role.CASEWORKER).post("/persons/new/", {**INTAKE, "birth": "2090"})
    errors = _errors(answer.content.decode())
    assert "The birth year cannot be in the future." in errors
    assert "Give a birth year (1998)" not in errors
