"""A testimony is kept, and a rescue request recorded, once however often its form is sent.

On a poor link the answer to a save can be lost: she taps the button again, or goes Back and
sends the form again. The same form (its hidden token) opens what it saved and says it was
not saved again. A second testimony would go to investigators twice; a second open request
would wait in the coordinators' queue, and alert them, for nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db.models import Model
from django.test import Client

from safepassage.accounts.models import Role, User
from safepassage.aftercare import models as aftercare
from safepassage.aftercare import services
from safepassage.aftercare.tests.factories import reported_person
from safepassage.tracing.models import Person
from safepassage.verification.models import RescueRequest

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Case:
    address: str  # with {} for her id
    form: dict[str, str]
    mistake: dict[str, str]  # a field that sends the form back with its errors
    status: int  # the answer to a form with errors
    model: type[Model]


CASES = {
    "testimony": Case(
        "/aftercare/persons/{}/testimony/",
        {"account": "Taken to Tal Afar, then sold.", "language": "ar"},
        {"captivity_from": "2015-02-30"},
        422,
        aftercare.Testimony,
    ),
    "rescue request": Case(
        "/verification/persons/{}/request/",
        {"pickup_text": "the old mill at dusk", "network_chosen_meeting_point": "on"},
        {"children_count": "99"},
        400,
        RescueRequest,
    ),
}


def _token(body: str) -> str:
    found = re.search(r'name="submission" value="([^"]+)"', body)
    assert found is not None, "the form carries its token"
    return found.group(1)


def _her(caseworker: User) -> Person:
    person = reported_person(caseworker)
    services.consent_record(
        actor=caseworker, person=person, purpose=aftercare.ConsentPurpose.TESTIMONY, language="ar"
    )
    return person


@pytest.mark.parametrize("kind", CASES)
def test_the_same_form_sent_again_saves_nothing_more(
    kind: str, users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    case = CASES[kind]
    records: Any = case.model._default_manager
    url = case.address.format(_her(users[Role.CASEWORKER]).pk)
    client = client_for(Role.CASEWORKER)

    # A form sent with a mistake comes back with the same token: it has saved nothing yet.
    token = _token(client.get(url).content.decode())
    wrong = client.post(url, {**case.form, **case.mistake, "submission": token})
    assert wrong.status_code == case.status
    assert _token(wrong.content.decode()) == token
    assert not records.exists()

    first = client.post(url, {**case.form, "submission": token})
    assert first.status_code == 302
    again = client.post(url, {**case.form, "submission": token})
    assert again.status_code == 302
    assert again["Location"] == first["Location"]
    assert records.count() == 1
    page = client.get(again["Location"]).content.decode()
    assert "This form was already saved. It was not saved again." in page

    # A new form (a new token) saves anew.
    fresh = _token(client.get(url).content.decode())
    assert fresh != token
    assert client.post(url, {**case.form, "submission": fresh}).status_code == 302
    assert records.count() == 2
