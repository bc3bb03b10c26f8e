"""The arrival form: every field error at the first check; a form sent again says so."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client

from safepassage.accounts.models import Role, User
from safepassage.aftercare.models import Arrival
from safepassage.aftercare.tests.factories import reported_person
from safepassage.tracing.models import Person, PersonStatus

pytestmark = pytest.mark.django_db

NAMES = {"given_names": "Xelîl", "father_names": "Hesen", "family_names": "Şingalî"}


def _submission(html: str) -> str:
    found = re.search(r'name="submission" value="([^"]+)"', html)
    assert found is not None, "the form carries its submission token"
    return found.group(1)


def _errors(html: str) -> str:
    return " ".join(re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', html, re.S))


def test_first_check_shows_the_future_date_and_the_missing_reception_point_together(
    users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    reported_person(users[Role.COORDINATOR])
    client = client_for(Role.COORDINATOR)
    answer = client.post(
        "/aftercare/arrival/", {**NAMES, "arrived_on": "2999-01-01", "decision": "check"}
    )
    assert answer.status_code == 422
    errors = _errors(answer.content.decode())
    assert "The date of arrival cannot be in the future." in errors
    assert "Choose the reception point, or describe where she arrived." in errors
    # No candidates yet: the errors come first, and nothing is written.
    assert 'value="person:' not in answer.content.decode()
    assert not Arrival.objects.exists()


def test_form_and_reception_errors_come_together(
    users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    client = client_for(Role.COORDINATOR)
    answer = client.post("/aftercare/arrival/", {"arrived_on": "2999-01-01", "birth": "x"})
    assert answer.status_code == 422
    html = answer.content.decode()
    assert "Enter at least one of her names, as she gives it." in html
    errors = _errors(html)
    assert "Give a birth year" in errors
    assert "cannot be in the future" in errors
    assert "Choose the reception point" in errors


def test_an_invalid_date_is_reported_once(client_for: Callable[[str], Client]) -> None:
    answer = client_for(Role.COORDINATOR).post(
        "/aftercare/arrival/", {**NAMES, "arrived_on": "2024-02-30", "reception_text": "Post"}
    )
    assert answer.status_code == 422
    errors = _errors(answer.content.decode())
    assert errors.count("Enter a valid date") == 1
    assert "YYYY-MM-DD" not in errors


def test_a_good_first_check_shows_candidates(
    users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    person = reported_person(users[Role.COORDINATOR])
    answer = client_for(Role.COORDINATOR).post(
        "/aftercare/arrival/",
        {**NAMES, "arrived_on": "2024-06-01", "reception_text": "Border post"},
    )
    assert answer.status_code == 200
    assert f'value="person:{person.pk}"' in answer.content.decode()


@pytest.mark.parametrize("again", ["new", "check", "person"])
def test_sending_the_same_form_again_links_to_her_care_page(
    again: str, users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    person = reported_person(users[Role.COORDINATOR])
    client = client_for(Role.COORDINATOR)
    token = _submission(client.get("/aftercare/arrival/").content.decode())
    form = {**NAMES, "arrived_on": "2024-06-01", "reception_text": "Border post"}
    checked = client.post("/aftercare/arrival/", {**form, "submission": token})
    assert _submission(checked.content.decode()) == token  # the same form, checked
    done = client.post(
        "/aftercare/arrival/",
        {**form, "submission": token, "checked": "1", "decision": f"person:{person.pk}"},
    )
    assert done.status_code == 302
    people = Person.objects.count()
    # Back, and the same form sent again (a new person, a new check, the same person).
    decision = {"new": "new", "check": "check", "person": f"person:{person.pk}"}[again]
    answer = client.post(
        "/aftercare/arrival/", {**form, "submission": token, "checked": "1", "decision": decision}
    )
    assert answer.status_code == 422
    html = answer.content.decode()
    assert "This arrival is already recorded." in html
    assert f'href="/aftercare/persons/{person.pk}/"' in html
    assert 'value="person:' not in html and 'value="new"' not in html
    assert Arrival.objects.count() == 1 and Person.objects.count() == people
    # A fresh form is a fresh arrival: it checks as usual.
    fresh = client.get("/aftercare/arrival/").content.decode()
    assert _submission(fresh) != token and "already recorded" not in fresh


def test_another_form_for_a_woman_already_received_links_to_her_care_page(
    users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    person = reported_person(users[Role.COORDINATOR])
    client = client_for(Role.COORDINATOR)
    form = {**NAMES, "arrived_on": "2024-06-01", "reception_text": "Border post", "checked": "1"}
    client.post("/aftercare/arrival/", {**form, "decision": f"person:{person.pk}"})
    assert Person.objects.get(pk=person.pk).status == PersonStatus.ARRIVED
    answer = client.post("/aftercare/arrival/", {**form, "decision": f"person:{person.pk}"})
    assert answer.status_code == 422
    html = answer.content.decode()
    assert "This arrival is already recorded." in html
    assert f'href="/aftercare/persons/{person.pk}/"' in html
    assert Arrival.objects.count() == 1


def test_a_forged_submission_token_is_replaced(client_for: Callable[[str], Client]) -> None:
    answer = client_for(Role.COORDINATOR).post(
        "/aftercare/arrival/", {**NAMES, "submission": '"><script>', "arrived_on": "x"}
    )
    html = answer.content.decode()
    assert "<script>" not in html and re.fullmatch(r"[A-Za-z0-9_-]{16,64}", _submission(html))
