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

from django.contrib.sessions.backends.base import SessionBase
from django.db.models import Model
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac
from rest_framework.request import Request

from safepassage.accounts.models import User
from safepassage.accounts.permissions import ActionRefused, Capability, has_capability
from safepassage.vault.crypto import get_vault
from safepassage.vault.exceptions import DecryptionFailed

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
    try:
        opened = get_vault().decrypt(base64.b64decode(sealed), _aad(slot, key))
    except DecryptionFailed:
        return None  # sealed under keys no longer held: gone, as a record deleted since
    found: dict[str, Any] = json.loads(opened)
    return found


def kept_ids(request: HttpRequest, slot: str) -> list[str]:
    """The ids this decoy session kept under ``slot``, oldest first."""
    if not is_decoy(request):
        return []
    return list(request.session.get(_session_key(slot), {}))


def _reseal(data: dict[str, Any]) -> bool:
    """Seal again under the current key what one session's data keeps; whether it changed.

    A value that does not open (it never should) is dropped rather than kept unreadable.
    """
    vault = get_vault()
    changed = False
    for name, kept in list(data.items()):
        if not name.startswith("decoy.") or not isinstance(kept, dict):
            continue
        slot = name.removeprefix("decoy.")
        resealed: dict[str, str] = {}
        for key, sealed in kept.items():
            aad = _aad(slot, key)
            try:
                opened = vault.decrypt(base64.b64decode(sealed), aad)
            except (DecryptionFailed, ValueError):
                continue
            resealed[key] = base64.b64encode(vault.encrypt(opened, aad)).decode()
        data[name] = resealed
        changed = True
    return changed


def reseal_sessions(**kwargs: Any) -> None:
    """Seal what every live decoy session keeps under the vault's new data key (rotation).

    Sent while the vault holds the old keys and the new one: once the old keys are forgotten,
    a pretend record still sealed under them would no longer open, and the decoy's pages
    would fail where a real account's go on working.
    """
    from django.conf import settings
    from django.utils.module_loading import import_string

    store: SessionBase = import_string(f"{settings.SESSION_ENGINE}.SessionStore")()
    model = store.get_model_class()  # type: ignore[attr-defined]
    for row in model.objects.filter(expire_date__gt=timezone.now()).iterator(chunk_size=200):
        data = store.decode(row.session_data)
        if _reseal(data):
            row.session_data = store.encode(data)
            row.save(update_fields=["session_data"])
