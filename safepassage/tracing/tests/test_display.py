"""How persons and their choices are written on pages: names in every spelling, labels."""

from __future__ import annotations

from html import unescape as html_unescape
from typing import Any

import pytest
from django.template import Context, Template
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from safepassage.intel.models import LocationReport
from safepassage.tracing.models import Contact, Person, PersonLink, PersonStatus, StatusChange


def _names(person: Person) -> str:
    return Template("{% load tracing %}{% person_names person %}").render(
        Context({"person": person})
    )


def test_names_in_every_spelling_and_part() -> None:
    person = Person(
        given_names=["Khalil", "خليل"],
        father_names=["Murad"],
        grandfather_names=[],
        family_names=["Sheikh", "شيخ"],
    )
    assert _names(person) == ('<span class="names">Khalil / خليل · Murad · Sheikh / شيخ</span>')


def test_names_are_escaped() -> None:
    person = Person(given_names=['<script>alert("x")</script>'], family_names=["A&B"])
    html = _names(person)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; · A&amp;B" in html


def test_no_given_name_is_said_in_the_page_language() -> None:
    person = Person(given_names=[], family_names=["Sheikh"])
    assert _names(person) == (
        '<span class="names"><span class="muted">(no given name)</span> · Sheikh</span>'
    )
    with translation.override("ar"):
        arabic = _names(person)
    assert "(no given name)" not in arabic and "Sheikh" in arabic


@pytest.mark.parametrize(
    ("record", "method", "english"),
    [
        (Person(status=PersonStatus.MISSING), "get_status_display", "Missing"),
        (StatusChange(to_status=PersonStatus.REUNITED), "get_to_status_display", "Reunited"),
        (Contact(channel="phone"), "get_channel_display", "Phone call"),
        (PersonLink(kind="child"), "get_kind_display", "Child"),
        (
            LocationReport(source_reliability="B"),
            "get_source_reliability_display",
            "B: usually reliable",
        ),
    ],
)
def test_choice_labels_follow_the_language(record, method, english) -> None:
    field = next(f for f in type(record)._meta.fields if method == f"get_{f.name}_display")
    stored = getattr(record, field.attname)
    assert getattr(record, method)() == english
    with translation.override("ar"):
        arabic = getattr(record, method)()
        assert arabic == str(dict(field.flatchoices)[stored]) and arabic != english
    setattr(record, field.attname, "no-such-value")
    assert getattr(record, method)() == "no-such-value"  # unknown values shown as stored


# The include the tag replaced, with the labels a reader sees (the field's name and the
# level of agreement in her language; the level's code stays in the class): the tag must
# write the same HTML.
EVIDENCE_TEMPLATE = (
    '{% load i18n %}<table class="evidence"><thead><tr><th>{% translate "Field" %}</th>'
    "<th>{{ left_label }}</th><th>{{ right_label }}</th>"
    '<th>{% translate "Agreement" %}</th><th>{% translate "Weight" %}</th></tr></thead><tbody>\n'
    '{% for e in evidence %}<tr class="lvl-{{ e.level }}"><td>{{ e.field_label }}</td>'
    '<td dir="auto">{{ e.left }}</td><td dir="auto">{{ e.right }}</td><td>{{ e.level_label }}</td>'
    "<td>{{ e.weight|floatformat:1 }}</td></tr>{% endfor %}\n</tbody></table>\n"
)
# What a reader sees for the codes the rows below use; any other code is shown as it is.
SHOWN = {"given": "Given name", "exact": "the same, spelled differently", "close": "close spelling"}
SHOWN_MISSING = "not given"


def _shown_rows(evidence: list[dict[str, Any]]) -> list[dict[str, Any]]:
    def shown(code: str) -> str:
        return translation.gettext(SHOWN[code]) if code in SHOWN else code

    return [
        {
            **row,
            "field_label": shown(row["field"]),
            "level_label": translation.gettext(SHOWN_MISSING)
            if row["level"] == "missing"
            else shown(row["level"]),
        }
        for row in evidence
    ]


words = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)
rows = st.fixed_dictionaries(
    {
        "field": st.one_of(words, st.just("given")),
        "level": st.sampled_from(["exact", "close", "different", "missing", '<"&>']),
        "weight": st.floats(-20, 20, allow_nan=False),
        "left": words,
        "right": st.one_of(words, st.none(), st.integers()),
    }
)


@settings(max_examples=60, deadline=None)
@given(
    evidence=st.lists(rows, max_size=4),
    labels=st.tuples(words, words),
    language=st.sampled_from(["en", "ar", "kmr"]),
)
def test_evidence_table_writes_what_the_template_wrote(evidence, labels, language) -> None:
    tag = "{% load tracing %}{% evidence_table evidence left_label right_label %}"
    context = {"evidence": evidence, "left_label": labels[0], "right_label": labels[1]}
    with translation.override(language):
        expected = Template(EVIDENCE_TEMPLATE).render(
            Context({**context, "evidence": _shown_rows(evidence)})
        )
        assert Template(tag).render(Context(context)) == expected


@pytest.mark.parametrize(
    ("language", "shown", "hidden"),
    [
        ("en", ["Father's name", "Female", "the same year", "not given"], [">father<", ">f<"]),
        ("ar", ["اسم الأب", "أنثى"], [">father<", ">f<", "Father's name", "the same year"]),
        ("kmr", ["Navê bav", "Mê"], [">father<", ">f<", "Father's name", "Female"]),
    ],
)
def test_evidence_table_speaks_the_readers_language(language, shown, hidden) -> None:
    """Field names, her sex and the levels of agreement as words, never the matcher's codes."""
    evidence = [
        {"field": "father", "level": "exact", "weight": 3.2, "left": "Hesen", "right": "حسن"},
        {"field": "sex", "level": "agree", "weight": 0.4, "left": "f", "right": "f"},
        {"field": "birth", "level": "exact", "weight": 2.0, "left": 1997, "right": 1997},
        {"field": "mother", "level": "missing", "weight": 0.0, "left": "", "right": "Gulê"},
    ]
    with translation.override(language):
        html = Template("{% load tracing %}{% evidence_table evidence 'a' 'b' %}").render(
            Context({"evidence": evidence})
        )
    for text in shown:
        assert text in html_unescape(html)
    for text in hidden:
        assert text not in html
    assert 'class="lvl-exact"' in html and 'class="lvl-missing"' in html


def _assert_same_html(tag: str, template: str, context: dict[str, Any], language: str) -> None:
    """The tag writes, in ``language``, exactly what the template it replaced wrote."""
    with translation.override(language):
        assert Template(tag).render(Context(context)) == Template(template).render(Context(context))


# The list's rows as the template wrote them before the tag: the tag must write the same.
ROWS_TEMPLATE = (
    '{% load tracing %}{% for person in persons %}<tr><td><a href="{% url '
    '\'tracing:person_detail\' person.pk %}" dir="auto">{% person_names person %}</a></td>'
    '<td>{{ person.birth_year|default:"" }}{% if person.birth_year_uncertainty %} '
    "±{{ person.birth_year_uncertainty }}{% endif %}</td><td>{{ person.get_status_display }}"
    "</td></tr>\n{% endfor %}"
)
persons = st.builds(
    Person,
    given_names=st.lists(words, max_size=2),
    family_names=st.lists(words, max_size=2),
    birth_year=st.one_of(st.none(), st.integers(0, 2026)),
    birth_year_uncertainty=st.one_of(st.none(), st.integers(0, 30)),
    status=st.sampled_from([*PersonStatus.values, "<unknown & stored>"]),
)


@settings(max_examples=60, deadline=None)
@given(people=st.lists(persons, max_size=4), language=st.sampled_from(["en", "ar", "ckb"]))
def test_person_rows_write_what_the_template_wrote(people, language) -> None:
    _assert_same_html(
        "{% load tracing %}{% person_rows persons %}", ROWS_TEMPLATE, {"persons": people}, language
    )


# The loops the tag replaced, as they were (intake: with help and errors; person page: not).
FIELDS_WITH_NOTES = (
    "{% for field in form %}{% if forloop.counter >= first and forloop.counter <= last %}"
    '<div><label for="{{ field.id_for_label }}">{{ field.label }}</label>{{ field }}'
    '{% if field.help_text %}<small class="muted">{{ field.help_text }}</small>{% endif %}'
    "{{ field.errors }}</div>{% endif %}{% endfor %}"
)
FIELDS_PLAIN = (
    '{% for field in form %}<div><label for="{{ field.id_for_label }}">{{ field.label }}'
    "</label>{{ field }}</div>{% endfor %}"
)
intake_input = st.dictionaries(
    st.sampled_from(["given_names", "family_names", "birth_year", "sex", "reporter_name"]),
    st.one_of(words, st.just("<b>&amp;</b>"), st.just("1990"), st.just("female")),
)


@settings(max_examples=40, deadline=None)
@given(
    data=st.one_of(st.none(), intake_input),
    span=st.sampled_from([(1, 13), (14, 0), (1, 0), (5, 6)]),
    language=st.sampled_from(["en", "ar", "kmr"]),
)
def test_field_rows_write_what_the_loops_wrote(data, span, language) -> None:
    from safepassage.tracing.forms import IntakeForm

    first, last = span
    with translation.override(language):
        form = IntakeForm(data)
        form.is_valid()  # errors, when bound
        tag = Template("{% load tracing %}{% field_rows form first last %}")
        context = {"form": form, "first": first, "last": last or len(form.fields)}
        assert tag.render(Context({**context, "last": last})) == Template(FIELDS_WITH_NOTES).render(
            Context(context)
        )


@pytest.mark.parametrize("name", ["StatusForm", "QuestionForm", "WordsForm"])
@pytest.mark.parametrize("language", ["en", "ar"])
def test_field_rows_without_notes_write_what_the_loop_wrote(name, language) -> None:
    from safepassage.tracing import forms

    form = getattr(forms, name)()
    tag = Template("{% load tracing %}{% field_rows form notes=False %}")
    with translation.override(language):
        html = tag.render(Context({"form": form}))
        assert html == Template(FIELDS_PLAIN).render(Context({"form": form}))
    assert html.count("<div><label") == len(form.fields)
