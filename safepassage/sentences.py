"""Sentences kept as a key and its values, written out in the reader's language when shown.

Alerts (``operations/alert_messages.py``), trap-check evidence (``verification/evidence.py``)
and the reasons the system writes in a status history (a person's,
``tracing/status_reasons.py``; a network member's, ``intel/member_reasons.py``) store what
happened as a message key and the values it names (dates, codenames, places), not as English
text: each page writes the sentence in its reader's language, and each value keeps its own
direction on a right-to-left page.

Status changes recorded before keys kept only the English sentence; ``safepassage rekey``
reads back the ones that are word for word a sentence of their history
(:meth:`Reasons.read`) and gives them its key and values (:func:`old_reasons_key`).
"""

from __future__ import annotations

import datetime
import html
import re
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Model, QuerySet
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

    def read(self, text: str, readers: Mapping[str, Reader]) -> Said | None:
        """The sentence that ``text``, a reason recorded before keys, is word for word in
        English, with its values read back by ``readers`` (one a value name, reading a value as
        the system wrote it then); None for any other text (a typed reason, a near miss) and
        for one that reads more than one way (in doubt, it is left as written)."""
        with translation.override("en"):
            templates = {key: str(template) for key, template in self.messages.items()}
        found: Said | None = None
        for key, template in templates.items():
            pieces = _pieces(template)
            if pieces is None:
                continue
            for values in _readings(pieces, text, readers):
                if found is not None:
                    return None
                found = self.said(key, **values)
        return found


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


# --- reasons recorded before keys ------------------------------------------------------------

# A value read back from the text it was written as in an English sentence: the value to store,
# or None when the text is not something that value was ever written as.
Reader = Callable[[str], Any]

_VALUE = re.compile(r"%\((\w+)\)s")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _pieces(template: str) -> list[str] | None:
    """``template`` as its literal text and the names of its values in turn (text, name, text,
    …, text); None when it writes a value otherwise than as ``%(name)s``."""
    pieces = _VALUE.split(template)
    for at in range(0, len(pieces), 2):
        if "%" in pieces[at].replace("%%", ""):
            return None
        pieces[at] = pieces[at].replace("%%", "%")
    return pieces


def _starts(text: str, literal: str, at: int) -> Iterator[int]:
    """Every place from ``at`` on where ``literal`` starts in ``text``."""
    if not literal:
        yield from range(at, len(text) + 1)
        return
    found = text.find(literal, at)
    while found != -1:
        yield found
        found = text.find(literal, found + 1)


def _readings(
    pieces: list[str], text: str, readers: Mapping[str, Reader]
) -> Iterator[dict[str, Any]]:
    """Every way the whole of ``text`` is the sentence ``pieces`` word for word, each value a
    non-empty stretch its reader reads (the same value where a name comes twice): the values."""

    def walk(at: int, index: int, values: dict[str, Any]) -> Iterator[dict[str, Any]]:
        literal = pieces[index]
        if not text.startswith(literal, at):
            return
        at += len(literal)
        if index == len(pieces) - 1:
            if at == len(text):
                yield values
            return
        name, after = pieces[index + 1], pieces[index + 2]
        reader = readers.get(name)
        if reader is None:
            return
        last = index + 2 == len(pieces) - 1
        for end in [len(text) - len(after)] if last else _starts(text, after, at + 1):
            if end <= at:
                continue
            value = reader(text[at:end])
            if value is None or values.get(name, value) != value:
                continue
            yield from walk(end, index + 2, {**values, name: value})

    yield from walk(0, 0, {})


def codename_read(codenames: Collection[str]) -> Reader:
    """Reads a codename, written as it is: one of ``codenames`` (those that exist)."""
    return lambda written: written if written in codenames else None


def date_read(written: str) -> str | None:
    """Reads a date written as ISO text (``YYYY-MM-DD``, a real day), kept as that text."""
    if not _ISO_DATE.fullmatch(written):
        return None
    try:
        datetime.date.fromisoformat(written)
    except ValueError:
        return None
    return written


@cache
def _labels(model_label: str, field: str, code: str) -> frozenset[str]:
    from django.apps import apps

    choices = dict(apps.get_model(model_label)._meta.get_field(field).choices or [])
    if code not in choices:  # a code the field no longer offers: no label to read
        return frozenset()
    labels: set[str] = set()
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            labels.add(str(choices[code]))
    return frozenset(labels)


def label_read(model_label: str, field: str, code: str) -> Reader:
    """Reads the label of the choice ``code`` (only that one), written in any language of the
    site (the language of the page the change was made from), as the code."""
    labels = _labels(model_label, field, code)
    return lambda written: code if written in labels else None


def code_read(model_label: str, field: str, codes: Collection[str]) -> Reader:
    """Reads one of the choices ``codes``, written as the code itself or as its English label,
    as the code."""
    from django.apps import apps

    choices = dict(apps.get_model(model_label)._meta.get_field(field).choices or [])
    plain_codes = frozenset(str(code) for code in codes)
    with translation.override("en"):
        english = {str(choices[code]): code for code in plain_codes}
    return lambda written: written if written in plain_codes else english.get(written)


def old_reasons_key(
    *, model: type[Model], read: Callable[[Any], Said | None], batch: int
) -> tuple[int, int, int]:
    """Give each change of the status history ``model`` recorded before keys the key and values
    of the sentence its English ``reason`` is word for word (``read``: that sentence, or None
    for a typed reason or one in doubt), ``reason`` kept as it was: (changes read, changes
    keyed now, changes without key left as written). Each batch is one transaction; one audit
    event gives the counts, also when a batch fails (those before it stay done, it changes
    nothing). Run again, it changes nothing."""
    from safepassage.audit.services import audit_record

    ids = list(model._default_manager.order_by("pk").values_list("pk", flat=True))
    counts = {"changes": 0, "keyed": 0, "left": 0}
    try:
        for start in range(0, len(ids), batch):
            done = dict.fromkeys(counts, 0)
            with transaction.atomic():
                # Any: the status histories share these fields, not a base class.
                rows: QuerySet[Any] = model._default_manager.select_for_update().filter(
                    pk__in=ids[start : start + batch]
                )
                for change in rows.order_by("pk"):
                    done["changes"] += 1
                    if change.reason_key or not change.reason:
                        continue
                    said = read(change)
                    if said is None:
                        done["left"] += 1
                        continue
                    change.reason_key, change.reason_params = said.key, dict(said.params)
                    change.full_clean()
                    change.save(update_fields=["reason_key", "reason_params"])
                    done["keyed"] += 1
            counts = {name: counts[name] + done[name] for name in counts}
    except Exception:
        audit_record(
            actor=None,
            action="reasons.rekey",
            object_type=model._meta.label,
            detail={**counts, "stopped": True},
        )
        raise
    audit_record(actor=None, action="reasons.rekey", object_type=model._meta.label, detail=counts)
    return counts["changes"], counts["keyed"], counts["left"]
