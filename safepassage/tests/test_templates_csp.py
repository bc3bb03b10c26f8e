"""No template writes what the Content-Security-Policy blocks: an inline style, an inline
script, an event handler attribute or a javascript: address. The browser would refuse it
silently, and the page would look or behave otherwise than written."""

from __future__ import annotations

import re
from pathlib import Path

import safepassage

BLOCKED = {
    "inline style": re.compile(r"\sstyle\s*="),
    "event handler": re.compile(r"\son[a-z]+\s*=", re.IGNORECASE),
    "inline script": re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.IGNORECASE),
    "javascript: address": re.compile(r"javascript:", re.IGNORECASE),
    "inline style element": re.compile(r"<style[\s>]", re.IGNORECASE),
}


def test_templates_write_nothing_the_content_security_policy_blocks() -> None:
    root = Path(safepassage.__file__).parent
    templates = [p for p in root.rglob("*.html") if "templates" in p.parts]
    assert len(templates) > 50  # every app's templates were read
    found = [
        f"{path.relative_to(root)}: {what}"
        for path in templates
        for what, pattern in BLOCKED.items()
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_the_check_finds_an_inline_style() -> None:
    sample = '<input type="checkbox" style="width:auto"><a onclick="x()">'
    assert BLOCKED["inline style"].search(sample) and BLOCKED["event handler"].search(sample)
    assert not BLOCKED["inline script"].search('<script src="/static/js/sp.js" defer></script>')
    assert BLOCKED["inline script"].search("<script>alert(1)</script>")
