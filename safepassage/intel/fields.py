"""Form fields for numbers and dates as people in the region write them.

Numbers may come in Arabic-Indic (٣٦٫٣٤) or Extended Arabic-Indic (۳۶.۳۴) digits, with the
Arabic decimal separator; dates are taken only as year-month-day, because "01/02/2020" reads
1 February in the region and 2 January elsewhere, and a wrong guess moves a person in time.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

# Arabic-Indic (U+0660-0669) and Extended Arabic-Indic (U+06F0-06F9) digits, the Arabic
# decimal separator (U+066B) and the minus sign (U+2212) as ASCII; bidi marks dropped.
_DIGITS = str.maketrans(
    {
        **{0x0660 + i: str(i) for i in range(10)},
        **{0x06F0 + i: str(i) for i in range(10)},
        0x066B: ".",
        0x2212: "-",
        0x200E: None,
        0x200F: None,
        0x061C: None,
    }
)


def normalise_digits(value: Any) -> Any:
    """A string with its digits and decimal separator in ASCII; other values unchanged."""
    return value.translate(_DIGITS).strip() if isinstance(value, str) else value


class LocalIntegerField(forms.IntegerField):
    def to_python(self, value: Any) -> int | None:
        return super().to_python(normalise_digits(value))


class LocalFloatField(forms.FloatField):
    # The stubs give FloatField the return type of IntegerField, its base class.
    def to_python(self, value: Any) -> float | None:  # type: ignore[override]
        return super().to_python(normalise_digits(value))


_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_PARTIAL = re.compile(r"^\d{4}(-\d{1,2})?$")


class IsoDateField(forms.DateField):
    """A date as year-month-day only (a date picker where the browser has one)."""

    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

    def to_python(self, value: Any) -> datetime.date | None:
        if isinstance(value, datetime.date) or value in self.empty_values:
            return super().to_python(value)
        text = str(normalise_digits(value))
        if _PARTIAL.match(text):
            raise forms.ValidationError(
                _(
                    "Give the whole date as year-month-day. If only the year or the month is "
                    "known, write it in the notes."
                ),
                code="partial",
            )
        match = _ISO.match(text)
        if match is None:
            raise forms.ValidationError(
                _("Write the date as year-month-day, for example 2020-02-01."), code="invalid"
            )
        try:
            return datetime.date(*(int(part) for part in match.groups()))
        except ValueError:
            raise forms.ValidationError(
                _("%(value)s is not a date."), code="invalid", params={"value": text}
            ) from None
