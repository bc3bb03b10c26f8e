"""Every text of the pages has its Arabic, Sorani and Kurmanji translation, and none is a
guess: gettext's "fuzzy" entries are shown in English, so a fuzzy entry is a missing one."""

from __future__ import annotations

from pathlib import Path

import polib  # type: ignore[import-untyped]  # no type information shipped
import pytest

LOCALE = Path(__file__).resolve().parent.parent / "locale"


@pytest.mark.parametrize("language", ["ar", "ckb", "kmr"])
def test_every_text_is_translated_and_none_is_fuzzy(language: str) -> None:
    catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    fuzzy = [entry.msgid for entry in catalogue if "fuzzy" in entry.flags and entry.msgid]
    untranslated = [
        entry.msgid
        for entry in catalogue
        if not entry.obsolete and not (entry.msgstr or any((entry.msgstr_plural or {}).values()))
    ]
    assert fuzzy == []
    assert untranslated == []


@pytest.mark.parametrize("language", ["ar", "ckb", "kmr"])
def test_the_compiled_catalogue_is_the_current_one(language: str) -> None:
    """The .mo file the server reads says what the reviewed .po file says."""
    folder = LOCALE / language / "LC_MESSAGES"
    source = {
        e.msgid: e.msgstr
        for e in polib.pofile(str(folder / "django.po"))
        if e.msgstr and not e.obsolete
    }
    compiled = {e.msgid: e.msgstr for e in polib.mofile(str(folder / "django.mo")) if e.msgstr}
    assert {k: v for k, v in source.items() if k} == {k: v for k, v in compiled.items() if k}
