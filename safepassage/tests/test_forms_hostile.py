"""Every form of every page, sent back full of hostile values, gets an answer, never a crash.

On the demo network, one account of each role that writes (and a coordinator's decoy
session, whose saves are pretended) follows every link from its dashboard (one or two pages
of each kind), reads every form on those pages (the searches too), and sends each one back a few
times: every field far too long and in mixed scripts, dates that do not exist, numbers out of
range, choices that are not offered, a null character, nothing. Each answer must be a page or
a redirect (a form with its errors, a refusal, not found), never a server error; Django's
test client raises the view's exception if one escapes. It runs on PostgreSQL too, which,
unlike SQLite, refuses a value longer than its column.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY

from safepassage.accounts.models import TOTPDevice, User
from safepassage.conftest import decoy_client
from safepassage.instance.demo import demo_load
from safepassage.tests.decoy import DURESS, REPORT
from safepassage.tests.walk import Walk
from safepassage.tracing.tests.conftest import check_mark

pytestmark = pytest.mark.django_db

MOST_PAGES = 80
# Ending the session or switching the language would end or change the walk.
LEFT_OUT = ("/accounts/logout", "/static/", "/api/", "/i18n/", "/accounts/settings")

LONG = ("Xelîl خليل کۆچۆ " * 700)[:10_000]


class _Forms(HTMLParser):
    """The page's links and its forms: action, method and fields (kind, value as shown)."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.forms: list[dict[str, Any]] = []
        self._form: dict[str, Any] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form":
            method = a.get("method", "get").lower()
            self._form = {"action": a.get("action", ""), "method": method, "fields": {}}
            self.forms.append(self._form)
        elif self._form is not None and tag in ("input", "textarea", "select") and a.get("name"):
            kind = a.get("type", "text" if tag == "input" else tag).lower()
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            self._form["fields"][a["name"]] = (kind, a.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None


Values = Callable[[str, str, str], str]

# Each round fills every field one hostile way: (name of the round, value for a field).
ROUNDS: list[tuple[str, Values]] = [
    ("far too long", lambda kind, name, value: LONG),
    (
        "impossible dates and numbers",
        lambda kind, name, value: {
            "date": "2024-02-30",
            "datetime-local": "2024-13-01T25:61",
            "number": "-1e309",
            "checkbox": "maybe",
        }.get(kind, "٢٠٢٤-٠٢-٣٠"),
    ),
    ("choices not offered", lambda kind, name, value: "../../etc/passwd" if kind else value),
    ("a null character", lambda kind, name, value: "Xelîl\x00" + value),
    ("empty", lambda kind, name, value: ""),
]


def _signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user).persistent_id
    session.save()
    return client


def _post(client: Client, page: str, form: dict[str, Any], values: Values) -> int:
    data: dict[str, str] = {}
    for name, (kind, value) in form["fields"].items():
        if kind == "hidden":
            data[name] = value  # the form's own marks (its CSRF token, a version)
        else:
            data[name] = values(kind, name, value)
    action = urllib.parse.urljoin(page, form["action"] or page)
    send = client.post if form["method"] == "post" else client.get
    response = send(action, data)
    return int(response.status_code)


def _decoy(username: str) -> Client:
    """A decoy session of ``username`` (its duress password), with a pretend person entered,
    so that her page and its forms are there to walk."""
    owner = User.objects.get(username=username, is_decoy=False)
    client = decoy_client(owner, DURESS)
    shown = client.post("/persons/new/", {**REPORT, "decision": "check"})
    answer = client.post(
        "/persons/new/", {**REPORT, "decision": "new", "checked": check_mark(shown)}
    )
    assert answer.status_code == 302
    return client


@pytest.mark.parametrize(
    "username", ["falcon", "olive", "cedar", "sparrow", "keystone", "falcon-decoy"]
)
def test_every_form_answers_hostile_values_without_a_server_error(username: str) -> None:
    demo_load()
    client = (
        _decoy(username.removesuffix("-decoy"))
        if username.endswith("-decoy")
        else _signed_in(User.objects.get(username=username, is_decoy=False))
    )
    walk = Walk(LEFT_OUT)
    pages = 0
    sent: list[tuple[str, str, int]] = []
    while pages < MOST_PAGES and (path := walk.next()) is not None:
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        pages += 1
        parsed = _Forms()
        parsed.feed(response.content.decode())
        walk.follow(parsed.links)
        for form in parsed.forms:
            action = urllib.parse.urljoin(path, form["action"] or path)
            if action.startswith(LEFT_OUT) or "/logout" in action:
                continue
            for name, values in ROUNDS:
                status = _post(client, path, form, values)
                sent.append((action, name, status))
                assert status < 500, (action, name, status)
    assert pages >= 2 and sent, (pages, sent)  # the walk reached pages and sent forms
