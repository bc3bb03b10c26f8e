"""``Idempotency-Key``: a client that sends a creating request again saves it once.

A POST that timed out may or may not have been saved; the client cannot tell. Sent again
with the same key, the same body and the same account, it gets the first save's answer and
nothing more is written. The key is turned into the ``once`` nonce the tracing services
already take (an intake page's check is saved once the same way), so the database's unique
key decides, even for two copies arriving at the same moment.

The same key on another body is a client's mistake (a key reused, or a retry whose body
changed): it is refused with 422 and nothing is written, as a retry must never save
something the first request did not say. What is kept to tell the two apart
(:class:`~safepassage.api.models.IdempotencyKey`) is two digests keyed with the instance's
index key, written in the save's own transaction; a decoy (duress) session keeps them in its
session, and is refused the same way. They are kept for a week (:data:`KEPT_FOR`, the worker
deletes older ones): after that the key is free for another body, while the first body sent
again is still saved once, as the save itself holds its nonce.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import APIException, ParseError
from rest_framework.request import Request

from safepassage.accounts import decoy as sealed
from safepassage.accounts.permissions import request_user
from safepassage.api.models import IdempotencyKey
from safepassage.vault.crypto import get_vault

HEADER = "Idempotency-Key"
PURPOSE = "api.idempotency"
_KEY = re.compile(r"[\x21-\x7e]{1,255}")  # printable ASCII without spaces (a UUID fits)
DECOY_SLOT = "api.idempotency"  # a decoy session's keys: the body digest each was used with
KEPT_FOR = timedelta(days=7)  # a key older than that is forgotten: free for another body

IDEMPOTENCY_KEY = OpenApiParameter(
    HEADER,
    str,
    OpenApiParameter.HEADER,
    required=False,
    description=(
        "A key of your choosing (a random UUID) for this request, 1 to 255 printable ASCII "
        "characters. Sent again with the same key and body, the request saves nothing more "
        "and answers as the first time. Keys are per account and address; the same key with "
        "another body is refused (422) and saves nothing."
    ),
)


# The answer to a key reused on another body, for the schema of every view taking the key.
KEY_REUSED = OpenApiResponse(
    response=inline_serializer("IdempotencyKeyReused", {"detail": serializers.CharField()}),
    description="This Idempotency-Key was used with another body: nothing was saved.",
)


class KeyReused(APIException):
    """The key was first used with another body: nothing is saved."""

    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_code = "idempotency_key_reused"

    def __init__(self) -> None:
        super().__init__(
            _(
                "This Idempotency-Key was already used with a different request body, so "
                "nothing was saved. Send the first body again to get its answer, or use a "
                "new key for a new request."
            )
        )


@dataclass(frozen=True)
class Once:
    """What a view saves a request under: ``nonce`` for the services ("" without the
    header), and whether this key was kept with this very body (a request sent again)."""

    nonce: str = ""
    repeated: bool = False


@dataclass(frozen=True)
class _Digests:
    once: str  # the nonce the services save under
    key: str  # this account's key on this address
    body: str  # the body sent under it


def _digests(request: Request) -> _Digests | None:
    """The request's digests, None without the header; a malformed key is refused (400)."""
    if HEADER not in request.headers:
        return None
    key = str(request.headers[HEADER]).strip()
    if not _KEY.fullmatch(key):
        raise ParseError(
            _(
                "Idempotency-Key must be 1 to 255 printable ASCII characters without spaces, "
                "such as a random UUID."
            )
        )
    vault = get_vault()
    body = json.dumps(request.data, sort_keys=True, ensure_ascii=False, default=str)
    # Bound to the account and the key, so equal bodies under two keys give two digests.
    key_digest = vault.blind_index(f"{request_user(request).pk}\n{request.path}\n{key}", PURPOSE)
    return _Digests(
        once=vault.blind_index(f"{request.path}\n{key}\n{body}", PURPOSE),
        key=key_digest,
        body=vault.blind_index(f"{key_digest}\n{body}", f"{PURPOSE}.body"),
    )


@contextmanager
def _decoy_idempotent(request: Request, digests: _Digests) -> Iterator[Once]:
    """A decoy's key: refused on another body as anyone's, and kept (after its pretend save
    went through, as a real one is) in its session only."""
    http = sealed.http_request(request)
    record_id = sealed.derived_id(DECOY_SLOT, digests.key)
    kept = sealed.find(http, DECOY_SLOT, record_id)
    if kept is not None and kept.get("body") != digests.body:
        raise KeyReused
    yield Once(digests.once, repeated=kept is not None)
    if kept is None:
        sealed.keep(http, DECOY_SLOT, record_id, {"body": digests.body})


def _refuse_another_body(digests: _Digests) -> bool:
    """Raise :class:`KeyReused` if the key was kept with another body; True if with this."""
    first = (
        IdempotencyKey.objects.filter(key=digests.key, created_at__gte=_oldest())
        .values_list("body", flat=True)
        .first()
    )
    if first is not None and first != digests.body:
        raise KeyReused
    return first is not None


@contextmanager
def idempotent(request: Request) -> Iterator[Once]:
    """Save what the block saves once per key: yields the :class:`Once` to save under.

    The key is kept in the same transaction as the save, so a block that raises (a refused
    body, or :class:`~safepassage.tracing.services.IntakeAlreadySaved` for the same body
    again) leaves it as it was; another body under a kept key raises :class:`KeyReused`
    (422) and writes nothing, even when two arrive at once.
    """
    digests = _digests(request)
    if digests is None:
        yield Once()
        return
    if request_user(request).is_decoy:
        with _decoy_idempotent(request, digests) as once:
            yield once
        return
    repeated = _refuse_another_body(digests)  # the common case, before any work
    with transaction.atomic():
        yield Once(digests.once, repeated=repeated)
        try:
            with transaction.atomic():
                # Its week-old copy, if any, makes way.
                IdempotencyKey.objects.filter(key=digests.key, created_at__lt=_oldest()).delete()
                IdempotencyKey.objects.create(key=digests.key, body=digests.body)
        except IntegrityError:
            # Kept meanwhile by a request running at the same moment (or kept before this
            # block, which then saved nothing new): the same body stands, another undoes all.
            _refuse_another_body(digests)


def _oldest() -> datetime:
    return timezone.now() - KEPT_FOR


def forget_old() -> int:
    """Delete the keys older than :data:`KEPT_FOR`; how many were deleted."""
    deleted, _by_model = IdempotencyKey.objects.filter(created_at__lt=_oldest()).delete()
    return deleted
