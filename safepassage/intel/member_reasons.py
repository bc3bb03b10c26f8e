"""Why a network member's status changed, when the system says it: by key, in each reader's
language.

An operation that ends with a member of its team captured or killed moves the member's status
and stores on the :class:`~safepassage.intel.models.MemberStatusChange` a key of
:data:`MESSAGES` and its values (the operation's codename), keeping the English sentence in
``reason`` for the record. The member's history writes the sentence in the reader's language,
each value isolated for right-to-left pages, as a person's timeline does
(:mod:`safepassage.sentences`, :mod:`safepassage.tracing.status_reasons`). A reason typed by
a coordinator has no key and is shown as typed; so are the English reasons of changes recorded
before keys existed, until ``safepassage rekey`` gives those that are word for word one of
these sentences their key and values (:func:`read_english`).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import TYPE_CHECKING, Any

from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from safepassage.sentences import Reasons, Said, codename_read, plain

if TYPE_CHECKING:
    from safepassage.intel.models import MemberStatusChange

__all__ = [
    "FORMATS",
    "MESSAGES",
    "REASONS",
    "Said",
    "read_english",
    "render",
    "said",
    "stored",
    "text",
]

MESSAGES: dict[str, StrOrPromise] = {
    "captured_on_operation": _("Captured on operation %(operation)s."),
    "killed_on_operation": _("Killed on operation %(operation)s."),
}

# The values are codenames, shown as they are.
FORMATS: dict[str, Callable[[Any], str]] = {}

REASONS = Reasons(MESSAGES, FORMATS)


def said(key: str, **params: Any) -> Said:
    """A reason to store: its key and its values (JSON: strings and numbers)."""
    return REASONS.said(key, **params)


def stored(reason: str | Said) -> tuple[str, str, dict[str, Any]]:
    """What a member's status change keeps of ``reason``: its text, its key and its values (a
    typed reason: as typed, without key; a reason the system gives: its English, key, values)."""
    return REASONS.stored(reason)


def render(change: MemberStatusChange) -> SafeString:
    """Why the member's status changed, in the active language (HTML, values in ``<bdi>``); a
    typed reason, or an English one kept from before keys, in its own direction as stored."""
    return REASONS.render(change.reason_key, change.reason_params, change.reason)


def text(change: MemberStatusChange) -> str:
    """Why the member's status changed, in the active language, as plain text."""
    return plain(render(change))


def read_english(change: MemberStatusChange, codenames: Collection[str]) -> Said | None:
    """The sentence the English ``reason`` of a change recorded before keys is word for word,
    with the operation's codename as it was written (one of ``codenames``, the operations that
    exist); None for a reason typed by a coordinator, a near miss, or a text in doubt."""
    return REASONS.read(change.reason, {"operation": codename_read(codenames)})
