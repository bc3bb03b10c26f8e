"""Why a person's status changed, when the system says it: by key, in each reader's language.

A flow that moves her status (an operation approved, started or ended, a merge, an arrival
or a reunion recorded without a note) stores on the :class:`~safepassage.tracing.models.
StatusChange` a key of :data:`MESSAGES` and its values (codenames, status codes, ISO dates),
and keeps the English sentence in ``reason`` for the record. Her timeline writes the sentence
in the reader's language, each value isolated for right-to-left pages
(:mod:`safepassage.sentences`). A reason typed by a person has no key and is shown as typed;
so are the English reasons of changes recorded before keys existed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from safepassage.sentences import choice_label, plain, render_sentence

if TYPE_CHECKING:
    from safepassage.tracing.models import StatusChange

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


@dataclass(frozen=True)
class Said:
    """A reason the system gives: a key of :data:`MESSAGES` and the values it names."""

    key: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def adding(self, **params: Any) -> Said:
        """The same sentence with more values (the status she keeps, known only later)."""
        return said(self.key, **{**self.params, **params})

    def english(self) -> str:
        """The sentence in English, plain text: kept in ``reason`` for the record."""
        with translation.override("en"):
            text = render_sentence(MESSAGES, FORMATS, self.key, self.params)
        if text is None:
            raise ValueError(f"Missing values for status reason {self.key!r}.")
        return plain(text)


def said(key: str, **params: Any) -> Said:
    """A reason to store: its key and its values (JSON: strings and numbers)."""
    if key not in MESSAGES:
        raise ValueError(f"Unknown status reason {key!r}.")
    return Said(key, params)


def stored(reason: str | Said) -> tuple[str, str, dict[str, Any]]:
    """What a status change keeps of ``reason``: its text, its key and its values (a typed
    reason: as typed, without key; a reason the system gives: its English, key and values)."""
    if isinstance(reason, Said):
        return reason.english(), reason.key, dict(reason.params)
    return reason.strip(), "", {}


def render(change: StatusChange) -> SafeString:
    """Why the status changed, in the active language (HTML, values in ``<bdi>``); a typed
    reason, or an English one kept from before keys, in its own direction as stored."""
    if change.reason_key:
        text = render_sentence(MESSAGES, FORMATS, change.reason_key, change.reason_params or {})
        if text is not None:
            return text
    if not change.reason:
        return SafeString("")
    return format_html('<span dir="auto">{}</span>', change.reason)


def text(change: StatusChange) -> str:
    """Why the status changed, in the active language, as plain text (for the API)."""
    return plain(render(change))
