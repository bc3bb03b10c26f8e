"""The holder and place searches send what is typed by POST, never in the address.

A holder's name, a place's name or a point searched near must not stay in a seized phone's
history, in a Referer or in a log of addresses: the forms post (with the CSRF token), the
page answers with its results, and an old address carrying the search runs none.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.test import Client

from safepassage.accounts.models import Role, User
from safepassage.audit.models import AuditEvent
from safepassage.intel.models import Holder
from safepassage.intel.tests.factories import make_holder, make_place

pytestmark = pytest.mark.django_db

MOVED = "Searches are no longer kept in the page's address"


def _search_form(html: str) -> str:
    forms = re.findall(r"<form\b.*?</form>", html, re.S)
    return str(next(f for f in forms if 'name="q"' in f))


def _moved(response: Any) -> bool:
    return any(MOVED in str(m) for m in get_messages(response.wsgi_request))


def test_the_holder_search_posts_and_answers_with_its_results(
    users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    actor = users[Role.COORDINATOR]
    hamza = make_holder(actor, "Abu Hamza", aliases=["the Tailor"])
    make_holder(actor, "Abu Zaydan")
    client = client_for(Role.COORDINATOR)
    form = _search_form(client.get("/intel/holders/").content.decode())
    assert re.match(r'<form method="post"', form) and "csrfmiddlewaretoken" in form
    assert 'autocomplete="off"' in form

    before = AuditEvent.objects.count()
    response = client.post("/intel/holders/", {"q": "أبو حمزة"})
    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="/intel/holders/{hamza.pk}/"' in html and "Abu Zaydan" not in html
    assert 'value="أبو حمزة"' in _search_form(html)
    assert AuditEvent.objects.count() == before + 1
    assert AuditEvent.objects.order_by("-seq")[0].object_id == str(hamza.pk)
    # A search is no new holder.
    assert Holder.objects.count() == 2

    before = AuditEvent.objects.count()
    carried = client.get("/intel/holders/", {"q": "Abu Hamza"})
    assert carried.status_code == 200 and _moved(carried)
    assert "Abu Hamza" not in carried.content.decode()
    assert AuditEvent.objects.count() == before

    long = client.post("/intel/holders/", {"q": "x" * 201})
    assert long.status_code == 400 and "at most 200 characters" in long.content.decode()
    assert AuditEvent.objects.count() == before
    # The new holder form still saves.
    saved = client.post("/intel/holders/", {"names": "Abu Layla"})
    assert saved.status_code == 302 and Holder.objects.count() == 3


def test_the_place_search_posts_and_an_address_carrying_one_runs_none(
    users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    actor = users[Role.COORDINATOR]
    house = make_place(
        actor, "Beit Sirri", kind="safe_house", secret=True, latitude=36.3, longitude=41.8
    )
    make_place(actor, "Tel Qasab", latitude=36.3, longitude=41.8)
    client = client_for(Role.COORDINATOR)
    form = _search_form(client.get("/intel/places/").content.decode())
    assert re.match(r'<form method="post"', form) and "csrfmiddlewaretoken" in form
    assert 'autocomplete="off"' in form

    before = AuditEvent.objects.count()
    found = client.post("/intel/places/", {"q": "beit sirri", "kind": "", "km": "10"})
    assert found.status_code == 200
    html = found.content.decode()
    assert f'href="/intel/places/{house.pk}/"' in html and "Tel Qasab" not in html
    assert 'value="beit sirri"' in _search_form(html)
    assert AuditEvent.objects.count() == before + 1  # the secret place shown

    before = AuditEvent.objects.count()
    for carried in ({"q": "Beit Sirri"}, {"lat": "36.3", "lon": "41.8"}):
        response = client.get("/intel/places/", carried)
        assert response.status_code == 200 and _moved(response)
        assert "Beit Sirri" not in response.content.decode()
        assert "Tel Qasab" not in response.content.decode()
    assert AuditEvent.objects.count() == before

    bad = client.post("/intel/places/", {"q": "", "lat": "100", "lon": "1"})
    assert bad.status_code == 400
    assert "Tel Qasab" not in bad.content.decode()
