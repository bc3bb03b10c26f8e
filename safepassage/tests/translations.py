"""For tests that hold an app's messages translated: the reviewed translation tables and the
strings a module marks for translation."""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

TABLES = Path(__file__).resolve().parent.parent.parent / "scripts" / "i18n"
MARKERS = {"_", "gettext", "gettext_lazy", "gettext_noop", "ngettext_lazy"}


def translation_table() -> dict[str, tuple[str, str, str]]:
    """Every translation table, merged as scripts/translations.py merges them."""
    table: dict[str, tuple[str, str, str]] = {}
    for path in sorted(TABLES.glob("*.py")):
        spec = importlib.util.spec_from_file_location(f"table_{path.stem}", path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        table.update(module.T)
    return table


def marked_strings(path: Path) -> list[str]:
    """The constant strings a module marks for translation."""
    found: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in MARKERS
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.append(node.args[0].value)
    return found
