"""The person search and the links search send the name by POST, never in the address.

A seized phone's history, the Referer of the next page and a server's log of addresses must
not hold the names searched for: the forms post (with the CSRF token), the page answers with
its results at its plain address, and an old address carrying ``?q=`` runs no search.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.test import Client

from safepassage.accounts.models import Role
from safepassage.audit.models import AuditEvent
from safepassage.conftest import decoy_client, make_user
from safepassage.tests.decoy import DURESS, REPORT
from safepassage.tracing.tests.conftest import KHALIL_LATIN, check_mark, report_person

pytestmark = pytest.mark.django_db

MOVED = "Searches are no longer kept in the page's address"
ROZA: dict[str, Any] = {"given_names": ("Roza",), "family_names": ("Şingalî",)}


def _events() -> int:
    return AuditEvent.objects.count()


def _search_form(html: str) -> str:
    """The page's search form (the one holding the search box)."""
    forms = re.findall(r"<form\b.*?</form>", html, re.S)
    return str(next(f for f in forms if 'name="q"' in f))


def _messages(response: Any) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_the_person_search_posts_and_answers_with_its_results(users, client_for) -> None:
    person = report_person(users["coordinator"], **KHALIL_LATIN).person
    client = client_for("coordinator")
    form = _search_form(client.get("/persons/").content.decode())
    assert re.match(r'<form method="post"', form), form
    assert "csrfmiddlewaretoken" in form
    assert 'autocomplete="off"' in form  # nor kept in the browser's list of typed values

    before = _events()
    response = client.post("/persons/", {"q": "Xelîl", "status": ""})
    assert response.status_code == 200  # the results themselves, no redirect
    assert response["Cache-Control"] == "no-store"  # nor kept in the browser's cache
    html = response.content.decode()
    assert f'href="/persons/{person.pk}/"' in html
    assert 'value="Xelîl"' in _search_form(html)  # the query stays in the box
    assert re.match(r'<form method="post"', _search_form(html))
    # One audit event for the search, naming the person it showed.
    assert _events() == before + 1
    event = AuditEvent.objects.order_by("-seq").first()
    assert event is not None and event.action == "view" and str(person.pk) in event.object_id

    nobody = client.post("/persons/", {"q": "Zzzyx"})
    assert "No one found with that name." in nobody.content.decode()
    assert _events() == before + 1  # nothing shown, nothing audited


def test_an_address_carrying_a_name_runs_no_person_search(users, client_for) -> None:
    report_person(users["coordinator"], **KHALIL_LATIN)
    client = client_for("coordinator")
    before = _events()
    response = client.get("/persons/", {"q": "Xelîl"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Xelîl" not in html and "Şingalî" not in html
    assert 'value=""' in _search_form(html)  # the box is empty
    assert any(MOVED in m for m in _messages(response))
    assert _events() == before  # nothing searched, nothing listed, nothing audited


def test_bad_person_search_input_gets_a_clear_message(users, client_for) -> None:
    report_person(users["coordinator"], **KHALIL_LATIN)
    client = client_for("coordinator")
    before = _events()
    long = client.post("/persons/", {"q": "x" * 201})
    assert long.status_code == 400
    assert "at most 200 characters" in long.content.decode()
    null = client.post("/persons/", {"q": "Xelîl\x00"})
    assert null.status_code == 400 and "Null characters are not allowed." in null.content.decode()
    assert _events() == before
    # Nothing to search for: the list of that status, as the page opens.
    empty = client.post("/persons/", {"q": "  ", "status": "missing"})
    assert empty.status_code == 200 and "Xelîl" in empty.content.decode()
    assert client.post("/persons/", {"q": "", "status": "located"}).status_code == 200
    assert "Xelîl" not in client.post("/persons/", {"q": "", "status": "located"}).content.decode()


def test_the_links_search_posts_and_an_address_carrying_a_name_runs_none(users, client_for) -> None:
    actor = users["coordinator"]
    mother = report_person(actor, **KHALIL_LATIN).person
    child = report_person(actor, reporter="Saeed", **ROZA).person
    client = client_for("coordinator")
    page = f"/persons/{mother.pk}/links/"
    plain = _events()
    form = _search_form(client.get(page).content.decode())
    opened = _events() - plain  # what the page itself audits (her, her links)
    assert re.match(r'<form method="post"', form) and "csrfmiddlewaretoken" in form
    assert 'autocomplete="off"' in form

    before = _events()
    found = client.post(page, {"q": "Roza"})
    assert found.status_code == 200
    html = found.content.decode()
    assert f'name="other" value="{child.pk}"' in html
    assert 'value="Roza"' in _search_form(html)
    assert _events() == before + opened + 1  # the page, and the search once

    before = _events()
    carried = client.get(page, {"q": "Roza"})
    assert carried.status_code == 200 and "Roza" not in carried.content.decode()
    assert any(MOVED in m for m in _messages(carried))
    assert _events() == before + opened  # the page only: no search

    empty = client.post(page, {"q": " "})
    assert empty.status_code == 400 and "Type a name to search." in empty.content.decode()
    long = client.post(page, {"q": "x" * 201})
    assert long.status_code == 400 and "at most 200 characters" in long.content.decode()


def test_a_decoys_person_search_answers_as_a_real_one(client_for) -> None:
    """Same answers, same messages, from its pretend person as from a real one."""
    real = client_for("coordinator")
    decoy = decoy_client(make_user("watched", Role.COORDINATOR), DURESS)
    for client in (real, decoy):
        shown = client.post("/persons/new/", {**REPORT, "decision": "check"})
        saved = client.post(
            "/persons/new/", {**REPORT, "decision": "new", "checked": check_mark(shown)}
        )
        assert saved.status_code == 302
    name = REPORT["given_names"]

    def answers(client: Client) -> list[tuple[int, bool, bool, list[str]]]:
        sent = [
            client.post("/persons/", {"q": name}),
            client.post("/persons/", {"q": "Zzzyx"}),
            client.post("/persons/", {"q": "x" * 201}),
            client.get("/persons/", {"q": name}),
        ]
        return [
            (
                r.status_code,
                name in r.content.decode(),
                "No one found with that name." in r.content.decode(),
                _messages(r),
            )
            for r in sent
        ]

    found = answers(real)
    assert answers(decoy) == found
    assert [a[:3] for a in found] == [
        (200, True, False),
        (200, False, True),
        (400, False, False),
        (200, False, False),
    ]
    assert [MOVED in m for m in found[3][3]] == [True]
