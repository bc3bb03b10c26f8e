"""The Python widget writer gives, character for character, what Django's templates give."""

from __future__ import annotations

import datetime

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.forms.utils import ErrorList
from hypothesis import given, settings
from hypothesis import strategies as st

from safepassage.formrender import FastWidgetRenderer

TEMPLATES = DjangoTemplates()
FAST = FastWidgetRenderer()

text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=20)
attrs = st.dictionaries(
    st.sampled_from(["class", "placeholder", "data-x", "autocomplete", "required", "disabled"]),
    st.one_of(text, st.booleans(), st.integers(-5, 5)),
    max_size=4,
)


def _both(widget: forms.Widget, name: str, value: object, extra: dict[str, object]) -> None:
    expected = widget.render(name, value, attrs=dict(extra), renderer=TEMPLATES)
    got = widget.render(name, value, attrs=dict(extra), renderer=FAST)
    assert got == expected


@settings(max_examples=150, deadline=None)
@given(
    kind=st.sampled_from(
        [
            forms.TextInput,
            forms.NumberInput,
            forms.EmailInput,
            forms.PasswordInput,
            forms.HiddenInput,
            forms.DateInput,
            forms.Textarea,
        ]
    ),
    name=text,
    value=st.one_of(st.none(), text, st.integers(), st.just(datetime.date(2024, 3, 1))),
    extra=attrs,
)
def test_inputs_and_text_areas(
    kind: type[forms.Widget], name: str, value: object, extra: dict[str, object]
) -> None:
    _both(kind(), name, value, extra)


@settings(max_examples=150, deadline=None)
@given(
    choices=st.lists(st.tuples(text, text), max_size=6),
    groups=st.lists(st.tuples(text, st.lists(st.tuples(text, text), max_size=3)), max_size=2),
    value=st.one_of(st.none(), text),
    extra=attrs,
)
def test_selects_with_and_without_groups(
    choices: list[tuple[str, str]],
    groups: list[tuple[str, list[tuple[str, str]]]],
    value: str | None,
    extra: dict[str, object],
) -> None:
    _both(forms.Select(choices=choices), "status", value, extra)
    _both(forms.Select(choices=[*choices, *groups]), "place", value, extra)


@pytest.mark.parametrize("value", [True, False, None])
def test_checkbox(value: bool | None) -> None:
    _both(forms.CheckboxInput(), "consent", value, {"id": "id_consent"})


def test_radio_lists_and_multiple_selects() -> None:
    radio = forms.RadioSelect(choices=[("a", "A"), ("b", "B")])
    assert radio.render("r", "a", renderer=FAST) == radio.render("r", "a", renderer=TEMPLATES)
    multiple = forms.SelectMultiple(choices=[("a", "A"), ("b", "B")])
    assert multiple.render("m", ["a"], renderer=FAST) == multiple.render(
        "m", ["a"], renderer=TEMPLATES
    )


def test_plain_widgets_skip_the_template_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self: object, template_name: str) -> None:
        raise AssertionError(f"template used: {template_name}")

    monkeypatch.setattr(FastWidgetRenderer, "get_template", refuse)
    assert "selected" in forms.Select(choices=[("a", "A")]).render("s", "a", renderer=FAST)
    assert forms.TextInput().render("t", "x", renderer=FAST).startswith("<input")
    assert forms.Textarea().render("n", "x", renderer=FAST).startswith("<textarea")
    with pytest.raises(AssertionError, match="radio"):
        forms.RadioSelect(choices=[("a", "A")]).render("r", "a", renderer=FAST)


@settings(max_examples=80, deadline=None)
@given(
    messages=st.lists(text, max_size=3),
    field_id=st.one_of(st.none(), st.just("id_name"), text),
    error_class=st.sampled_from([None, "nonfield", "errorlist x"]),
)
def test_error_lists(messages: list[str], field_id: str | None, error_class: str | None) -> None:
    def errors(renderer: DjangoTemplates) -> str:
        found = ErrorList(messages, error_class=error_class, renderer=renderer, field_id=field_id)
        return f"{found}|{found.as_ul()}"

    assert errors(FAST) == errors(TEMPLATES)


def test_form_errors_as_django_writes_them() -> None:
    class Report(forms.Form):
        name = forms.CharField()
        born = forms.IntegerField(min_value=1900)

        def clean(self) -> dict[str, object]:
            raise forms.ValidationError("Check the <whole> report.")

    for data in ({}, {"name": "Layla", "born": "1850"}, {"name": "Layla", "born": "1990"}):
        fast, slow = Report(data, renderer=FAST), Report(data, renderer=TEMPLATES)
        for name in ("name", "born"):
            assert str(fast[name].errors) == str(slow[name].errors)
        assert str(fast.non_field_errors()) == str(slow.non_field_errors())
        assert "&lt;whole&gt;" in str(fast.non_field_errors())


def test_empty_error_lists_skip_the_template_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self: object, template_name: str) -> None:
        raise AssertionError(f"template used: {template_name}")

    monkeypatch.setattr(FastWidgetRenderer, "get_template", refuse)
    assert str(ErrorList(renderer=FAST)) == ""
    assert 'class="errorlist"' in str(ErrorList(["Too short."], renderer=FAST))
