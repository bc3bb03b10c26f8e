"""Tracing's messages are translatable and translated, Django's form messages in Kurmanji too."""

from __future__ import annotations

import ast
from pathlib import Path

import polib  # type: ignore[import-untyped]  # polib ships no type hints
import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import translation

from safepassage.tests.translations import marked_strings, translation_table
from safepassage.tracing.formmessages import DJANGO_FORM_MESSAGES
from safepassage.tracing.forms import IntakeForm
from safepassage.tracing.services.persons import birth_parse

TRACING = Path(__file__).resolve().parent.parent


def test_every_marked_tracing_message_has_three_translations() -> None:
    table = translation_table()
    modules = [p for p in TRACING.rglob("*.py") if "tests" not in p.parts]
    marked = {text for path in modules for text in marked_strings(path)}
    assert "The contact cannot be in the future." in marked  # the services are scanned
    missing = sorted(t for t in marked if t not in table or not all(table[t]))
    assert missing == []


@pytest.mark.parametrize(
    "service", ["persons.py", "contacts.py", "photos.py", "_common.py", "matching.py"]
)
def test_service_messages_are_marked_for_translation(service: str) -> None:
    # A message a person reads is raised in a ValidationError: no plain string literal.
    tree = ast.parse((TRACING / "services" / service).read_text(encoding="utf-8"))
    # Not covered yet: the person-link messages.
    functions = [
        node
        for node in tree.body
        if not (isinstance(node, ast.FunctionDef) and node.name.startswith("person_link"))
    ]
    plain: list[str] = []
    for node in (inner for top in functions for inner in ast.walk(top)):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "ValidationError":
            for arg in node.args:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    plain.append(arg.value)
                if isinstance(arg, ast.Dict):
                    plain += [
                        v.value
                        for v in arg.values
                        if isinstance(v, ast.Constant) and isinstance(v.value, str)
                    ]
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
            target = node.targets[0]
            if isinstance(target, ast.Subscript) and getattr(target.value, "id", "") == "errors":
                plain.append(str(node.value.value))
    assert plain == []


def test_the_django_messages_listed_are_exactly_djangos() -> None:
    listed = {str(message) for message in DJANGO_FORM_MESSAGES}
    assert forms.Field.default_error_messages["required"] in listed
    assert forms.ChoiceField.default_error_messages["invalid_choice"] in listed
    assert forms.DateField.default_error_messages["invalid"] in listed
    assert forms.DateTimeField.default_error_messages["invalid"] in listed
    with pytest.raises(ValidationError) as too_long:
        forms.CharField(max_length=3).clean("abcd")
    assert too_long.value.messages == ["Ensure this value has at most 3 characters (it has 4)."]
    with pytest.raises(ValidationError) as null:
        forms.CharField().clean("a\x00b")
    assert str(null.value.messages[0]) in listed


@pytest.fixture
def kurmanji(tmp_path: Path):
    """A Kurmanji catalogue compiled from the tables alone (as the release compiles it)."""
    table = translation_table()
    catalogue = polib.POFile()
    catalogue.metadata = {
        "Content-Type": "text/plain; charset=UTF-8",
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
    }
    for msgid, (_ar, _ckb, kmr) in table.items():
        if "character (it has" in msgid:  # Django's one plural message
            plural = msgid.replace("character (it has", "characters (it has")
            entry = polib.POEntry(msgid=msgid, msgid_plural=plural, msgstr_plural={0: kmr, 1: kmr})
        else:
            entry = polib.POEntry(msgid=msgid, msgstr=kmr)
        catalogue.append(entry)
    folder = tmp_path / "kmr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    catalogue.save_as_mofile(str(folder / "django.mo"))
    with override_settings(LOCALE_PATHS=[tmp_path]), translation.override("kmr"):
        yield


def test_kurmanji_pages_show_djangos_form_messages_translated(kurmanji: None) -> None:
    form = IntakeForm({"given_names": "Nisrîn", "sex": "x", "relationship": "y" * 101})
    assert not form.is_valid()
    assert form.errors["reporter_name"] == ["Ev qad pêwîst e."]
    assert str(form.errors["sex"][0]).startswith("Bijardeyeke derbasdar hilbijêre.")
    assert "herî zêde 100 tîp" in form.errors["relationship"][0]
    dated = IntakeForm({"given_names": "Nisrîn", "reporter_name": "L", "abducted_on": "x"})
    assert dated.errors["abducted_on"] == ["Dîrokeke derbasdar binivîse."]


def test_kurmanji_pages_show_the_services_messages_translated(kurmanji: None) -> None:
    with pytest.raises(ValidationError) as negative:
        birth_parse("-5")
    assert negative.value.messages == ["Sala jidayikbûnê an temen nikare negatîf be."]
    form = IntakeForm({"given_names": "Nisrîn", "reporter_name": "L", "birth": "soon"})
    assert not form.is_valid()
    assert str(form.errors["birth"][0]).startswith("Sala jidayikbûnê (1998)")
