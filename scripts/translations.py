"""Fill the Arabic, Sorani and Kurmanji catalogues from scripts/i18n/ and compile them.

The tables in scripts/i18n/ are the reviewed source of the translations; run this after
`makemessages` and commit both the .po and the compiled .mo files (installs need no gettext).
Usage: python scripts/translations.py
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent / "safepassage" / "locale"

# Each module in scripts/i18n/ holds a table T = {msgid: (Arabic, Sorani, Kurmanji)}, one per
# app, so people working on different apps do not edit the same file.
T: dict[str, tuple[str, str, str]] = {}
for _module in sorted((Path(__file__).resolve().parent / "i18n").glob("*.py")):
    _spec = importlib.util.spec_from_file_location(f"i18n_{_module.stem}", _module)
    if _spec is None or _spec.loader is None:
        raise SystemExit(f"cannot load {_module}")
    _table = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(_table)
    T.update(_table.T)

LANGS = {"ar": 0, "ckb": 1, "kmr": 2}


def main() -> int:
    missing: list[str] = []
    for lang, column in LANGS.items():
        path = LOCALE / lang / "LC_MESSAGES" / "django.po"
        catalogue = polib.pofile(str(path))
        for entry in catalogue:
            if entry.msgid in T:
                text = T[entry.msgid][column]
                if entry.msgid_plural:
                    # Our plural texts are written to read right for any count ("Questions
                    # recorded: 3"), so one text fills every plural form of the language.
                    entry.msgstr_plural = dict.fromkeys(entry.msgstr_plural or {0: ""}, text)
                else:
                    entry.msgstr = text
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
            elif not (entry.msgstr or any((entry.msgstr_plural or {}).values())):
                missing.append(f"{lang}: {entry.msgid}")
        catalogue.metadata["Language"] = lang
        catalogue.metadata["Content-Type"] = "text/plain; charset=UTF-8"
        catalogue.save(str(path))
        catalogue.save_as_mofile(str(path.with_suffix(".mo")))
    for line in missing:
        print("untranslated", line, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
