"""A search is sent in the body of a POST, never in a page's address.

What is typed into a search (a captive's name, a holder's, a place) would otherwise stay in
the address: in a seized phone's browser history, in the Referer header of the next page
opened and in any log of addresses. So the search forms post (with the CSRF token) and the
page answers with its results directly, at its own plain address. An address that still
carries a search (a bookmark or a history entry from before) runs none: the page opens with
its form empty and a note saying to type the search again, and nothing is read or audited.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, QueryDict
from django.utils.translation import gettext as _

FIELD = "q"  # the search box; a form that posts it is a search
# What an address from before could carry of a search: a name, a point searched near.
TYPED = (FIELD, "lat", "lon")


def sent(request: HttpRequest) -> QueryDict | None:
    """The search sent with this request (a POST carrying the search box), or None: a page
    whose other forms post too (a new holder, a link) tells its search apart by it."""
    if request.method == "POST" and FIELD in request.POST:
        return request.POST
    return None


def in_address(request: HttpRequest, fields: Iterable[str] = (FIELD,)) -> bool:
    """Whether this GET's address carries a search in one of ``fields``: it is not run, and
    the page says why its results are not shown."""
    if request.method != "GET" or not any(request.GET.get(f, "").strip() for f in fields):
        return False
    messages.info(
        request,
        _(
            "Searches are no longer kept in the page's address, so this address searches for "
            "nothing. Type the search again."
        ),
    )
    return True


def address_without_search(request: HttpRequest) -> str:
    """This page's address with what a search typed left out: the language switch sends the
    user back to it, and must not put an old address's name back into the history."""
    kept = request.GET.copy()
    for field in TYPED:
        kept.pop(field, None)
    query = kept.urlencode()
    return request.path + (f"?{query}" if query else "")


def context(request: HttpRequest) -> dict[str, Any]:
    """Template context: ``this_address``, the page's address to come back to."""
    return {"this_address": address_without_search(request)}
