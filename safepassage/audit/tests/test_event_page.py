"""The audit page: readable roles, actions and actors; useful columns first; decoys see none."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client

from safepassage.accounts.models import Role, User
from safepassage.accounts.services import user_set_duress_password
from safepassage.audit.labels import ACTION_LABELS, action_label
from safepassage.audit.services import audit_record, audit_view
from safepassage.conftest import current_code, make_user

pytestmark = pytest.mark.django_db

PACKAGE = Path(__file__).resolve().parents[2]


def _rows(html: str) -> list[str]:
    body = html.split('<table id="events">')[1].split("</table>")[0]
    return re.findall(r"<tr data-action=[^>]*>.*?</tr>", body, re.S)


@pytest.mark.parametrize("role", Role.values)
def test_only_auditors_open_the_page(role: str, client_for: Callable[[str], Client]) -> None:
    expected = 200 if role == Role.AUDITOR else 404
    assert client_for(role).get("/audit/").status_code == expected


def test_roles_actions_and_actors_are_readable(
    users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    caseworker = users[Role.CASEWORKER]
    audit_view(actor=caseworker, objects=[users[Role.ANALYST], users[Role.FIELD]])
    audit_record(actor=None, action="alert.email", object_type="operations.Alert")
    audit_record(actor=caseworker, action="something.new", object_type="x.Y")
    html = client_for(Role.AUDITOR).get("/audit/").content.decode()
    rows = _rows(html)
    listed = next(r for r in rows if 'data-action="view.list"' in r)
    assert "Viewed a list" in listed and caseworker.username in listed and "Caseworker" in listed
    assert ">view.list<" not in listed and ">caseworker<" not in listed
    emailed = next(r for r in rows if 'data-action="alert.email"' in r)
    assert "Alert e-mailed" in emailed and "System" in emailed
    unknown = next(r for r in rows if 'data-action="something.new"' in r)
    assert ">something.new<" in unknown  # no phrase for it: the code itself


def test_the_page_speaks_arabic(
    users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    audit_view(actor=users[Role.CASEWORKER], objects=[users[Role.ANALYST], users[Role.FIELD]])
    client = client_for(Role.AUDITOR)
    client.post("/i18n/setlang/", {"language": "ar"})
    html = client.get("/audit/").content.decode()
    listed = next(r for r in _rows(html) if 'data-action="view.list"' in r)
    assert "Viewed a list" not in listed and "Caseworker" not in listed
    assert users[Role.CASEWORKER].username in listed


def test_useful_columns_come_first(client_for: Callable[[str], Client]) -> None:
    html = client_for(Role.AUDITOR).get("/audit/").content.decode()
    head = html.split('<table id="events"><thead>')[1].split("</thead>")[0]
    assert re.findall(r"<th>(.*?)</th>", head) == ["Time", "Actor", "Action", "Record", "#"]


def test_a_decoy_auditor_sees_no_event_and_no_codename(users: dict[str, User]) -> None:
    owner = make_user("heron", Role.AUDITOR)
    audit_view(actor=users[Role.CASEWORKER], objects=[users[Role.ANALYST], users[Role.FIELD]])
    user_set_duress_password(actor=owner, duress_password="blue-river-duress-77")
    client = Client()
    client.post(
        "/accounts/login/", {"username": owner.username, "password": "blue-river-duress-77"}
    )
    client.post("/accounts/login/code/", {"token": current_code(owner)})
    answer = client.get("/audit/")
    assert answer.status_code == 200
    html = answer.content.decode()
    assert _rows(html) == [] and "No events." in html
    for user in users.values():
        assert user.username not in html
    assert "duress" not in html.lower().replace("duress password", "")
    verified = client.get("/audit/?verify=1").content.decode()
    assert "The chain of 0 events is intact." in verified


def test_every_action_the_code_records_has_a_phrase() -> None:
    codes: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        if "audit_record" not in text:
            continue
        codes |= set(re.findall(r'action="([a-z_]+(?:\.[a-z_]+)*)"', text))
    codes.discard("store_true")  # argparse, not an audit action
    assert {"view", "view.list", "family.notify"} <= codes | {"view", "view.list"}
    assert sorted(codes - set(ACTION_LABELS)) == []
    assert action_label("family.notify") == "Family notified"
    assert action_label("no.such") == "no.such"


@pytest.mark.parametrize("before", ["²", "٣", "9" * 5000, "99999999999999999999999", "-3", "x"])
def test_a_page_cursor_that_is_no_sequence_number_shows_the_newest_events(
    before: str, users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    audit_record(actor=users[Role.CASEWORKER], action="something.new", object_type="x.Y")
    client = client_for(Role.AUDITOR)
    client.raise_request_exception = False
    answer = client.get("/audit/", {"before": before})
    assert answer.status_code == 200
    assert any('data-action="something.new"' in row for row in _rows(answer.content.decode()))


def test_the_page_cursor_still_pages_back(
    users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    first = audit_record(actor=users[Role.CASEWORKER], action="something.new", object_type="x.Y")
    html = client_for(Role.AUDITOR).get("/audit/", {"before": str(first.seq)}).content.decode()
    assert not any('data-action="something.new"' in row for row in _rows(html))
