"""Every page a person can reach from her dashboard fits a 390 px phone in her language: on the
demo network, one account of each role, in Arabic, Sorani or Kurmanji, follows every link of
every page it reaches (one or two pages of each kind), and no page answers with a server error,
scrolls sideways, shows the site's English untranslated or has a script error."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings

from safepassage.accounts.models import User
from safepassage.accounts.services import user_set_duress_password
from safepassage.instance.demo import demo_code, demo_load, demo_password
from safepassage.tests.browser import screenshot
from safepassage.tests.decoy import DURESS
from safepassage.tests.walk import Walk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
MOST_PAGES = 120
# Not pages: signing out ends the walk, files download, the API answers JSON.
LEFT_OUT = ("/accounts/logout", "/static/", "/api/", "/i18n/")


def _sign_in(context: Any, url: str, username: str, decoy: bool = False) -> Any:
    """Signed in through the pages; with ``decoy``, with her duress password (set first)."""
    if decoy:
        owner = User.objects.get(username=username, is_decoy=False)
        user_set_duress_password(actor=owner, duress_password=DURESS)
    page = context.new_page()
    page.goto(f"{url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DURESS if decoy else demo_password(username))
    page.click("button[type=submit] >> text=Continue")
    page.wait_for_url("**/accounts/login/code/**")
    page.fill("#id_token", demo_code(username))
    page.click("main button[type=submit]")
    page.wait_for_url(f"{url}/")
    return page


def _links(page: Any) -> list[str]:
    hrefs: list[str] = page.eval_on_selector_all(
        "a[href]", "links => links.map(a => a.getAttribute('href'))"
    )
    return hrefs


_TEXTS = """() => {
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) texts.push(walker.currentNode.nodeValue.trim());
  for (const el of document.querySelectorAll("[placeholder], [aria-label], [title]"))
    for (const a of ["placeholder", "aria-label", "title"])
      if (el.getAttribute(a)) texts.push(el.getAttribute(a).trim());
  return texts.filter(t => t);
}"""


def _english(language: str) -> set[str]:
    """The site's English texts that have a translation into ``language`` other than
    themselves: shown as they are on a page in that language, they were left untranslated."""
    from django.utils.translation import trans_real

    catalog = trans_real.translation(language)._catalog  # type: ignore[attr-defined]
    # A language is named in itself wherever one is chosen ("English" on an Arabic page).
    endonyms = {"English", *(name for _code, name in settings.LANGUAGES)}
    return {
        key
        for key, value in catalog.items()
        if isinstance(key, str)
        and key
        and value != key
        and key not in endonyms
        and not re.search(r"%|{", key)
    }


def _walk(page: Any, url: str, name: str, language: str) -> tuple[list[str], list[str]]:
    """Follow every link from the dashboard: (pages seen, what went wrong)."""
    english = _english(language)
    from playwright.sync_api import Error as PlaywrightError

    walk = Walk(LEFT_OUT)
    visited: list[str] = []
    wrong: list[str] = []
    while len(visited) < MOST_PAGES and (path := walk.next()) is not None:
        try:
            response = page.goto(f"{url}{path}")
        except PlaywrightError as exc:  # a file downloads instead of a page opening
            if "Download is starting" in str(exc):
                continue
            raise
        if response is None or "text/html" not in (response.headers.get("content-type") or ""):
            continue
        visited.append(path)
        if response.status >= 500:
            wrong.append(f"{path}: {response.status}")
            continue
        scroll_width, client_width = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        if scroll_width > client_width:
            wrong.append(f"{path}: {scroll_width} px wide on a {client_width} px screen")
            screenshot(page, f"phone-too-wide-{name}-{len(wrong)}")
        left = sorted({text for text in page.evaluate(_TEXTS) if text in english})
        if left:
            wrong.append(f"{path}: left in English: {left}")
        walk.follow(_links(page))
    return visited, wrong


# Every role of the demo network, each in a language of the region.
ROLES = [
    ("falcon", "ar", 40),  # coordinator
    ("olive", "ckb", 25),  # caseworker
    ("cedar", "kmr", 20),  # family liaison
    ("sparrow", "ckb", 4),  # field team
    ("lark", "ar", 3),  # analyst
    ("owl", "kmr", 3),  # auditor
    ("keystone", "ar", 3),  # administrator
    ("falcon-decoy", "ckb", 8),  # a coordinator's decoy session, with a person it entered
]


@pytest.mark.parametrize(("username", "language", "least"), ROLES)
def test_every_page_reached_from_the_dashboard_fits_a_phone(
    live_server: Any, browser: Any, username: str, language: str, least: int
) -> None:
    demo_load()
    context = browser.new_context(viewport=PHONE)
    decoy = username.endswith("-decoy")
    page = _sign_in(context, live_server.url, username.removesuffix("-decoy"), decoy)
    if decoy:  # a person of its own, so that her pages are there to walk
        page.goto(f"{live_server.url}/persons/new/")
        for name, value in (("given_names", "Nareen"), ("family_names", "Berani")):
            page.fill(f"#id_{name}", value)
        page.fill("#id_reporter_name", "Hadiya")
        page.click("#check")
        page.click("#new-person")
        page.wait_for_url("**/persons/*/")
    page.select_option("#language", language)
    page.click("form.lang button")
    page.wait_for_load_state()
    assert page.get_attribute("html", "lang") == language
    # A script error, or anything the browser refused (the Content-Security-Policy among it).
    broken: list[str] = []
    page.on("pageerror", lambda error: broken.append(f"{page.url}: {error}"))
    page.on(
        "console",
        lambda message: (
            broken.append(f"{page.url}: {message.text}") if message.type == "error" else None
        ),
    )

    visited, wrong = _walk(page, live_server.url, f"{username}-{language}", language)
    context.close()
    assert len(visited) >= least, visited  # the walk went as far as the role reaches
    assert wrong == []
    assert broken == []
