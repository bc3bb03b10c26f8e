"""The arrival reads a typed birth as the tracing intake does, refusing what it would misread."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import translation

from safepassage.accounts.models import Role, User
from safepassage.aftercare.tests.factories import reported_person

pytestmark = pytest.mark.django_db

NAMES = {"given_names": "Xelîl", "father_names": "Hesen", "family_names": "Şingalî"}
ARRIVAL = {**NAMES, "arrived_on": "2024-06-01", "reception_text": "Border post"}


def _errors(html: str) -> str:
    return " ".join(re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', html, re.S))


@pytest.mark.parametrize(
    ("birth", "message"),
    [
        ("2000-1990", "Write the range from the earlier year to the later one: 1990-2000."),
        ("-5", "A birth year or an age cannot be negative."),
    ],
)
def test_a_birth_the_intake_refuses_is_refused_at_the_first_check(
    users: dict[str, User], client_for: Callable[[str], Client], birth: str, message: str
) -> None:
    reported_person(users[Role.COORDINATOR])
    answer = client_for(Role.COORDINATOR).post("/aftercare/arrival/", {**ARRIVAL, "birth": birth})
    assert answer.status_code == 422
    html = answer.content.decode()
    assert message in _errors(html)
    assert 'value="person:' not in html  # no candidates from a misread birth


def test_the_refusal_is_translated(
    users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    client = client_for(Role.COORDINATOR)
    with translation.override("ar"):
        expected = str(translation.gettext("A birth year or an age cannot be negative."))
    assert expected != "A birth year or an age cannot be negative."
    answer = client.post(
        "/aftercare/arrival/", {**ARRIVAL, "birth": "-5"}, HTTP_ACCEPT_LANGUAGE="ar"
    )
    assert answer.status_code == 422
    assert expected in _errors(answer.content.decode())


def test_a_good_range_still_shows_candidates(
    users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    reported_person(users[Role.COORDINATOR])
    answer = client_for(Role.COORDINATOR).post(
        "/aftercare/arrival/", {**ARRIVAL, "birth": "1990-2000"}
    )
    assert answer.status_code == 200
