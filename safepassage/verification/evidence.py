"""What trap-check evidence lines say, by key, so each reader sees them in their own language.

An assessment stores each evidence line as ``{"key": …, "params": {…}}``: a key of
:data:`MESSAGES` and its values (ISO dates and times, channel, kind and status codes,
counts, codenames, place and holder names). The sentence is translated when it is shown,
with each value isolated for right-to-left pages. Lines stored as English sentences before
keys existed keep showing as they are (translated when they are one of the fixed sentences).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from safepassage import sentences
from safepassage.sentences import choice_label, moment, render_sentence

MESSAGES: dict[str, StrOrPromise] = {
    "auth_not_attempted": _("No authentication on the contact of %(at)s (%(channel)s)."),
    "auth_failed": _("Authentication failed on the contact of %(at)s (%(channel)s)."),
    "auth_failed_unticked": _(
        "Authentication failed on the contact of %(at)s (%(channel)s), which the request does "
        "not rest on."
    ),
    "duress_word": _("The duress word was used on the contact of %(at)s (%(channel)s)."),
    "duress_word_unticked": _(
        "The duress word was used on the contact of %(at)s (%(channel)s), which the request "
        "does not rest on."
    ),
    "all_clear_missing": _(
        "An all-clear word was agreed but not given on the contact of %(at)s (%(channel)s)."
    ),
    "lure_urgency": _("The request urges an immediate pick-up."),
    "lure_holder_away": _("The request says the holder is away."),
    "lure_captive_location": _(
        "Rescuers are asked to come to where she is held, not to a meeting point the network chose."
    ),
    "lure_phrases": _("What she asked on the contact of %(at)s: %(phrases)s."),
    "number_in_incident": _(
        "The number used was recorded in an earlier incident: %(incident_kind)s on %(date)s."
    ),
    "number_unsafe_member": _(
        "The number used is a channel of member %(codename)s (%(member_status)s)."
    ),
    "number_other_person": _(
        "The number used also appears in the records of other persons: %(count)s."
    ),
    "place_in_incident": _(
        "%(place)s (%(place_kind)s) is linked to an earlier incident: %(incident_kind)s on "
        "%(date)s."
    ),
    "place_unsafe_source": _(
        "%(place)s (%(place_kind)s) was reported by member %(codename)s (%(member_status)s)."
    ),
    "holder_in_incident": _(
        "Holder %(holder)s is linked to an earlier incident: %(incident_kind)s on %(date)s."
    ),
    "pickup_near_incident": _(
        "The pick-up is %(km)s km from an earlier incident: %(incident_kind)s on %(date)s "
        "(limit %(limit)s km)."
    ),
    "no_report": _("No location report supports where she is said to be."),
    "no_graded_report": _("No graded location report."),
    "one_source": _("Location reports: %(count)s, all from one source, none corroborated."),
    "unsafe_sources": _(
        "Location reports: %(count)s, not corroborated by an independent source: what a "
        "compromised, captured, missing or killed member reported does not count."
    ),
    "low_grade": _("The best location report is graded %(grade)s (minimum %(minimum)s)."),
    "conflict_place": _(
        "The request says %(place)s (%(place_kind)s); the latest report of %(at)s says "
        "%(report_place)s (%(report_place_kind)s)."
    ),
    "conflict_holder": _(
        "The request names holder %(holder)s; the latest report of %(at)s names %(report_holder)s."
    ),
    "conflict_children_family": _(
        "Children with her, as the request says: %(count)s; as the family reported: %(family)s."
    ),
    "conflict_children_report": _(
        "Children with her, as the request says: %(count)s; as the report of %(at)s says: "
        "%(report)s."
    ),
    "long_silence": _("Days since the contact before: %(days)s (limit %(limit)s)."),
    "contact_burst": _("Contacts within %(hours)s hours: %(count)s (limit %(limit)s)."),
}


def line(key: str, **params: Any) -> dict[str, Any]:
    """One evidence line to store: its key and its values (JSON: strings and numbers)."""
    if key not in MESSAGES:
        raise ValueError(f"Unknown evidence line {key!r}.")
    return {"key": key, "params": params}


def _phrases(value: Any) -> str:
    items = value if isinstance(value, list | tuple) else [value]
    return ", ".join(f"“{p}”" for p in items)


# Values stored as codes or times, shown in the reader's language and time zone.
FORMATS: dict[str, Callable[[Any], str]] = {
    "at": moment,
    "channel": choice_label("tracing.Contact", "channel"),
    "incident_kind": choice_label("intel.Incident", "kind"),
    "place_kind": choice_label("intel.Place", "kind"),
    "report_place_kind": choice_label("intel.Place", "kind"),
    "member_status": choice_label("intel.Member", "status"),
    "phrases": _phrases,
}

# The English sentences without values: a line stored as one of them before keys existed is
# shown translated.
_FIXED_KEYS = (
    "lure_urgency",
    "lure_holder_away",
    "lure_captive_location",
    "no_report",
    "no_graded_report",
)


def _render_key(key: str, params: Mapping[str, Any]) -> SafeString | None:
    return render_sentence(MESSAGES, FORMATS, key, params)


def _fixed_english() -> dict[str, str]:
    with translation.override("en"):
        return {str(MESSAGES[key]): key for key in _FIXED_KEYS}


def render(entry: Any) -> SafeString:
    """An evidence line in the active language (HTML, values in ``<bdi>``); a line stored
    as plain text is shown as it is, translated when it is one of the fixed sentences."""
    if isinstance(entry, Mapping):
        text = _render_key(str(entry.get("key", "")), entry.get("params") or {})
        if text is not None:
            return text
        return escape(str(entry.get("key", "")))
    message = str(entry)
    fixed = _fixed_english().get(message)
    return escape(str(MESSAGES[fixed]) if fixed else message)


def plain(entry: Any) -> str:
    """An evidence line in the active language, as plain text (for the API)."""
    return sentences.plain(render(entry))
