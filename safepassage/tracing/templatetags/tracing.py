"""``{% person_names person %}``: her names in every spelling, for headings and lists.

A tag rather than an included template: lists show it once a row, and an include per row
cost more than the rest of the row together.
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from safepassage.tracing.models import Person

register = template.Library()


@register.simple_tag
def person_names(person: Person) -> SafeString:
    """Given names, then father's, grandfather's and family names, each spelling " / "."""
    if person.given_names:
        given = format_html("{}", " / ".join(map(str, person.given_names)))
    else:
        given = format_html('<span class="muted">{}</span>', gettext("(no given name)"))
    others = [person.father_names, person.grandfather_names, person.family_names]
    return format_html(
        '<span class="names">{}{}</span>',
        given,
        format_html_join("", " · {}", ((" / ".join(map(str, n)),) for n in others if n)),
    )
