"""{% load i18n %} is safepassage.i18ntags: Django's tags, constant translations kept."""

from __future__ import annotations

import pytest
from django.template import Context, Engine, engines
from django.template.backends.django import DjangoTemplates
from django.test import override_settings
from django.utils import translation

from safepassage.i18ntags import ConstantTranslateNode

TEMPLATES = [
    '{% load i18n %}{% translate "Status" %}|{% trans "Persons" %}',
    '{% load i18n %}{% translate "Status" as label %}[{{ label }}]',
    '{% load i18n %}{% translate "<b>5%% & more</b>" %}',
    '{% load i18n %}{% autoescape off %}{% translate "<b>5%% & more</b>" %}{% endautoescape %}',
    '{% load i18n %}{% translate "Status" noop %}',
    '{% load i18n %}{% translate "Status"|upper %}',
    '{% load i18n %}{% translate "May" context "month name" %}',
    "{% load i18n %}{% translate word %}",
    "{% load i18n %}{% blocktranslate count n=3 %}{{ n }} question recorded."
    "{% plural %}{{ n }} questions recorded.{% endblocktranslate %}",
    "{% load i18n %}{% get_current_language as code %}{{ code }}",
]


def _ours() -> Engine:
    backend = engines["django"]
    assert isinstance(backend, DjangoTemplates)
    return backend.engine


def _render(engine: Engine, source: str, autoescape: bool = True) -> str:
    return engine.from_string(source).render(Context({"word": "Status"}, autoescape=autoescape))


@pytest.mark.parametrize("source", TEMPLATES)
def test_every_template_renders_as_with_djangos_own_library(source: str) -> None:
    ours = _ours()
    djangos = Engine(libraries={"i18n": "django.templatetags.i18n"})  # Django's own
    assert (
        ours.template_libraries["i18n"].tags["translate"]
        is not (djangos.template_libraries["i18n"].tags["translate"])
    )
    for language in ("en", "ar", "ckb", "kmr", "en", "ar"):  # twice: the kept text too
        with translation.override(language):
            assert _render(ours, source) == _render(djangos, source), language


def test_a_constant_is_translated_once_a_language_and_kept_apart_by_autoescape() -> None:
    template = _ours().from_string('{% load i18n %}{% translate "Status" %}')
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
    template = _ours().from_string('{% load i18n %}{% translate "Status" %}')
    with translation.override("ar"):
        arabic = template.render(Context())
    with override_settings(LOCALE_PATHS=[]), translation.override("ar"):
        assert template.render(Context()) == "Status"  # no catalogue of ours any more
    with translation.override("ar"):
        assert template.render(Context()) == arabic
