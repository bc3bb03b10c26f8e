"""Why a person's status changed, when the system says it: by key, in each reader's language.

A flow that moves her status (an operation approved, started or ended, a merge, an arrival
or a reunion recorded without a note) stores on the :class:`~safepassage.tracing.models.
StatusChange` a key of :data:`MESSAGES` and its values (codenames, status codes, ISO dates),
and keeps the English sentence in ``reason`` for the record. Her timeline writes the sentence
in the reader's language, each value isolated for right-to-left pages
(:mod:`safepassage.sentences`). A reason typed by a person has no key and is shown as typed;
so are the English reasons of changes recorded before keys existed, until ``safepassage
rekey`` gives those that are word for word one of these sentences their key and values
(:func:`read_english`).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import TYPE_CHECKING, Any

from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from safepassage.sentences import (
    Reasons,
    Said,
    choice_label,
    code_read,
    codename_read,
    date_read,
    label_read,
    plain,
)

if TYPE_CHECKING:
    from safepassage.tracing.models import StatusChange

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
    "operation_approved": _("Operation %(operation)s approved."),
    "operation_approved_kept": _("Operation %(operation)s approved; her status stays %(status)s."),
    "operation_started": _("Operation %(operation)s started."),
    "operation_started_kept": _("Operation %(operation)s started; her status stays %(status)s."),
    "brought_out": _("Brought out by operation %(operation)s."),
    "brought_out_kept": _(
        "Operation %(operation)s (%(operation_status)s) brought her out; her status stays "
        "%(status)s."
    ),
    "ended_without_her": _("Operation %(operation)s ended (%(operation_status)s) without her."),
    "ended_without_her_kept": _(
        "Operation %(operation)s ended (%(operation_status)s) without her; her status stays "
        "%(status)s."
    ),
    "ended_without_her_elsewhere": _(
        "Operation %(operation)s ended (%(operation_status)s) without her; she is on operation "
        "%(other)s, so her status stays %(status)s."
    ),
    "operation_reopened": _(
        "Operation %(operation)s sent back to draft: her rescue is no longer planned."
    ),
    "operation_reopened_kept": _(
        "Operation %(operation)s sent back to draft; her status stays %(status)s."
    ),
    "operation_reopened_elsewhere": _(
        "Operation %(operation)s sent back to draft; she is on operation %(other)s, so her "
        "status stays %(status)s."
    ),
    "merged_further_along": _(
        "Merged with a duplicate record that was further along (%(status)s)."
    ),
    "arrived_on": _("Arrived on %(date)s."),
    "reunited_on": _("Reunited with her family on %(date)s."),
}

# Values stored as codes, shown as their labels in the reader's language. Dates are kept as
# ISO text (YYYY-MM-DD), the style every date on her page is shown in.
FORMATS: dict[str, Callable[[Any], str]] = {
    "status": choice_label("tracing.Person", "status"),
    "operation_status": choice_label("operations.Operation", "status"),
}


REASONS = Reasons(MESSAGES, FORMATS)


def said(key: str, **params: Any) -> Said:
    """A reason to store: its key and its values (JSON: strings and numbers)."""
    return REASONS.said(key, **params)


def stored(reason: str | Said) -> tuple[str, str, dict[str, Any]]:
    """What a status change keeps of ``reason``: its text, its key and its values (a typed
    reason: as typed, without key; a reason the system gives: its English, key and values)."""
    return REASONS.stored(reason)


def render(change: StatusChange) -> SafeString:
    """Why the status changed, in the active language (HTML, values in ``<bdi>``); a typed
    reason, or an English one kept from before keys, in its own direction as stored."""
    return REASONS.render(change.reason_key, change.reason_params, change.reason)


def text(change: StatusChange) -> str:
    """Why the status changed, in the active language, as plain text (for the API)."""
    return plain(render(change))


def read_english(change: StatusChange, codenames: Collection[str]) -> Said | None:
    """The sentence the English ``reason`` of a change recorded before keys is word for word,
    with its values as the flows wrote them then: a codename as it is (one of ``codenames``,
    the operations that exist), an operation's ending as its code, a date as ISO text, and her
    status as its label in the language of the page the change was made from (always the
    status the change left her in). None for a typed reason, a near miss, or a text in doubt."""
    from safepassage.operations.models import ENDED_STATUSES

    readers = {
        "operation": codename_read(codenames),
        "other": codename_read(codenames),
        "operation_status": code_read("operations.Operation", "status", ENDED_STATUSES),
        "status": label_read("tracing.Person", "status", change.to_status),
        "date": date_read,
    }
    return REASONS.read(change.reason, readers)
