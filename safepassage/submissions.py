"""A form that records something saves once, however often it is sent.

On a poor link the answer to a save can be lost: she taps the button again, or goes Back and
sends the form again, and the record is kept twice. The page gives each form a random token
(a hidden ``submission`` field, kept when the form comes back with errors); the first save
keeps the token and the address of what it saved, and the same form sent again opens that
address, saying so, and saves nothing more.

A real account's token is kept in the database (:class:`~safepassage.api.models.SavedForm`,
a keyed digest), written in the same transaction as what the form saved: the view runs in
one transaction (:func:`saves_once`), so two copies sent at the same moment (a double tap)
cannot both save, as the database's unique key lets one of them keep the token and the other
is undone whole. A decoy (duress) session writes nothing, so its tokens are kept in its
session.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, connection, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from safepassage.api.models import SavedForm
from safepassage.vault.crypto import get_vault

FIELD = "submission"
SESSION_KEY = "forms_saved"  # a decoy session's tokens
KEEP = 20  # a decoy session's latest forms saved; an older one sent again saves again
KEPT_FOR = timedelta(days=7)  # a real account's tokens; a form older than that saves again
PURPOSE = "forms.saved"
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")

View = Callable[..., HttpResponse]


def new_token() -> str:
    """A token for a form shown afresh (a page with several forms gives each its own)."""
    return secrets.token_urlsafe(24)


def submission_token(request: HttpRequest) -> str:
    """The token the form sent back, or a new one for a form shown afresh."""
    sent = request.POST.get(FIELD, "")
    return sent if _TOKEN.match(sent) else new_token()


def _is_decoy(request: HttpRequest) -> bool:
    return bool(getattr(request.user, "is_decoy", False))


def _key(request: HttpRequest, token: str) -> str:
    """The token's digest, bound to the account: a copy of the table names neither."""
    return get_vault().blind_index(f"{request.user.pk}\n{token}", PURPOSE)


def saves_once(view: View) -> View:
    """Run a POST of a real account in one transaction, so the token :func:`remember` keeps
    commits with what the form saved, or neither does.

    What the view raises is raised after the commit: whatever its services saved before the
    exception stands as it would without this (each service keeps its own writes whole), and
    only a copy of the form saved first elsewhere undoes this one.
    """

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method != "POST" or _is_decoy(request):
            return view(request, *args, **kwargs)
        raised: Exception | None = None
        with transaction.atomic():
            try:
                response = view(request, *args, **kwargs)
            except Exception as exc:  # raised again below, once the transaction has ended
                raised = exc
        if raised is not None:
            raise raised
        return response

    return wrapped


def _opened_again(request: HttpRequest, address: str) -> HttpResponse:
    messages.info(request, _("This form was already saved. It was not saved again."))
    return redirect(address)  # an address this server wrote (see remember)


def already_saved(request: HttpRequest, token: str) -> HttpResponse | None:
    """For a form sent again: what it saved before, opened with a word that it was not saved
    again. None when it has saved nothing yet (or the page is only being shown)."""
    if request.method != "POST":
        return None
    if _is_decoy(request):
        saved = request.session.get(SESSION_KEY, {})
        address = saved.get(token) if isinstance(saved, dict) else None
    else:
        address = (
            SavedForm.objects.filter(key=_key(request, token), saved_at__gte=_oldest())
            .values_list("address", flat=True)
            .first()
        )
    if not isinstance(address, str):
        return None
    return _opened_again(request, address)


def _oldest() -> Any:
    return timezone.now() - KEPT_FOR


def remember(request: HttpRequest, token: str, address: str) -> HttpResponse:
    """Note that this form saved what ``address`` shows, and open it.

    If the same form, sent at the same moment, kept the token first, this save is undone
    (the whole transaction of :func:`saves_once`) and what the first saved is opened.
    """
    if _is_decoy(request):
        saved = request.session.get(SESSION_KEY, {})
        kept = dict(saved) if isinstance(saved, dict) else {}
        kept.pop(token, None)
        kept[token] = address
        request.session[SESSION_KEY] = dict(list(kept.items())[-KEEP:])
        return redirect(address)
    if not connection.in_atomic_block:
        raise ImproperlyConfigured("A view that remembers its form must be @saves_once.")
    key = _key(request, token)
    try:
        _keep(key, address)
    except IntegrityError:
        first = SavedForm.objects.filter(key=key).values_list("address", flat=True).first()
        transaction.set_rollback(True)  # undoes this save: the first copy's stands
        return _opened_again(request, first or address)
    return redirect(address)


def _keep(key: str, address: str) -> None:
    """Keep the token (its week-old copy, if any, makes way); IntegrityError if kept."""
    with transaction.atomic():
        SavedForm.objects.filter(key=key, saved_at__lt=_oldest()).delete()
        SavedForm.objects.create(key=key, address=address)


def forget_old() -> int:
    """Delete the tokens older than :data:`KEPT_FOR`; how many were deleted."""
    deleted, _by_model = SavedForm.objects.filter(saved_at__lt=_oldest()).delete()
    return deleted
