"""The ``safepassage`` command: every Django management command plus the project's own.

``safepassage match-file`` runs without an instance (no settings, no keys, no database).
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv if argv is None else argv)
    args[0] = "safepassage"
    if len(args) > 1 and args[1] == "match-file":
        from safepassage.matching.cli import main as match_file

        return match_file(args[2:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safepassage.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
