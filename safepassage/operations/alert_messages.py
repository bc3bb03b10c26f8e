"""What alerts say, by key, so each coordinator reads them in their own language.

An alert stores a key of :data:`MESSAGES` and its values (codenames, counts, times, status
codes); the sentence is translated when it is shown, and each value is isolated for
right-to-left pages (``<bdi>``). Alerts raised before keys existed keep their English
message, translated when it is one of the fixed sentences in :data:`FIXED`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from safepassage.sentences import choice_label, moment, plain, render_sentence

MESSAGES: dict[str, StrOrPromise] = {
    "request_needs_approval": _(
        "A rescue request scored %(total)s (threshold %(threshold)s): two coordinators must "
        "approve before any operation."
    ),
    "member_status": _(
        "Member %(codename)s is now %(member_status)s. Check what this member and their "
        "account could see; warn and move people."
    ),
    "duress_login": _("Duress password used by %(username)s. The account is locked."),
    "check_in_duress": _(
        "DURESS: %(member)s on operation %(operation)s checked in with the duress code at "
        "%(at)s (%(where)s). Their screen showed an ordinary check-in."
    ),
    "check_in_duress_not_underway": _(
        "DURESS: %(member)s sent the duress code of operation %(operation)s "
        "(%(operation_status)s: not underway) at %(at)s (%(where)s). Their screen showed what "
        "any code gets there; no check-in was recorded."
    ),
    "check_in_duress_refused": _(
        "DURESS: %(member)s sent the duress code of operation %(operation)s at %(at)s "
        "(%(where)s) in a check-in refused for its input. Their screen showed the refusal any "
        "code gets; no check-in was recorded."
    ),
    "check_in_wrong_code": _(
        "%(member)s on operation %(operation)s checked in at %(at)s (%(where)s) with a wrong "
        "or missing check-in code. Confirm on another channel."
    ),
    "check_in_danger": _(
        "DANGER: %(member)s on operation %(operation)s reported danger at %(at)s (%(where)s)."
    ),
    "overdue": _(
        "Operation %(operation)s missed its check-in due %(due)s (grace %(grace)s min; last "
        "check-in %(last)s)."
    ),
    "overdue_none": _(
        "Operation %(operation)s missed its check-in due %(due)s (grace %(grace)s min; no "
        "check-in since the start)."
    ),
    "operation_blocked": _(
        "Operation %(operation)s is approved but cannot start: rescue requests still waiting "
        "for the trap check's approvals: %(count)s."
    ),
    "operation_outcome": _(
        "Operation %(operation)s ended (%(operation_status)s): persons brought out: %(out)s of "
        "%(total)s."
    ),
    "operation_outcome_captured": _(
        "Operation %(operation)s ended (%(operation_status)s): persons brought out: %(out)s of "
        "%(total)s. Captured: %(captured)s. Open the compromise report and warn families; "
        "move safe houses."
    ),
    "operation_outcome_lost": _(
        "Operation %(operation)s ended (%(operation_status)s): persons brought out: %(out)s of "
        "%(total)s. Captured or killed: %(lost)s; their accounts are locked. Open the "
        "compromise report and warn families; move safe houses."
    ),
    "request_closed_on_operation": _(
        "A rescue request that operation %(operation)s (%(operation_status)s) carries was "
        "closed: the operation cannot start with it and its team no longer sees her pick-up. "
        "Decide whether to abort the operation or change its plan."
    ),
}

# English sentences with no values that alerts were (or are) raised with: shown translated.
FIXED: frozenset[str] = frozenset(
    {
        gettext_noop(
            "Duress word used in a contact: she may be forced to call. Do not act on this "
            "contact; review the case."
        ),
    }
)


def _where(value: Any) -> str:
    """A waypoint's number, or (since positions are kept) ``{"waypoint", "position"}``; the
    place's name (``"place"``) is added only when shown to someone who may see the route."""
    position = place = ""
    if isinstance(value, dict):
        position = str(value.get("position") or "")
        place = str(value.get("place") or "")
        value = value.get("waypoint")
    if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
        said = {"n": value, "position": position, "place": place}
        if place and position:
            return gettext("at %(place)s (waypoint %(n)s); position given: %(position)s") % said
        if place:
            return gettext("at %(place)s (waypoint %(n)s)") % said
        if position:
            return gettext("at waypoint %(n)s; position given: %(position)s") % said
        return gettext("at waypoint %(n)s") % said
    if position:
        return gettext("position given: %(position)s") % {"position": position}
    return gettext("position not given")


# Values stored as codes or times, shown in the viewer's language and time zone.
FORMATS: dict[str, Callable[[Any], str]] = {
    "at": moment,
    "due": moment,
    "last": moment,
    "member_status": choice_label("intel.Member", "status"),
    "operation_status": choice_label("operations.Operation", "status"),
    "where": _where,
}


def render(key: str, params: Mapping[str, Any]) -> SafeString | None:
    """The sentence of ``key`` in the active language, each value in its own ``<bdi>``;
    None when the key is unknown or a value is missing."""
    return render_sentence(MESSAGES, FORMATS, key, params)


def english(key: str, params: Mapping[str, Any]) -> str:
    """The sentence in English, plain text (stored with the alert, for the record)."""
    with translation.override("en"):
        text = render(key, params)
    if text is None:
        raise ValueError(f"Unknown alert message {key!r} or missing values.")
    return plain(text)


def with_place(params: Mapping[str, Any], places: Mapping[int, str]) -> dict[str, Any]:
    """``params`` with the name of the waypoint they give (``places``: position → name)."""
    where = params.get("where")
    found = dict(where) if isinstance(where, dict) else {"waypoint": where}
    number = found.get("waypoint")
    if isinstance(number, str) and number.isdigit():
        number = int(number)
    if not isinstance(number, int) or number not in places:
        return dict(params)
    return {**params, "where": {**found, "waypoint": number, "place": places[number]}}


def alert_text(alert: Any, places: Mapping[int, str] | None = None) -> SafeString:
    """What an alert says, in the viewer's language (falls back to its stored message).

    ``places`` names the waypoints of the alert's operation, by position: given only for a
    viewer who may see its route."""
    params = alert.message_params or {}
    if places:
        params = with_place(params, places)
    text = render(alert.message_key, params) if alert.message_key else None
    if text is not None:
        return text
    message = str(alert.message)
    return escape(gettext(message) if message in FIXED else message)
