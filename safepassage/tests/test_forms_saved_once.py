"""A testimony is kept, a rescue request recorded, and a place, holder, incident or location
report added, once however often its form is sent.

On a poor link the answer to a save can be lost: she taps the button again, or goes Back and
sends the form again. The same form (its hidden token) opens what it saved and says it was
not saved again. A second testimony would go to investigators twice; a second open request
would wait in the coordinators' queue, and alert them, for nothing; a second incident or
location report would count twice in the checks of every open rescue request.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
from django.db.models import Model
from django.test import Client
from django.utils import timezone

from safepassage.accounts.models import Role, User
from safepassage.accounts.services import grant_create
from safepassage.aftercare import models as aftercare
from safepassage.aftercare import services
from safepassage.aftercare.tests.factories import reported_person
from safepassage.api.models import SavedForm
from safepassage.api.tasks import forget_saved_forms
from safepassage.intel import models as intel
from safepassage.intel.tests.factories import make_member
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
    # Fields naming records the form needs (made for the test): given the users.
    needs: Callable[[dict[str, User]], dict[str, str]] = field(default=lambda users: {})


def _a_member_shared(users: dict[str, User]) -> dict[str, str]:
    member = make_member(users[Role.COORDINATOR], "nightjar")
    grant_create(actor=users[Role.COORDINATOR], user=users[Role.CASEWORKER], obj=member)
    return {"source_member": str(member.pk)}


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
    "place": Case(
        "/intel/places/new/",
        {"kind": "village", "names": "Tel Banat", "control": "unknown"},
        {"latitude": "999"},
        400,
        intel.Place,
    ),
    "holder": Case(
        "/intel/holders/", {"names": "Abu Zaydan"}, {"names": "x" * 201}, 400, intel.Holder
    ),
    "incident": Case(
        "/intel/incidents/",
        {"kind": "trap", "occurred_on": "2024-03-01", "description": "A checkpoint waited."},
        {"occurred_on": "2024-02-30"},
        400,
        intel.Incident,
    ),
    "location report": Case(
        "/intel/persons/{}/location-reports/",
        {"place_text": "north farm", "source_reliability": "B", "info_credibility": "2"},
        {"latitude": "999"},
        400,
        intel.LocationReport,
        _a_member_shared,
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
    form = {**case.form, **case.needs(users)}

    # A form sent with a mistake comes back with the same token: it has saved nothing yet.
    token = _token(client.get(url).content.decode())
    wrong = client.post(url, {**form, **case.mistake, "submission": token})
    assert wrong.status_code == case.status
    assert _token(wrong.content.decode()) == token
    assert not records.exists()

    first = client.post(url, {**form, "submission": token})
    assert first.status_code == 302
    again = client.post(url, {**form, "submission": token})
    assert again.status_code == 302
    assert again["Location"] == first["Location"]
    assert records.count() == 1
    page = client.get(again["Location"]).content.decode()
    assert "This form was already saved. It was not saved again." in page

    # A new form (a new token) saves anew.
    fresh = _token(client.get(url).content.decode())
    assert fresh != token
    assert client.post(url, {**form, "submission": fresh}).status_code == 302
    assert records.count() == 2


def test_a_token_is_kept_as_a_keyed_digest_for_a_week(
    users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    case = CASES["place"]
    client = client_for(Role.CASEWORKER)
    token = _token(client.get("/intel/places/new/").content.decode())
    first = client.post("/intel/places/new/", {**case.form, "submission": token})
    assert first.status_code == 302

    kept = SavedForm.objects.get()
    assert token not in (kept.key, kept.address)
    assert kept.address == first["Location"]

    # Nine days later: the worker has not run yet, and the same form saves again.
    SavedForm.objects.update(saved_at=timezone.now() - timedelta(days=9))
    again = client.post("/intel/places/new/", {**case.form, "submission": token})
    assert again.status_code == 302
    assert again["Location"] != first["Location"]
    assert intel.Place.objects.count() == 2
    assert SavedForm.objects.get().address == again["Location"]

    # The worker's daily task forgets tokens older than a week, and keeps the others.
    newer = _token(client.get("/intel/places/new/").content.decode())
    client.post("/intel/places/new/", {**case.form, "submission": newer})
    SavedForm.objects.filter(address=again["Location"]).update(
        saved_at=timezone.now() - timedelta(days=8)
    )
    assert forget_saved_forms.call() == 1
    assert SavedForm.objects.count() == 1  # the newer token
    assert not SavedForm.objects.filter(address=again["Location"]).exists()
