"""What a decoy session "saved": kept sealed in its own session only, never in the database.

A duress password opens a decoy that sees no record and writes nothing. Where refusing a
write would give it away, the app answers as for a real save and keeps what was entered
here, so the pages that follow open as they would: sealed with the vault (a session row is
not a place for names in the clear), bound to the slot and the record's id, and gone when
the session ends. The apps decide what to keep; this module only seals and finds it, checks
the unsaved rows the apps' pretend saves build (:func:`pretend_clean`), and says who may
make a pretend save at all (:func:`require_decoy_writer`).
"""

from __future__ import annotations

import base64
import json
import uuid
from typing import Any, TypeVar

from django.db.models import Model
from django.http import HttpRequest
from django.utils.crypto import salted_hmac
from rest_framework.request import Request

from safepassage.accounts.models import User
from safepassage.accounts.permissions import ActionRefused, Capability, has_capability
from safepassage.vault.crypto import get_vault

KEEP = 20  # the newest pretend records a session remembers, per slot

M = TypeVar("M", bound=Model)


def is_decoy(request: HttpRequest) -> bool:
    """Whether the request comes from a decoy (duress) session."""
    user = getattr(request, "user", None)
    return bool(user is not None and getattr(user, "is_decoy", False))


def http_request(request: HttpRequest | Request) -> HttpRequest:
    """The Django request under an API request, whose session holds what a decoy keeps: a
    decoy reaches the API through its signed-in session only (no token is made for one)."""
    return request._request if isinstance(request, Request) else request


def derived_id(*parts: Any) -> uuid.UUID:
    """The id of a pretend row that is not kept with one (her report, a status change, an
    assessment), worked out from what it belongs to: the same on every page and answer, and
    keyed with the site's secret, so it looks as random as a stored row's (a version 4 UUID)
    and cannot be told from one by working it out again."""
    digest = salted_hmac("safepassage.decoy.id", ":".join(str(p) for p in parts)).digest()
    return uuid.UUID(bytes=digest[:16], version=4)


def require_decoy_writer(actor: User, capability: Capability = Capability.CASES_WRITE) -> None:
    """Refuse a pretend save unless the actor is a decoy whose role holds ``capability``.

    Anyone else gets the real service, so a pretend one called for them is a mistake: it
    is refused as any action the actor may not do is.
    """
    if not actor.is_decoy or not has_capability(actor, capability):
        raise ActionRefused("You cannot do this.")


def pretend_clean(row: M, *relations: str, new_id: bool = False) -> M:
    """Check an unsaved pretend row as a real save's ``full_clean`` does, its own fields only
    (``new_id``: first give it a random id, as a stored row has).

    Its ``relations`` name rows kept in the decoy's session only, so nothing is looked up:
    they, its id, its uniqueness and its constraints (each a query) are left out.
    """
    if new_id:
        row.pk = uuid.uuid4()
    row.full_clean(exclude=["id", *relations], validate_unique=False, validate_constraints=False)
    return row


def _session_key(slot: str) -> str:
    return f"decoy.{slot}"


def _aad(slot: str, record_id: str) -> bytes:
    return f"decoy.{slot}:{record_id}".encode()


def _key(record_id: Any) -> str | None:
    try:
        return str(uuid.UUID(str(record_id)))
    except ValueError:
        return None


def keep(
    request: HttpRequest,
    slot: str,
    record_id: Any,
    summary: dict[str, Any],
    *,
    at_most: int = KEEP,
) -> None:
    """Seal ``summary`` (plain JSON values) into a decoy session under ``slot`` and the id.

    A new id comes last (the oldest beyond ``at_most`` are forgotten); an id kept already
    keeps its place, so a "saved" change does not reorder what the pages list.
    """
    key = _key(record_id)
    if key is None or not is_decoy(request):
        return
    sealed = get_vault().encrypt(json.dumps(summary).encode(), _aad(slot, key))
    kept: dict[str, str] = dict(request.session.get(_session_key(slot), {}))
    kept[key] = base64.b64encode(sealed).decode()
    request.session[_session_key(slot)] = dict(list(kept.items())[-at_most:])


def forget(request: HttpRequest, slot: str, record_id: Any) -> None:
    """Drop what a decoy session kept under ``slot`` for that id (nothing if none)."""
    key = _key(record_id)
    if key is None or not is_decoy(request):
        return
    kept: dict[str, str] = dict(request.session.get(_session_key(slot), {}))
    if kept.pop(key, None) is not None:
        request.session[_session_key(slot)] = kept


def find(request: HttpRequest, slot: str, record_id: Any) -> dict[str, Any] | None:
    """What this decoy session kept under ``slot`` for that id, or None."""
    key = _key(record_id)
    if key is None or not is_decoy(request):
        return None
    sealed = request.session.get(_session_key(slot), {}).get(key)
    if not sealed:
        return None
    found: dict[str, Any] = json.loads(
        get_vault().decrypt(base64.b64decode(sealed), _aad(slot, key))
    )
    return found


def kept_ids(request: HttpRequest, slot: str) -> list[str]:
    """The ids this decoy session kept under ``slot``, oldest first."""
    if not is_decoy(request):
        return []
    return list(request.session.get(_session_key(slot), {}))
