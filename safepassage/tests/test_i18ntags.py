"""{% load translations %}: Django's i18n tags, constant translations rendered once."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.template import Context, Engine, engines
from django.template.backends.django import DjangoTemplates
from django.test import override_settings
from django.utils import translation

from safepassage.i18ntags import ConstantTranslateNode

TEMPLATES = [
    '{% load LIBRARY %}{% translate "Status" %}|{% trans "Persons" %}',
    '{% load LIBRARY %}{% translate "Status" as label %}[{{ label }}]',
    '{% load LIBRARY %}{% translate "<b>5%% & more</b>" %}',
    '{% load LIBRARY %}{% autoescape off %}{% translate "<b>5%% & more</b>" %}{% endautoescape %}',
    '{% load LIBRARY %}{% translate "Status" noop %}',
    '{% load LIBRARY %}{% translate "Status"|upper %}',
    '{% load LIBRARY %}{% translate "May" context "month name" %}',
    "{% load LIBRARY %}{% translate word %}",
    "{% load LIBRARY %}{% blocktranslate count n=3 %}{{ n }} question recorded."
    "{% plural %}{{ n }} questions recorded.{% endblocktranslate %}",
    "{% load LIBRARY %}{% get_current_language as code %}{{ code }}",
]


def _ours() -> Engine:
    backend = engines["django"]
    assert isinstance(backend, DjangoTemplates)
    return backend.engine


def _render(engine: Engine, source: str, library: str) -> str:
    template = engine.from_string(source.replace("LIBRARY", library))
    return template.render(Context({"word": "Status"}))


@pytest.mark.parametrize("source", TEMPLATES)
def test_every_tag_renders_as_with_djangos_own_library(source: str) -> None:
    engine = _ours()
    assert (
        engine.template_libraries["translations"].tags["translate"]
        is not (engine.template_libraries["i18n"].tags["translate"])
    )
    for language in ("en", "ar", "ckb", "kmr", "en", "ar"):  # twice: the kept text too
        with translation.override(language):
            ours = _render(engine, source, "translations")
            assert ours == _render(engine, source, "i18n"), language


def test_every_template_of_the_project_loads_translations_not_i18n() -> None:
    root = Path(__file__).resolve().parents[1]
    templates = list(root.rglob("templates/**/*.html"))
    assert len(templates) > 40
    loading_i18n = [
        str(path.relative_to(root))
        for path in templates
        if re.search(r"{%\s*load\b[^%]*\bi18n\b", path.read_text(encoding="utf-8"))
    ]
    assert loading_i18n == []


def test_a_constant_is_translated_once_a_language_and_kept_apart_by_autoescape() -> None:
    template = _ours().from_string('{% load translations %}{% translate "Status" %}')
    node = next(n for n in template.nodelist if isinstance(n, ConstantTranslateNode))
    with translation.override("ar"):
        arabic = template.render(Context())
    with translation.override("en"):
        english = template.render(Context())
        template.render(Context(autoescape=False))
    assert english == "Status" and arabic not in ("", "Status")
    assert len(node.rendered) == 3
    with translation.override("ar"):
        assert template.render(Context()) == arabic


def test_a_change_of_the_translation_settings_renders_afresh() -> None:
    template = _ours().from_string('{% load translations %}{% translate "Status" %}')
    with translation.override("ar"):
        arabic = template.render(Context())
    with override_settings(LOCALE_PATHS=[]), translation.override("ar"):
        assert template.render(Context()) == "Status"  # no catalogue of ours any more
    with translation.override("ar"):
        assert template.render(Context()) == arabic
