"""The ``safepassage`` command: every Django management command plus the project's own.

``safepassage match-file`` runs without an instance (no settings, no keys, no database).
"""

from __future__ import annotations

import os
import sys

# ``import`` and ``export`` are Python keywords, so their commands live under other module
# names; the second word picks the app that owns the data.
ALIASES: dict[tuple[str, str], list[str]] = {
    ("import", "persons"): ["importdata", "persons"],
    ("import", "pfif"): ["importdata", "pfif"],
    ("import", "places"): ["importplaces"],
    ("export", "pfif"): ["exportdata", "pfif"],
    ("export", "testimony"): ["exporttestimony"],
}


def resolve_alias(words: list[str]) -> list[str]:
    """Turn ``import places FILE`` into ``importplaces FILE`` (and the like)."""
    if len(words) >= 2 and (words[0], words[1]) in ALIASES:
        return ALIASES[(words[0], words[1])] + words[2:]
    if words and words[0] in ("import", "export"):
        kinds = sorted(kind for verb, kind in ALIASES if verb == words[0])
        sys.stderr.write(f"usage: safepassage {words[0]} {{{','.join(kinds)}}} FILE ...\n")
        raise SystemExit(2)
    return words


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv if argv is None else argv)
    args[0] = "safepassage"
    if len(args) > 1 and args[1] == "match-file":
        from safepassage.matching.cli import main as match_file

        return match_file(args[2:])
    args[1:] = resolve_alias(args[1:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safepassage.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
