"""Logs carry event names, exception classes and request ids, never values: a page that breaks
is logged with its fault's class and frames, not with what the fault said (a name it quoted)."""

from __future__ import annotations

import logging
import sys
from typing import Any

import pytest
from django.test import Client

from safepassage.accounts.models import Role, User
from safepassage.conftest import sign_in

pytestmark = pytest.mark.django_db

NAME = "Xelîl Hesen Bapîr"


def _broken(**kwargs: Any) -> Any:
    try:
        int(NAME)  # a fault quoting what it was given, as many do
    except ValueError as exc:
        raise RuntimeError(f"could not read the holder {NAME}") from exc


def _console() -> logging.Handler:
    """The handler the settings write every log line with."""
    return next(h for h in logging.getLogger().handlers if h.get_name() == "console")


def test_a_server_error_is_logged_by_its_class_and_frames_not_by_what_it_said(
    users: dict[str, User], monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr("safepassage.intel.selectors.holders_for_user", _broken)
    client = Client(raise_request_exception=False)
    sign_in(client, users[Role.CASEWORKER])
    with caplog.at_level(logging.ERROR, logger="django.request"):
        assert client.get("/intel/holders/").status_code == 500
    written = "\n".join(_console().format(r) for r in caplog.records if r.name == "django.request")
    assert "/intel/holders/" in written
    assert "builtins.RuntimeError" in written and "builtins.ValueError" in written
    assert "_broken" in written  # where it broke
    for word in NAME.split():
        assert word not in written


def test_the_console_writes_a_fault_without_its_message() -> None:
    try:
        _broken()
    except RuntimeError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", None, None)
        record.exc_info = sys.exc_info()
    text = _console().format(record)
    assert text.endswith("builtins.RuntimeError") and "Bapîr" not in text
