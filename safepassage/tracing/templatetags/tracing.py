"""Tags for what tracing pages show many times over, written in Python.

``{% person_names person %}``: her names in every spelling, for headings and lists.
``{% evidence_table rows left_label right_label %}``: a match's field-by-field evidence.

Tags rather than included templates: lists show them once a row (and a match check ten
evidence tables), and the template engine cost more per row than the rest of the page.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django import template
from django.template.defaultfilters import floatformat
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from safepassage.tracing.models import Person

register = template.Library()
SEPARATOR = escape(" · ")


@register.simple_tag
def person_names(person: Person) -> SafeString:
    """Given names, then father's, grandfather's and family names, each spelling " / "."""
    if person.given_names:
        given = escape(" / ".join(map(str, person.given_names)))
    else:
        given = format_html('<span class="muted">{}</span>', gettext("(no given name)"))
    others = (person.father_names, person.grandfather_names, person.family_names)
    # Escaped parts added up stay safe text: a search lists up to 50 persons, and a
    # format_html per part cost a fifth of the page.
    rest = escape("")
    for names in others:
        if names:
            rest += SEPARATOR + escape(" / ".join(map(str, names)))
    return format_html('<span class="names">{}{}</span>', given, rest)


@register.simple_tag
def evidence_table(
    evidence: Iterable[Mapping[str, Any]], left_label: str, right_label: str
) -> SafeString:
    """One row a field: its name, both values, how well they agree and the weight it adds."""
    rows = format_html_join(
        "",
        '<tr class="lvl-{}"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>',
        (
            (e["level"], e["field"], e["left"], e["right"], e["level"], floatformat(e["weight"], 1))
            for e in evidence
        ),
    )
    return format_html(
        '<table class="evidence"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th>'
        "<th>{}</th></tr></thead><tbody>\n{}\n</tbody></table>\n",
        gettext("Field"),
        left_label,
        right_label,
        gettext("Agreement"),
        gettext("Weight"),
        rows,
    )
