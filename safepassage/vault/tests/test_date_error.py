"""A sealed date that is not a date is refused in the user's language."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from safepassage.vault.fields import date_from_python


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "Enter a valid date as YYYY-MM-DD."),
        ("ar", "أدخل تاريخًا صحيحًا بصيغة YYYY-MM-DD."),
        ("kmr", "Dîrokeke derbasdar wekî YYYY-MM-DD binivîse."),
    ],
)
def test_a_date_that_is_not_one_is_refused_in_her_language(language: str, message: str) -> None:
    with translation.override(language), pytest.raises(ValidationError) as caught:
        date_from_python("2015-02-30")
    assert caught.value.messages == [message]
