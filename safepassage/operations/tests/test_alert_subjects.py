"""Alerts name and link the record they are about, on need-to-know, in the viewer's language."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import translation

from safepassage.accounts.models import Role, User
from safepassage.accounts.services import grant_create
from safepassage.intel.services import member_set_status
from safepassage.operations.alert_messages import alert_text
from safepassage.operations.models import Alert
from safepassage.operations.selectors import alert_rows
from safepassage.operations.services import alert_raise
from safepassage.verification.models import RescueRequest
from safepassage.verification.tests.factories import (
    make_contact,
    make_member,
    make_person,
    make_request,
)

pytestmark = pytest.mark.django_db
NAME = "Şêrîn"
DURESS_TEXT = (
    "Duress word used in a contact: she may be forced to call. Do not act on this contact; "
    "review the case."
)


@pytest.fixture
def raised(users: dict[str, User]) -> dict[str, Alert]:
    coordinator = users[Role.COORDINATOR]
    person = make_person(given_names=[NAME])
    # As tracing raises it when a contact is logged with the duress word.
    duress = alert_raise(kind="danger", message=DURESS_TEXT, subject=person)
    make_contact(person, auth_outcome="failed", duress_word_used=True)
    make_request(coordinator, person)
    member = make_member(coordinator, "kite")
    member_set_status(actor=coordinator, member=member, status="compromised", reason="taken")
    return {
        "duress": duress,
        "approval": Alert.objects.get(kind="approval"),
        "member": Alert.objects.get(subject_type="intel.Member"),
    }


def test_dashboard_alerts_link_and_name_their_subjects(
    raised: dict[str, Alert], client_for: Callable[[str], Client]
) -> None:
    person = RescueRequest.objects.get().person
    rescue = RescueRequest.objects.get()
    member_id = raised["member"].subject_id
    for page in ("/", "/alerts/panel/"):
        html = client_for(Role.COORDINATOR).get(page).content.decode()
        assert html.count(NAME) == 2, page  # the duress alert and the approval alert
        assert f'href="/persons/{person.pk}/"' in html
        assert f'href="/verification/requests/{rescue.pk}/"' in html
        assert f'href="/intel/members/{member_id}/"' in html and ">kite<" in html
        assert "Member kite is now Compromised" in html
        assert "scored" in html and DURESS_TEXT in html


@pytest.mark.parametrize(
    "role", [Role.CASEWORKER, Role.LIAISON, Role.FIELD, Role.ANALYST, Role.AUDITOR]
)
def test_other_roles_see_no_alerts_at_all(
    role: str, raised: dict[str, Alert], client_for: Callable[[str], Client]
) -> None:
    client = client_for(role)
    assert NAME not in client.get("/").content.decode()
    assert client.get("/alerts/panel/").status_code == 404
    assert client.get("/api/alerts/").status_code in (403, 404)


def test_subjects_are_shown_only_on_need_to_know(
    raised: dict[str, Alert], users: dict[str, User]
) -> None:
    coordinator, caseworker = users[Role.COORDINATOR], users[Role.CASEWORKER]
    alerts = list(raised.values())
    full = {str(r.alert.pk): r.subject for r in alert_rows(user=coordinator, alerts=alerts)}
    assert all(full.values())
    assert full[str(raised["duress"].pk)].person is not None  # type: ignore[union-attr]
    # Someone without grants gets the alerts' text but no subject (nor its existence).
    assert all(r.subject is None for r in alert_rows(user=caseworker, alerts=alerts))
    # Granted the rescue request only: it is linked, without her name.
    rescue = RescueRequest.objects.get()
    grant_create(actor=coordinator, user=caseworker, obj=rescue)
    rows = {str(r.alert.pk): r.subject for r in alert_rows(user=caseworker, alerts=alerts)}
    request_subject = rows[str(raised["approval"].pk)]
    assert request_subject is not None and request_subject.person is None
    assert rows[str(raised["duress"].pk)] is None and rows[str(raised["member"].pk)] is None
    grant_create(actor=coordinator, user=caseworker, obj=rescue.person)
    rows = {str(r.alert.pk): r.subject for r in alert_rows(user=caseworker, alerts=alerts)}
    assert rows[str(raised["duress"].pk)] is not None
    assert rows[str(raised["approval"].pk)].person is not None  # type: ignore[union-attr]
    # A decoy coordinator session sees nothing.
    coordinator.is_decoy = True
    assert all(r.subject is None for r in alert_rows(user=coordinator, alerts=alerts))


def test_api_alerts_carry_their_subject(
    raised: dict[str, Alert], client_for: Callable[[str], Client]
) -> None:
    data = client_for(Role.COORDINATOR).get("/api/alerts/").json()
    by_id = {a["id"]: a for a in data}
    subject = by_id[str(raised["approval"].pk)]["subject"]
    assert subject["type"] == "rescue_request"
    assert subject["id"] == str(RescueRequest.objects.get().pk)
    assert subject["url"] == f"/verification/requests/{subject['id']}/"
    assert by_id[str(raised["member"].pk)]["subject"]["type"] == "member"
    assert by_id[str(raised["member"].pk)]["message"].startswith("Member kite is now")
    assert "<" not in by_id[str(raised["member"].pk)]["message"]


def test_alert_values_are_isolated_on_right_to_left_pages(raised: dict[str, Alert]) -> None:
    member_alert = raised["member"]
    assert member_alert.message_key == "member_status"
    assert member_alert.message_params == {"codename": "kite", "member_status": "compromised"}
    assert "<bdi>" not in alert_text(member_alert)
    with translation.override("ar"):
        text = alert_text(member_alert)
        approval = alert_text(raised["approval"])
    assert "<bdi>kite</bdi>" in text
    assert "<bdi>" in approval
    # The status is stored as a code and shown in the viewer's language.
    assert "Compromised" not in text


def test_a_value_cannot_inject_markup(users: dict[str, User]) -> None:
    alert = alert_raise(
        kind="danger", key="duress_login", params={"username": "<script>x</script>"}
    )
    assert "<script>" not in alert_text(alert) and "&lt;script&gt;" in alert_text(alert)
    assert alert.message == "Duress password used by <script>x</script>. The account is locked."
