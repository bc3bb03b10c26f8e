"""Every page, with the styles and scripts it loads, stays under 50 KB before compression."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from safepassage.accounts.models import Role

pytestmark = pytest.mark.django_db
LIMIT = 50 * 1024
ASSET = re.compile(r'(?:href|src)="(/static/[^"]+)"')


def _weight(html: bytes) -> int:
    total = len(html)
    for url in set(ASSET.findall(html.decode())):
        path = finders.find(url.removeprefix("/static/"))
        assert path, f"missing asset {url}"
        with open(str(path), "rb") as handle:
            total += len(handle.read())
    return total


def test_public_pages_are_light() -> None:
    client = Client()
    for path in ("/accounts/login/",):
        response = client.get(path)
        assert response.status_code == 200
        assert _weight(response.content) <= LIMIT, path


@pytest.mark.parametrize("role", Role.values)
def test_signed_in_pages_are_light(role: str, client_for: Callable[[str], Client]) -> None:
    client = client_for(role)
    for path in ("/", "/accounts/settings/", "/accounts/users/", "/audit/", "/alerts/panel/"):
        response = client.get(path)
        if response.status_code == 200:
            assert _weight(response.content) <= LIMIT, (role, path, _weight(response.content))


def test_no_asset_comes_from_elsewhere(client_for: Callable[[str], Client]) -> None:
    html = client_for(Role.COORDINATOR).get("/").content.decode()
    assert not re.search(r'(?:href|src)="(?:https?:)?//', html)


HREF = re.compile(r'href="(/[^"#?]*)"')


@pytest.mark.parametrize("role", Role.values)
def test_every_reachable_page_is_light(role: str, client_for: Callable[[str], Client]) -> None:
    """Crawl every page a role can reach from its start pages on the demo network."""
    from safepassage.instance.demo import demo_load
    from safepassage.tests.test_access_matrix import EXPECTED

    demo_load()
    client = client_for(role)
    queue = [url for url in EXPECTED if not url.startswith(("/api/", "/i18n/", "/accounts/log"))]
    seen: set[str] = set()
    weights: dict[str, int] = {}
    while queue and len(seen) < 150:
        url = queue.pop(0)
        if url in seen or url.startswith(("/static/", "/api/", "/accounts/logout")):
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        weights[url] = _weight(response.content)
        queue.extend(HREF.findall(response.content.decode()))
    assert weights, "no page was reached"
    if role == Role.COORDINATOR:
        # The crawl really walks the network: record pages, not just the menus.
        assert len(weights) >= 20 and any(url.startswith("/persons/") for url in weights)
    heavy = {url: size for url, size in weights.items() if size > LIMIT}
    assert heavy == {}, heavy
