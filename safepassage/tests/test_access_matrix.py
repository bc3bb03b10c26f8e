"""Every URL declares who may open it, and every role gets exactly the pages it should.

The expected answers are written out by hand: a change in who sees what must change this
table on purpose. A refusal is a 404 (the page might as well not exist); 405 means the role
may use the address but not with GET.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterator

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from safepassage.accounts.models import Role
from safepassage.accounts.permissions import rule_of
from safepassage.instance.demo import demo_load


def _walk(resolver: URLResolver, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern


ROUTES = sorted(_walk(get_resolver()), key=lambda item: item[0])
ROLES = [
    Role.COORDINATOR,
    Role.CASEWORKER,
    Role.LIAISON,
    Role.FIELD,
    Role.ANALYST,
    Role.AUDITOR,
    Role.ADMINISTRATOR,
]

# GET answers for each role, in the order of ROLES:
#  coordinator, caseworker, liaison, field, analyst, auditor, administrator
EXPECTED: dict[str, tuple[int, int, int, int, int, int, int]] = {
    # Every signed-in user: their own start page, settings, the public pages.
    "/": (200, 200, 200, 200, 200, 200, 200),
    "/healthz": (200, 200, 200, 200, 200, 200, 200),
    "/i18n/setlang/": (302, 302, 302, 302, 302, 302, 302),
    "/accounts/login/": (200, 200, 200, 200, 200, 200, 200),
    "/accounts/login/code/": (302, 302, 302, 302, 302, 302, 302),
    "/accounts/settings/": (200, 200, 200, 200, 200, 200, 200),
    "/accounts/active/": (405, 405, 405, 405, 405, 405, 405),
    "/accounts/logout/": (405, 405, 405, 405, 405, 405, 405),
    "/api/me/": (200, 200, 200, 200, 200, 200, 200),
    "/api/schema/": (200, 200, 200, 200, 200, 200, 200),
    # Accounts: the administrator only.
    "/accounts/users/": (404, 404, 404, 404, 404, 404, 200),
    # Audit: the auditor only.
    "/audit/": (404, 404, 404, 404, 404, 200, 404),
    # Case content: coordinators, caseworkers, liaisons.
    "/persons/": (200, 200, 200, 404, 404, 404, 404),
    "/persons/new/": (200, 200, 200, 404, 404, 404, 404),
    "/persons/duplicates/": (200, 200, 200, 404, 404, 404, 404),
    "/intel/places/": (200, 200, 200, 404, 404, 404, 404),
    "/intel/places/new/": (200, 200, 200, 404, 404, 404, 404),
    "/intel/members/": (200, 200, 200, 404, 404, 404, 404),
    "/intel/holders/": (200, 200, 200, 404, 404, 404, 404),
    "/intel/incidents/": (200, 200, 200, 404, 404, 404, 404),
    "/aftercare/": (200, 200, 200, 404, 404, 404, 404),
    "/aftercare/arrival/": (200, 200, 200, 404, 404, 404, 404),
    "/api/persons/": (200, 200, 200, 404, 404, 404, 404),
    "/api/persons/search/": (200, 200, 200, 404, 404, 404, 404),
    "/api/persons/match/": (405, 405, 405, 404, 404, 404, 404),
    "/api/duplicates/": (200, 200, 200, 404, 404, 404, 404),
    "/api/intel/places/": (200, 200, 200, 404, 404, 404, 404),
    "/api/intel/members/": (200, 200, 200, 404, 404, 404, 404),
    "/api/intel/holders/": (200, 200, 200, 404, 404, 404, 404),
    "/api/intel/incidents/": (200, 200, 200, 404, 404, 404, 404),
    "/api/intel/location-reports/": (200, 200, 200, 404, 404, 404, 404),
    "/api/verification/requests/": (200, 200, 200, 404, 404, 404, 404),
    "/api/aftercare/followups/": (200, 200, 200, 404, 404, 404, 404),
    "/api/aftercare/arrivals/": (405, 405, 405, 404, 404, 404, 404),
    "/api/aftercare/arrivals/candidates/": (405, 405, 405, 404, 404, 404, 404),
    # Coordinators only: alerts, operations, approvals, whole-network exports.
    "/alerts/panel/": (200, 404, 404, 404, 404, 404, 404),
    "/api/alerts/": (200, 404, 404, 404, 404, 404, 404),
    "/operations/": (200, 404, 404, 404, 404, 404, 404),
    "/operations/new/": (200, 404, 404, 404, 404, 404, 404),
    "/operations/compromise/": (200, 404, 404, 404, 404, 404, 404),
    "/api/operations/": (200, 404, 404, 404, 404, 404, 404),
    "/verification/": (200, 404, 404, 404, 404, 404, 404),
    "/verification/rules/": (200, 404, 404, 404, 404, 404, 404),
    "/api/verification/rules/": (200, 404, 404, 404, 404, 404, 404),
    "/aftercare/export/": (200, 404, 404, 404, 404, 404, 404),
    "/aftercare/export/testimony.zip": (405, 404, 404, 404, 404, 404, 404),
    "/api/aftercare/export/testimony/": (200, 404, 404, 404, 404, 404, 404),
    # Field pages: field members (and coordinators, who run operations).
    "/field/": (200, 404, 404, 200, 404, 404, 404),
    "/api/field/operations/": (200, 404, 404, 200, 404, 404, 404),
    # Statistics: coordinators, caseworkers, analysts (aggregates only, no names).
    "/reports/": (200, 200, 404, 404, 200, 404, 404),
    "/reports/export.csv": (200, 200, 404, 404, 200, 404, 404),
    "/reports/export.pdf": (200, 200, 404, 404, 200, 404, 404),
}

# Invented names from the demo network: none may appear on a page of a role without case access.
DEMO_NAMES = ["Xelîl", "Şingalî", "Berfîn", "Kanîsorî", "نسرين", "خليل"]
NO_CASE_ACCESS = [Role.FIELD, Role.ANALYST, Role.AUDITOR, Role.ADMINISTRATOR]


def _fill(route: str) -> str:
    route = re.sub(r"<str:\w+>", "x", route)
    return "/" + re.sub(r"<uuid:\w+>", lambda _: str(uuid.uuid4()), route)


def test_every_url_declares_an_access_rule() -> None:
    missing = [route for route, pattern in ROUTES if rule_of(pattern.callback) is None]
    assert not missing, f"views without an access rule: {missing}"


def test_only_uuid_and_word_parameters() -> None:
    """Record addresses carry UUIDs, never guessable numbers."""
    odd = [r for r, _ in ROUTES if re.search(r"<(?!uuid:|str:)", r)]
    assert not odd, odd


def test_table_lists_every_parameter_free_address() -> None:
    assert {"/" + r for r, _ in ROUTES if "<" not in r} == set(EXPECTED)


@pytest.mark.parametrize("role", ROLES)
def test_answers_per_role(role: str, client_for: Callable[[str], Client]) -> None:
    demo_load()
    client = client_for(role)
    column = ROLES.index(Role(role))
    # Signing out last: a GET on it must not sign out (it is POST only), but keep it last anyway.
    urls = sorted(EXPECTED, key=lambda url: url == "/accounts/logout/")
    responses = {url: client.get(url) for url in urls}
    got = {url: response.status_code for url, response in responses.items()}
    expected = {url: EXPECTED[url][column] for url in urls}
    assert got == expected
    if role in NO_CASE_ACCESS:
        for url, response in responses.items():
            if got[url] != 200:
                continue
            body = response.content.decode("utf-8", "replace")
            leaked = [name for name in DEMO_NAMES if name in body]
            assert not leaked, f"{role} sees {leaked} on {url}"


def test_demo_names_are_a_real_probe(client_for: Callable[[str], Client]) -> None:
    """The leak check above would catch a leak: a coordinator does see these names."""
    demo_load()
    body = client_for(Role.COORDINATOR).get("/persons/").content.decode()
    assert any(name in body for name in DEMO_NAMES)


@pytest.mark.parametrize("role", ROLES)
def test_unknown_record_is_404_for_every_role(
    role: str, client_for: Callable[[str], Client]
) -> None:
    """A random id answers 404 (or 405 for the other method): never 200, 302, 400 or 500."""
    client = client_for(role)
    wrong: list[str] = []
    for route, _ in ROUTES:
        if "<uuid:" not in route:
            continue
        url = _fill(route)
        answers = {client.get(url).status_code, client.post(url).status_code}
        if 404 not in answers or not answers <= {404, 405}:
            wrong.append(f"{route}: {sorted(answers)}")
    assert not wrong, wrong
