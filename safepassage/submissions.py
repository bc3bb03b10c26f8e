"""A form that records something saves once, however often it is sent.

On a poor link the answer to a save can be lost: she taps the button again, or goes Back and
sends the form again, and the record is kept twice. The page gives each form a random token
(a hidden ``submission`` field, kept when the form comes back with errors); the first save
keeps, in her session, the token and the address of what it saved, and the same form sent
again opens that address, saying so, and saves nothing more.
"""

from __future__ import annotations

import re
import secrets

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

FIELD = "submission"
SESSION_KEY = "forms_saved"
KEEP = 20  # the latest forms saved; an older one sent again saves again
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def new_token() -> str:
    """A token for a form shown afresh (a page with several forms gives each its own)."""
    return secrets.token_urlsafe(24)


def submission_token(request: HttpRequest) -> str:
    """The token the form sent back, or a new one for a form shown afresh."""
    sent = request.POST.get(FIELD, "")
    return sent if _TOKEN.match(sent) else new_token()


def already_saved(request: HttpRequest, token: str) -> HttpResponse | None:
    """For a form sent again: what it saved before, opened with a word that it was not saved
    again. None when it has saved nothing yet (or the page is only being shown)."""
    if request.method != "POST":
        return None
    saved = request.session.get(SESSION_KEY, {})
    address = saved.get(token) if isinstance(saved, dict) else None
    if not isinstance(address, str):
        return None
    messages.info(request, _("This form was already saved. It was not saved again."))
    return redirect(address)  # an address this server wrote (see remember)


def remember(request: HttpRequest, token: str, address: str) -> HttpResponse:
    """Note that this form saved what ``address`` shows, and open it."""
    saved = request.session.get(SESSION_KEY, {})
    kept = dict(saved) if isinstance(saved, dict) else {}
    kept.pop(token, None)
    kept[token] = address
    request.session[SESSION_KEY] = dict(list(kept.items())[-KEEP:])
    return redirect(address)
