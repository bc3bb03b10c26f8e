"""Sentences kept as a key and its values, written out in the reader's language when shown.

Alerts (``operations/alert_messages.py``), trap-check evidence (``verification/evidence.py``)
and the reasons the system writes in a status history (a person's,
``tracing/status_reasons.py``; a network member's, ``intel/member_reasons.py``) store what
happened as a message key and the values it names (dates, codenames, places), not as English
text: each page writes the sentence in its reader's language, and each value keeps its own
direction on a right-to-left page.
"""

from __future__ import annotations

import datetime
import html
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.html import escape, format_html, strip_tags
from django.utils.safestring import SafeString, mark_safe

_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")


def isolate(value: Any) -> SafeString:
    """A value for a translated sentence, escaped, in a ``<bdi>`` wherever its direction may
    differ from the page's (a right-to-left page, or right-to-left letters in the value), so
    digits, codenames and punctuation around them keep their order."""
    text = str(value)
    if translation.get_language_bidi() or _RTL.search(text):
        return format_html("<bdi>{}</bdi>", text)
    return escape(text)


def render_sentence(
    messages: Mapping[str, str | Promise],
    formats: Mapping[str, Callable[[Any], str]],
    key: str,
    params: Mapping[str, Any],
) -> SafeString | None:
    """The sentence of ``key`` in the active language, each value (written by its format, if
    it has one) escaped and isolated; None when the key is unknown or a value is missing."""
    template = messages.get(key)
    if template is None:
        return None
    values = {name: isolate(formats.get(name, str)(value)) for name, value in params.items()}
    try:
        # The translated sentence is ours; only the values come from records, escaped above.
        return mark_safe(escape(str(template)) % values)  # noqa: S308  # nosec B308 B703
    except (KeyError, ValueError, TypeError):
        return None


def choice_label(model_label: str, field: str) -> Callable[[Any], str]:
    """A format writing a stored choice code (a status, a kind) as its label in the reader's
    language; a code the field no longer offers is shown as it is."""

    def label(value: Any) -> str:
        from django.apps import apps

        choices = dict(apps.get_model(model_label)._meta.get_field(field).choices or [])
        try:
            return str(choices.get(value, value))
        except TypeError:  # not a code at all (a list, a mapping): shown as it is
            return str(value)

    return label


def moment(value: Any) -> str:
    """A format writing a stored ISO time as ``YYYY-MM-DD HH:MM`` in the reader's time zone
    (a time without zone as it is); a value that is not an ISO time is shown as it is."""
    try:
        when = datetime.datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    if timezone.is_aware(when):
        when = timezone.localtime(when)
    return when.strftime("%Y-%m-%d %H:%M")


def plain(text: str) -> str:
    """A rendered sentence as plain text (for the API and the English kept for the record)."""
    return html.unescape(strip_tags(text))


@dataclass(frozen=True, eq=False)
class Reasons:
    """The sentences the system may give as the reason of a status change in one history (a
    person's statuses, a network member's): each a key of ``messages``, its values written by
    ``formats``. A change keeps the English sentence for the record, with the key and values
    from which each page writes it in its reader's language; a reason typed by a person is
    kept and shown as typed."""

    messages: Mapping[str, str | Promise]
    formats: Mapping[str, Callable[[Any], str]]

    def said(self, key: str, **params: Any) -> Said:
        """A reason to store: its key and its values (JSON: strings and numbers)."""
        if key not in self.messages:
            raise ValueError(f"Unknown reason {key!r}.")
        return Said(self, key, params)

    def stored(self, reason: str | Said) -> tuple[str, str, dict[str, Any]]:
        """What a change keeps of ``reason``: its text, its key and its values (a typed
        reason: as typed, without key; a reason the system gives: its English, key, values)."""
        if isinstance(reason, Said):
            if reason.reasons is not self:
                raise ValueError(f"The reason {reason.key!r} belongs to another history.")
            return reason.english(), reason.key, dict(reason.params)
        return reason.strip(), "", {}

    def render(self, key: str, params: Mapping[str, Any] | None, reason: str) -> SafeString:
        """Why the status changed, in the active language (HTML, values in ``<bdi>``); a typed
        reason, or an English one kept from before keys (or with a key since retired), in its
        own direction as stored."""
        if key:
            text = render_sentence(self.messages, self.formats, key, params or {})
            if text is not None:
                return text
        if not reason:
            return SafeString("")
        return format_html('<span dir="auto">{}</span>', reason)


@dataclass(frozen=True)
class Said:
    """A reason the system gives: a key of its history's sentences and the values it names."""

    reasons: Reasons
    key: str
    params: Mapping[str, Any]

    def adding(self, **params: Any) -> Said:
        """The same sentence with more values (the status she keeps, known only later)."""
        return self.reasons.said(self.key, **{**self.params, **params})

    def english(self) -> str:
        """The sentence in English, plain text: kept in ``reason`` for the record."""
        with translation.override("en"):
            text = self.reasons.render(self.key, self.params, "")
        if not text:
            raise ValueError(f"Missing values for the reason {self.key!r}.")
        return plain(text)
