"""The operations app's messages are marked for translation and translated; an Arabic page
shows them in Arabic."""

from __future__ import annotations

import ast
import re
from html import unescape
from pathlib import Path

import pytest

from safepassage.operations import services
from safepassage.tests.translations import marked_strings, translation_table

OPERATIONS = Path(__file__).resolve().parent.parent
# The modules whose messages reach a reader: services, forms, pages, API.
MESSAGE_MODULES = [
    OPERATIONS / "services" / "planning.py",
    OPERATIONS / "services" / "running.py",
    OPERATIONS / "services" / "alerts.py",
    OPERATIONS / "forms.py",
    OPERATIONS / "views.py",
    OPERATIONS / "api.py",
]


def _plain(node: ast.AST) -> list[str]:
    """Text a reader would see that is not marked: a string literal or an f-string."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        return [ast.unparse(node)]
    if isinstance(node, ast.BinOp):  # "a" + "b", or "... %s" % x without a marker
        return _plain(node.left) + _plain(node.right)
    if isinstance(node, ast.Dict):
        return [text for value in node.values for text in _plain(value)]
    if isinstance(node, ast.List):
        return [text for item in node.elts for text in _plain(item)]
    return []


def test_every_marked_operations_message_has_three_translations() -> None:
    table = translation_table()
    modules = [p for p in OPERATIONS.rglob("*.py") if "tests" not in p.parts]
    marked = {text for path in modules for text in marked_strings(path)}
    assert "That codename is taken." in marked  # the services are scanned
    assert "Press OK, delayed or danger." in marked  # and the pages
    missing = sorted(t for t in marked if t not in table or not all(table[t]))
    assert missing == []


@pytest.mark.parametrize("path", MESSAGE_MODULES, ids=lambda p: p.name)
def test_no_message_is_left_unmarked(path: Path) -> None:
    # Every message raised in a ValidationError, put in a form's errors or in a list of
    # problems goes through gettext, with %(name)s placeholders rather than an f-string.
    plain: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "ValidationError":
            for arg in node.args:
                plain += _plain(arg)
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "append"
            and getattr(node.func.value, "id", "") == "problems"
        ):
            plain += [text for arg in node.args for text in _plain(arg)]
        if isinstance(node, ast.Assign):
            target = node.targets[0]
            if isinstance(target, ast.Subscript) and getattr(target.value, "id", "") == "errors":
                plain += _plain(node.value)
    assert plain == []


def test_placeholders_survive_translation() -> None:
    table = translation_table()
    modules = [p for p in OPERATIONS.rglob("*.py") if "tests" not in p.parts]
    for text in {t for path in modules for t in marked_strings(path)}:
        wanted = sorted(re.findall(r"%\(\w+\)[sdr]", text))
        for translated in table[text]:
            assert sorted(re.findall(r"%\(\w+\)[sdr]", translated)) == wanted, text


def _shown(html: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


@pytest.mark.django_db
def test_an_arabic_page_shows_the_operations_errors_in_arabic(users, client_for) -> None:
    coordinator = users["coordinator"]
    services.operation_create(actor=coordinator, codename="Olive")
    client = client_for("coordinator")
    client.post("/i18n/setlang/", {"language": "ar"})
    taken = client.post(
        "/operations/new/",
        {
            "codename": "olive",
            "channel": "web",
            "check_in_interval_minutes": "60",
            "grace_minutes": "15",
        },
    )
    assert taken.status_code == 422
    assert "هذا الاسم الرمزي مستخدم." in _shown(taken.content.decode())
    assert "That codename is taken." not in taken.content.decode()
    draft = services.operation_create(actor=coordinator, codename="Fig")
    approve = client.post(f"/operations/{draft.pk}/approve/", follow=True)
    shown = _shown(approve.content.decode())
    assert "عيّن قائدًا للفريق." in shown and "Name a team lead." not in shown
    assert "أضف شخصًا واحدًا على الأقل (من طلب إنقاذ)." in shown
