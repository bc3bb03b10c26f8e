"""Choice labels for ``get_FOO_display()`` without rebuilding the choices on every call.

Django's ``Model._get_FIELD_display`` makes a dictionary of all the field's choices each
time, hashing every lazy label, which translates it: a list of 50 persons paid for some
hundreds of translations to show 50 status labels. Here the dictionary is made once per
field (the labels stay lazy, so it serves every language) and only the label shown is
translated.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.db.models import Field
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable


@cache
def choice_labels(field: Field[Any, Any]) -> dict[Any, Any]:
    """The field's stored values and their (lazy) labels, groups flattened."""
    return {make_hashable(value): label for value, label in field.flatchoices}


class ChoiceLabelsMixin:
    """For models whose choice labels are shown often (lists, the person page)."""

    def _get_FIELD_display(self, field: Field[Any, Any]) -> Any:  # Django's name, overridden
        value = getattr(self, field.attname)
        return force_str(choice_labels(field).get(make_hashable(value), value), strings_only=True)
