"""Tags for what tracing pages show many times over, written in Python.

``{% person_names person %}``: her names in every spelling, for headings and lists.
``{% evidence_table rows left_label right_label %}``: a match's field-by-field evidence.
``{% person_rows persons %}``: the person list's rows, each linking to her page.
``{% field_rows form first last notes %}``: a form's fields, each with its label.
``{{ change|status_reason }}``: why her status changed, in the reader's language.
``{{ value|when }}``: a date or a moment in the one style of her page.
``{{ code|language_name }}``: a language she spoke (``kmr``) by its name, in the reader's.

Tags rather than included templates: lists show them once a row (and a match check ten
evidence tables), and the template engine cost more per row than the rest of the page.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from django import template
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.formats import localize
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from safepassage.tracing import status_reasons
from safepassage.tracing.models import Person, StatusChange

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


@lru_cache(maxsize=4096)
def _weight_text(weight: float, language: str | None) -> str:
    return floatformat(weight, 1)


def _weight(weight: float) -> str:
    """``weight|floatformat:1``. A matcher's weights are a few values, and each formatting
    cost more than the rest of its row (checks show ten tables of ten rows)."""
    return _weight_text(weight, get_language())


# What the matcher calls each field and each level of agreement, as a person reads them.
FIELD_LABELS = {
    "given": _("Given name"),
    "father": _("Father's name"),
    "grandfather": _("Grandfather's name"),
    "family": _("Family or clan name"),
    "mother": _("Mother's name"),
    "sex": _("Sex"),
    "birth": _("Born"),
    "home": _("Home village or town"),
}
NAME_LEVEL_LABELS = {
    "identical": _("identical"),
    "exact": _("the same, spelled differently"),
    "close": _("close spelling"),
    "skeleton_only": _("similar sound"),
    "partial": _("partly the same"),
    "disagree": _("different"),
}
LEVEL_LABELS = {
    "sex": {"agree": _("the same"), "disagree": _("different")},
    "birth": {
        "date_exact": _("the same date"),
        "date_close": _("close dates"),
        "exact": _("the same year"),
        "within": _("within the years given"),
        "near": _("a few years apart"),
        "far": _("far apart"),
    },
}
SEX_LABELS = {"f": _("Female"), "m": _("Male")}


def _level_label(field: str, level: str) -> str:
    if level == "missing":
        return gettext("not given")
    return str(LEVEL_LABELS.get(field, NAME_LEVEL_LABELS).get(level, level))


def _value(field: str, value: Any) -> Any:
    return SEX_LABELS.get(value, value) if field == "sex" else value


@register.simple_tag
def evidence_table(
    evidence: Iterable[Mapping[str, Any]], left_label: str, right_label: str
) -> SafeString:
    """One row a field: its name, both values, how well they agree and the weight it adds,
    in the reader's language (the level's code stays in the row's class)."""
    rows = format_html_join(
        "",
        '<tr class="lvl-{}"><td>{}</td><td dir="auto">{}</td><td dir="auto">{}</td><td>{}</td>'
        "<td>{}</td></tr>",
        (
            (
                e["level"],
                FIELD_LABELS.get(e["field"], e["field"]),
                _value(e["field"], e["left"]),
                _value(e["field"], e["right"]),
                _level_label(e["field"], e["level"]),
                _weight(e["weight"]),
            )
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


# Her page's address with a key no person has, to put each person's key in (a reverse() a
# row cost a tenth of a search).
_NO_ONE = "00000000-0000-0000-0000-000000000000"


@register.simple_tag
def person_rows(persons: Iterable[Person]) -> SafeString:
    """A row a person: her names linking to her page, year of birth (± years), status."""
    before, _, after = reverse("tracing:person_detail", args=[_NO_ONE]).partition(_NO_ONE)
    return format_html_join(
        "",
        '<tr><td><a href="{}{}{}" dir="auto">{}</a></td><td>{}{}</td><td>{}</td></tr>\n',
        (
            (
                before,
                person.pk,
                after,
                person_names(person),
                localize(person.birth_year) if person.birth_year else "",
                f" ±{localize(person.birth_year_uncertainty)}"
                if person.birth_year_uncertainty
                else "",
                person.get_status_display(),
            )
            for person in persons
        ),
    )


@register.simple_tag
def field_rows(form: Any, first: int = 1, last: int = 0, notes: bool = True) -> SafeString:
    """Fields ``first`` to ``last`` (counting from 1; 0: to the end), each in a ``<div>``
    with its label, then (``notes``) its help text and errors. The intake form has 23."""
    chosen = list(form)[first - 1 : last or None]
    return format_html_join(
        "",
        '<div><label for="{}">{}</label>{}{}{}</div>',
        (
            (
                field.id_for_label,
                field.label,
                field,
                format_html('<small class="muted">{}</small>', field.help_text)
                if notes and field.help_text
                else "",
                field.errors if notes else "",
            )
            for field in chosen
        ),
    )


@register.filter
def status_reason(change: StatusChange) -> SafeString:
    """Why her status changed: a sentence the system wrote, in the reader's language with its
    values isolated; a typed reason (or an old English one) as stored, in its own direction."""
    return status_reasons.render(change)


# The languages consents and testimonies are given in, named in the reader's language.
LANGUAGE_NAMES = {
    "ar": _("Arabic"),
    "ckb": _("Sorani Kurdish"),
    "kmr": _("Kurmanji Kurdish"),
    "en": _("English"),
}


@register.filter
def language_name(code: str) -> str:
    """A language's name in the reader's language; a code this system does not know as is."""
    name = LANGUAGE_NAMES.get(code)
    return str(name) if name is not None else code


@register.filter
def when(value: datetime.date | datetime.datetime | None) -> SafeString:
    """Every date on her page in one style, whatever the language: ``YYYY-MM-DD``, and
    ``YYYY-MM-DD HH:MM`` in the viewer's time zone for a moment, kept left to right on a
    right-to-left page (a language's own format mixed month names, orders and scripts)."""
    if not value:
        return SafeString("")
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        shown = dateformat.format(value, "Y-m-d H:i")
    else:
        shown = value.isoformat()
    return format_html('<time datetime="{}" dir="ltr">{}</time>', value.isoformat(), shown)
