"""``{{ alert|alert_text }}``: what an alert says, in the viewer's language."""

from __future__ import annotations

from collections.abc import Mapping

from django import template
from django.utils.safestring import SafeString

from safepassage.operations import alert_messages
from safepassage.operations.models import Alert

register = template.Library()


@register.filter
def alert_text(alert: Alert, places: Mapping[int, str] | None = None) -> SafeString:
    """``places``: the route's place names by waypoint number, where the page shows the route."""
    return alert_messages.alert_text(alert, places)
