"""``{% load translations %}``: Django's ``i18n`` tags, a constant translation rendered once.

Every template of the project loads this library (``TEMPLATES`` → ``libraries`` in the
settings) instead of ``i18n``. It has every tag and filter of Django's library unchanged,
except that a ``translate`` (or ``trans``) of a constant string without filters or context
keeps what it rendered for each language and autoescape setting. Pages hold dozens of them,
and each otherwise resolved a lazy translation and escaped it again on every request: a
sixth of a person page's template time. The text is the same: a catalogue does not change
while the process runs, and a change of the translation settings (tests) starts afresh.
"""

from __future__ import annotations

from typing import Any

from django.core.signals import setting_changed
from django.template import Context, Library, Node
from django.template.base import Parser, Token
from django.templatetags import i18n
from django.utils.translation import get_language

register = Library()
register.tags.update(i18n.register.tags)
register.filters.update(i18n.register.filters)

_generation = [0]  # a change of the translation settings forgets every rendered text
_TRANSLATION_SETTINGS = frozenset({"LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS"})


def _forget(*, setting: str, **kwargs: Any) -> None:
    if setting in _TRANSLATION_SETTINGS:
        _generation[0] += 1


setting_changed.connect(_forget)


class ConstantTranslateNode(i18n.TranslateNode):
    """A ``translate`` of a constant: rendered once per language, autoescape and settings."""

    def __init__(self, node: Any) -> None:
        super().__init__(node.filter_expression, node.noop, node.asvar, node.message_context)
        self.rendered: dict[tuple[str | None, bool, int], str] = {}

    def render(self, context: Context) -> str:
        key = (get_language(), context.autoescape, _generation[0])
        value = self.rendered.get(key)
        if value is None:
            value = super().render(context)  # Django's rendering, written down
            if self.asvar:
                value = context[self.asvar]
            self.rendered[key] = value
        if self.asvar:
            context[self.asvar] = value
            return ""
        return value


def _constant(node: Any) -> bool:
    expression = node.filter_expression
    return (
        getattr(expression.var, "literal", None) is not None
        and isinstance(expression.var.literal, str)
        and not expression.filters
        and node.message_context is None
    )


@register.tag("translate")
@register.tag("trans")
def do_translate(parser: Parser, token: Token) -> Node:
    node = i18n.do_translate(parser, token)
    return ConstantTranslateNode(node) if _constant(node) else node
