"""A decoy's pretend person's location reports answer like a real person's, and show nothing
of the network.

The "Add a location report" link on her page and the "Location reports" link on her rescue
request's page open her location reports page as for a real person; its form checks a new
report as a real save does, answers as one, keeps it in the decoy's session only, and lists
it; nothing real is written, and no member, place, holder or report of the network shows.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from safepassage.accounts.models import Grant, Role
from safepassage.audit.models import AuditEvent
from safepassage.conftest import decoy_client, make_user, sign_in
from safepassage.intel.models import LocationReport
from safepassage.intel.tests.factories import make_holder, make_member, make_place
from safepassage.operations.models import Alert
from safepassage.tests.decoy import ID, REPORT
from safepassage.tests.decoy import queued_messages as _texts
from safepassage.tracing.models import Contact, Person
from safepassage.verification.models import Assessment, RescueRequest

pytestmark = pytest.mark.django_db

Response = Any

DURESS = "blue-river-duress-77"
ROLES = [Role.COORDINATOR, Role.CASEWORKER, Role.LIAISON]
ERRORS = re.compile(r'<ul class="errorlist[^"]*"[^>]*>.*?</ul>', re.S)
FIELDS = re.compile(r'name="([a-z_]+)"')


def _counts() -> dict[str, int]:
    models = (Person, Contact, LocationReport, RescueRequest, Assessment, Alert, Grant, AuditEvent)
    return {model.__name__: model.objects.count() for model in models}


def _real(role: str) -> Client:
    client = Client()
    sign_in(client, make_user(f"real-{role}", role))
    return client


def _decoy(role: str) -> Client:
    return decoy_client(make_user(f"watched-{role}", role), DURESS)


def _new_person(client: Client) -> str:
    assert client.post("/persons/new/", {**REPORT, "decision": "check"}).status_code == 200
    answer = client.post("/persons/new/", {**REPORT, "decision": "new", "checked": "1"})
    assert answer.status_code == 302
    return str(answer["Location"]).split("/")[2]


def _reports_page(person_id: str) -> str:
    return f"/intel/persons/{person_id}/location-reports/"


def _contact(client: Client, person_id: str) -> str:
    """Log a contact with her; the id of that contact as her location report form offers it."""
    when = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    answer = client.post(
        f"/persons/{person_id}/contacts/new/",
        {"occurred_at": when, "channel": "phone", "location_said": "A farm"},
    )
    assert answer.status_code == 302
    form = client.get(_reports_page(person_id)).content.decode()
    found = re.search(r'name="source_contact"[^>]*>.*?<option value="([0-9a-f-]{36})"', form, re.S)
    assert found is not None
    return found.group(1)


@pytest.mark.parametrize("role", ROLES)
def test_the_links_to_her_location_reports_open_as_for_a_real_person(role: str) -> None:
    real, decoy = _real(role), _decoy(role)
    real_id, person_id = _new_person(real), _new_person(decoy)
    page = decoy.get(f"/persons/{person_id}/").content.decode()
    assert _reports_page(person_id) in page  # "Add a location report"
    real_list, pretend_list = real.get(_reports_page(real_id)), decoy.get(_reports_page(person_id))
    assert pretend_list.status_code == real_list.status_code == 200
    assert FIELDS.findall(pretend_list.content.decode()) == FIELDS.findall(
        real_list.content.decode()
    )
    assert "No location reports." in pretend_list.content.decode()


def test_a_location_report_is_checked_saved_and_listed_as_a_real_one_and_writes_nothing() -> None:
    coordinator = make_user("network-coordinator", Role.COORDINATOR)
    make_place(coordinator, "Tel Qasab")
    make_holder(coordinator, "Abu Hamza")
    make_member(coordinator, "wren")
    real, decoy = _real(Role.COORDINATOR), _decoy(Role.COORDINATOR)
    real_id, person_id = _new_person(real), _new_person(decoy)
    real_contact, contact = _contact(real, real_id), _contact(decoy, person_id)
    # A rescue request before the report: the report has it assessed again.
    request = {"pickup_text": "The crossroads by the old mill", "urgency_claimed": "on"}
    real_request = real.post(f"/verification/persons/{real_id}/request/", request)["Location"]
    pretend_request = decoy.post(f"/verification/persons/{person_id}/request/", request)["Location"]
    html = decoy.get(pretend_request).content.decode()
    assert _reports_page(person_id) in html  # its "Location reports" link
    assert decoy.get(_reports_page(person_id)).status_code == 200

    # Nothing of the network is offered to the decoy (the real coordinator sees it all).
    real_form = real.get(_reports_page(real_id)).content.decode()
    form = decoy.get(_reports_page(person_id)).content.decode()
    for name in ("Tel Qasab", "Abu Hamza", "wren"):
        assert name in real_form and name not in form

    def both(data: dict[str, Any]) -> tuple[Response, Response]:
        real_answer = real.post(
            _reports_page(real_id),
            {**data, "source_contact": real_contact} if "source_contact" in data else data,
        )
        counted = _counts()
        answer = decoy.post(_reports_page(person_id), data)
        assert _counts() == counted  # no row, no audit event, no assessment, no alert
        assert answer.status_code == real_answer.status_code
        if answer.status_code == 302:
            assert ID.sub("ID", answer["Location"]) == ID.sub("ID", real_answer["Location"])
            assert _texts(answer) == _texts(real_answer)
        else:
            assert ERRORS.findall(answer.content.decode()) == ERRORS.findall(
                real_answer.content.decode()
            )
        return real_answer, answer

    graded = {"source_reliability": "C", "info_credibility": "3"}
    bad: list[dict[str, Any]] = [
        {**graded, "place_text": "A farm by the river"},  # no source
        {**graded, "source_contact": contact},  # nowhere
        {**graded, "source_contact": contact, "place_text": "x", "held_since": "2999-01-01"},
        {**graded, "source_contact": contact, "place_text": "x", "held_since": "1990-01-01"},
        {**graded, "source_contact": contact, "latitude": "91", "longitude": "10"},
        {"source_contact": contact, "place_text": "x", "source_reliability": "Z"},
    ]
    for data in bad:
        _real_answer, answer = both(data)
        assert answer.status_code == 400, data
    # A place, a holder or a member of the network: not a choice the decoy has.
    for field, model_name in (("place", "Tel Qasab"), ("holder", "Abu Hamza")):
        chosen = re.search(
            rf'name="{field}"[^>]*>.*?<option value="([0-9a-f-]{{36}})">[^<]*{model_name}',
            real_form,
            re.S,
        )
        assert chosen is not None
        counted = _counts()
        answer = decoy.post(
            _reports_page(person_id),
            {**graded, "source_contact": contact, "place_text": "x", field: chosen.group(1)},
        )
        assert answer.status_code == 400 and _counts() == counted
        assert model_name not in answer.content.decode()
    assert "No location reports." in decoy.get(_reports_page(person_id)).content.decode()

    good = {
        **graded,
        "source_contact": contact,
        "place_text": "A farm by the river",
        "held_since": "2024-01-01",
        "children_count": "2",
    }
    _real_answer, answer = both(good)
    assert answer.status_code == 302 and _texts(answer) == ["Saved."]
    listed = decoy.get(_reports_page(person_id)).content.decode()
    assert "A farm by the river" in listed and ">C3</abbr>" in listed
    assert "No location reports." not in listed
    assert "A farm by the river" in decoy.get(f"/persons/{person_id}/").content.decode()
    # Corroborated by a report from her own contacts: the real refusal (the same source).
    report_id = re.search(
        r'name="corroborated_by"[^>]*>.*?<option value="([0-9a-f-]{36})"', listed, re.S
    )
    real_report = re.search(
        r'name="corroborated_by"[^>]*>.*?<option value="([0-9a-f-]{36})"',
        real.get(_reports_page(real_id)).content.decode(),
        re.S,
    )
    assert report_id is not None and real_report is not None
    real_answer = real.post(
        _reports_page(real_id),
        {**good, "source_contact": real_contact, "corroborated_by": real_report.group(1)},
    )
    counted = _counts()
    answer = decoy.post(_reports_page(person_id), {**good, "corroborated_by": report_id.group(1)})
    assert _counts() == counted
    assert answer.status_code == real_answer.status_code == 400
    assert "same source" in answer.content.decode()
    assert ERRORS.findall(answer.content.decode()) == ERRORS.findall(real_answer.content.decode())

    # Her pretend request was assessed again on it, to what a real one comes to.
    real_detail = real.get(real_request).content.decode()
    detail = decoy.get(pretend_request).content.decode()
    factors = re.compile(r'data-code="([a-z_]+)"')
    assert factors.findall(detail) == factors.findall(real_detail)
    totals = re.compile(r'id="total">(\d+)<')
    assert totals.findall(detail) == totals.findall(real_detail)
    assert "Earlier assessments" in detail

    # Only the real account's save reached the table.
    assert LocationReport.objects.count() == 1


def test_another_session_or_a_real_account_finds_nothing_of_it() -> None:
    decoy = _decoy(Role.CASEWORKER)
    person_id = _new_person(decoy)
    contact = _contact(decoy, person_id)
    decoy.post(
        _reports_page(person_id),
        {
            "source_contact": contact,
            "place_text": "A farm by the river",
            "source_reliability": "C",
            "info_credibility": "3",
        },
    )
    other = decoy_client(make_user("watched-too", Role.CASEWORKER), DURESS)
    for client in (other, _real(Role.COORDINATOR)):
        assert client.get(_reports_page(person_id)).status_code == 404
    # An id that is not one of its pretend persons is not found, as for anyone.
    real_person = Person.objects.create(given_names=["Berfin"], sex="f")
    assert decoy.get(_reports_page(str(real_person.pk))).status_code == 404
    assert LocationReport.objects.count() == 0
