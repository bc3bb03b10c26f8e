"""The manual status change offers and accepts only the statuses set by hand; the others
(rescue planned, in transit, arrived, reunited) follow the flows that record the event."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from safepassage.accounts.models import User
from safepassage.accounts.permissions import ActionRefused
from safepassage.accounts.services import api_token_create, grant_create
from safepassage.audit.models import AuditEvent
from safepassage.tracing import services as tracing_services
from safepassage.tracing.journey import MANUAL_STATUSES
from safepassage.tracing.models import Person, StatusChange
from safepassage.tracing.services import person_set_status, person_status_change
from safepassage.tracing.tests.conftest import KHALIL_LATIN, report_person

pytestmark = pytest.mark.django_db

FLOW_MESSAGES = {
    "rescue_planned": "when an operation with her on it is approved (Operations page)",
    "in_transit": "when an operation with her on it starts (Operations page)",
    "arrived": "Arrival is recorded at reception (Arrival page).",
    "reunited": "The reunion is recorded with her family on her care page",
}


def _person(actor: User) -> Person:
    return report_person(actor, **KHALIL_LATIN).person


def _state(person: Person) -> tuple[str, int, int, int]:
    person.refresh_from_db()
    return (
        person.status,
        person.version,
        StatusChange.objects.filter(person=person).count(),
        AuditEvent.objects.filter(action__startswith="status.").count(),
    )


def _api(user: User) -> Client:
    _, token = api_token_create(actor=None, user=user)
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def _messages(response_html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", response_html))


def test_a_caseworker_sets_every_status_set_by_hand(users) -> None:
    caseworker = users["caseworker"]
    person = _person(caseworker)  # she entered the record, so she may write it
    for status in ("contact", "located", "missing", "deceased", "closed", "missing"):
        person_status_change(actor=caseworker, person=person, status=status, reason="Why.")
    person.refresh_from_db()
    assert person.status == "missing"
    assert [c.to_status for c in StatusChange.objects.filter(person=person)] == [
        "missing",
        "contact",
        "located",
        "missing",
        "deceased",
        "closed",
        "missing",
    ]


@pytest.mark.parametrize("status", sorted(FLOW_MESSAGES))
def test_a_flow_status_is_refused_by_hand_naming_the_flow(users, status: str) -> None:
    person = _person(users["coordinator"])
    before = _state(person)
    with pytest.raises(ValidationError) as refused:
        person_status_change(
            actor=users["coordinator"], person=person, status=status, reason="Set by hand."
        )
    assert FLOW_MESSAGES[status] in refused.value.message_dict["status"][0]
    assert _state(person) == before


def test_an_unknown_status_is_refused(users) -> None:
    person = _person(users["coordinator"])
    before = _state(person)
    with pytest.raises(ValidationError) as refused:
        person_status_change(actor=users["coordinator"], person=person, status="gone", reason="x")
    assert refused.value.message_dict["status"] == ["Choose a status from the list."]
    assert _state(person) == before


@pytest.mark.parametrize(
    ("status", "message"),
    [
        ("closed", "Say why the case is reopened."),
        ("deceased", "Say why her recorded death is set aside."),
        ("located", "Say why the status changes."),
    ],
)
def test_leaving_a_status_needs_a_reason(users, status: str, message: str) -> None:
    coordinator = users["coordinator"]
    person = _person(coordinator)
    person_status_change(actor=coordinator, person=person, status=status, reason="Recorded.")
    before = _state(person)
    with pytest.raises(ValidationError) as refused:
        person_status_change(actor=coordinator, person=person, status="missing", reason="  ")
    assert refused.value.message_dict["reason"] == [message]
    assert _state(person) == before


def test_leaving_a_flow_status_by_hand_needs_a_reason_and_is_kept(users) -> None:
    # Reception recorded her arrival; she left the shelter and is sought again.
    coordinator = users["coordinator"]
    person = _person(coordinator)
    person_set_status(actor=coordinator, person=person, status="arrived", reason="Reception.")
    person_status_change(
        actor=coordinator, person=person, status="missing", reason="Left the shelter."
    )
    last = StatusChange.objects.filter(person=person).order_by("changed_at").last()
    assert last is not None
    assert (last.from_status, last.to_status, last.reason) == (
        "arrived",
        "missing",
        "Left the shelter.",
    )


@pytest.mark.parametrize(
    ("role", "granted", "allowed"),
    [
        ("coordinator", False, True),
        ("caseworker", True, True),
        ("caseworker", False, False),
        ("liaison", True, True),
        ("field", True, False),
        ("analyst", True, False),
        ("auditor", True, False),
        ("administrator", True, False),
    ],
)
def test_who_may_change_a_status(users, role: str, granted: bool, allowed: bool) -> None:
    person = _person(users["coordinator"])
    if granted:
        grant_create(actor=None, user=users[role], obj=person, reason="Her case.")
    before = _state(person)
    if allowed:
        person_status_change(actor=users[role], person=person, status="contact", reason="Call.")
        assert _state(person)[0] == "contact"
    else:
        with pytest.raises(ActionRefused):
            person_status_change(actor=users[role], person=person, status="contact", reason="Call.")
        assert _state(person) == before


def test_the_page_offers_only_the_statuses_set_by_hand(users, client_for) -> None:
    person = _person(users["coordinator"])
    html = client_for("coordinator").get(f"/persons/{person.pk}/").content.decode()
    form = html[html.index('name="status"') :]
    form = form[: form.index("</select>")]
    assert re.findall(r'<option value="([^"]*)"', form) == [
        "missing",
        "contact",
        "located",
        "deceased",
        "closed",
    ]
    assert "set by the operation, reception and reunion records" in html


@pytest.mark.parametrize("status", ["arrived", "in_transit", "reunited", "rescue_planned"])
def test_the_page_refuses_a_flow_status_with_its_message(users, client_for, status) -> None:
    person = _person(users["coordinator"])
    before = _state(person)
    client = client_for("coordinator")
    answer = client.post(
        f"/persons/{person.pk}/status/", {"status": status, "reason": "By hand."}, follow=True
    )
    assert answer.status_code == 200
    assert FLOW_MESSAGES[status] in _messages(answer.content.decode())
    assert _state(person) == before


def test_the_page_changes_a_status_set_by_hand(users, client_for) -> None:
    person = _person(users["coordinator"])
    answer = client_for("coordinator").post(
        f"/persons/{person.pk}/status/", {"status": "deceased", "reason": "Confirmed by a witness."}
    )
    assert answer.status_code == 302
    person.refresh_from_db()
    assert person.status == "deceased"


@pytest.mark.parametrize(
    ("role", "code"),
    [("field", 404), ("analyst", 404), ("auditor", 404), ("administrator", 404)],
)
def test_the_page_refuses_roles_without_case_writing(users, client_for, role, code) -> None:
    person = _person(users["coordinator"])
    grant_create(actor=None, user=users[role], obj=person, reason="Her case.")
    before = _state(person)
    answer = client_for(role).post(
        f"/persons/{person.pk}/status/", {"status": "contact", "reason": "Call."}
    )
    assert answer.status_code == code
    assert _state(person) == before


def test_the_api_obeys_the_same_rule(users) -> None:
    coordinator = users["coordinator"]
    person = _person(coordinator)
    client = _api(coordinator)
    before = _state(person)
    refused = client.post(
        f"/api/persons/{person.pk}/status/",
        {"status": "arrived", "reason": "By hand."},
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert "Arrival is recorded at reception (Arrival page)." in refused.content.decode()
    assert _state(person) == before
    closed = client.post(
        f"/api/persons/{person.pk}/status/",
        {"status": "closed", "reason": "The family withdrew the report."},
        content_type="application/json",
    )
    assert closed.status_code == 200 and closed.json()["to_status"] == "closed"
    reopened = client.post(
        f"/api/persons/{person.pk}/status/",
        {"status": "missing", "reason": "She called her brother."},
        content_type="application/json",
    )
    assert reopened.status_code == 200 and reopened.json()["from_status"] == "closed"


def _schema_ref(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def test_the_api_schema_offers_only_the_statuses_set_by_hand(client_for) -> None:
    schema = client_for("coordinator").get("/api/schema/?format=json").json()
    post = schema["paths"]["/api/persons/{person_id}/status/"]["post"]
    body = _schema_ref(schema, post["requestBody"]["content"]["application/json"]["schema"])
    status = _schema_ref(schema, body["properties"]["status"])
    assert status["enum"] == ["missing", "contact", "located", "deceased", "closed"]
    assert status["enum"] == list(MANUAL_STATUSES)


def test_a_status_outside_them_is_refused_by_validation_before_the_service(
    users, monkeypatch
) -> None:
    coordinator = users["coordinator"]
    person = _person(coordinator)
    client = _api(coordinator)
    before = _state(person)

    def reached(**_: object) -> None:
        raise AssertionError("validation let the value through to the service")

    monkeypatch.setattr(tracing_services, "person_status_change", reached)
    answers = {
        value: client.post(
            f"/api/persons/{person.pk}/status/",
            {"status": value, "reason": "By hand."},
            content_type="application/json",
        )
        for value in (*FLOW_MESSAGES, "lost", "", "MISSING")
    }
    assert {value: answer.status_code for value, answer in answers.items()} == dict.fromkeys(
        answers, 400
    )
    for value, expected in FLOW_MESSAGES.items():
        [message] = answers[value].json()["status"]
        assert expected in message
    for value in ("lost", "", "MISSING"):
        assert answers[value].json() == {"status": [f'"{value}" is not a valid choice.']}
    assert _state(person) == before
