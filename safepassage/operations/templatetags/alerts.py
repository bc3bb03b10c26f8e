"""``{{ alert|alert_text }}``: what an alert says, in the viewer's language.
``{{ alert|alert_closure }}``: how it was closed (acknowledged by whom, or retired)."""

from __future__ import annotations

from collections.abc import Mapping

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from safepassage.operations import alert_messages
from safepassage.operations.models import Alert
from safepassage.sentences import render_sentence

register = template.Library()

CLOSURES: dict[str, StrOrPromise] = {
    "retired": _("closed: no longer needed"),
    "acknowledged": _("acknowledged by %(name)s"),
}


@register.filter
def alert_text(alert: Alert, places: Mapping[int, str] | None = None) -> SafeString:
    """``places``: the route's place names by waypoint number, where the page shows the route."""
    return alert_messages.alert_text(alert, places)


@register.filter
def alert_closure(alert: Alert) -> SafeString:
    """Empty while the alert is open; "closed: no longer needed" when the system retired it
    (what it asked no longer holds); else "acknowledged by" the coordinator, name isolated."""
    if alert.acknowledged_at is None:
        return SafeString("")
    if alert.closed_by_system or alert.acknowledged_by is None:
        return escape(CLOSURES["retired"])
    name = {"name": alert.acknowledged_by.username}
    return render_sentence(CLOSURES, {}, "acknowledged", name) or escape(CLOSURES["retired"])
