"""gunicorn's error log for ``safepassage serve`` writes nothing a client sent: a search sent
with the name unencoded in its address is refused without its request line being logged."""

from __future__ import annotations

import socket
from pathlib import Path
from types import SimpleNamespace

from gunicorn.config import Config
from gunicorn.http.errors import InvalidHeaderName, InvalidRequestLine, LimitRequestLine
from gunicorn.workers.base import Worker

from safepassage.instance.management.commands import serve

NAME = "Xelîl Hesen"
LINE = f"GET /api/v1/persons/?q={NAME} HTTP/1.1".encode().decode("latin-1")  # as read


def _server_log(tmp_path: Path) -> tuple[object, Path]:
    """gunicorn's logger as ``serve`` configures it, writing to a file."""
    config = Config()
    for name, value in serve.server_options(bind="127.0.0.1:9", workers=1, threads=1).items():
        if name in config.settings:
            config.set(name, value)
    path = tmp_path / "error.log"
    config.set("errorlog", str(path))
    return config.logger_class(config), path


def _refuse(log: object, exc: Exception) -> None:
    """What a gunicorn worker does with a request it cannot parse."""
    worker = SimpleNamespace(log=log, cfg=log.cfg)  # type: ignore[attr-defined]
    ours, theirs = socket.socketpair()
    try:
        Worker.handle_error(worker, None, ours, ("10.0.0.7", 5000), exc)
    finally:
        ours.close()
        theirs.close()


def test_a_refused_request_is_logged_without_what_it_sent(tmp_path: Path) -> None:
    log, path = _server_log(tmp_path)
    _refuse(log, InvalidRequestLine(LINE))
    _refuse(log, InvalidHeaderName(f"X-Name {NAME}"))
    _refuse(log, LimitRequestLine(9000, 4094))
    written = path.read_text(encoding="utf-8")
    assert written.count("Invalid request from ip=10.0.0.7") == 3
    assert "Invalid HTTP request line" in written and "Invalid HTTP header name" in written
    assert "Xel" not in written and "Hesen" not in written and "q=" not in written


def test_a_request_that_breaks_the_server_is_logged_without_its_query_or_message(
    tmp_path: Path,
) -> None:
    log, path = _server_log(tmp_path)
    try:
        raise RuntimeError(f"could not answer {NAME}")
    except RuntimeError:
        # As a gunicorn worker logs a request whose handling raised.
        log.exception("Error handling request %s %s", "GET", f"/api/v1/persons/?q={NAME}")  # type: ignore[attr-defined]
    written = path.read_text(encoding="utf-8")
    assert "Error handling request GET /api/v1/persons/" in written
    assert "builtins.RuntimeError" in written
    assert "Xel" not in written and "Hesen" not in written
