"""safepassage serve: how many workers it starts when not told, and how they share requests."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from safepassage.instance.management.commands import serve
from safepassage.instance.tests.cli import run


@pytest.mark.parametrize(("cores", "workers"), [(None, 2), (1, 2), (2, 3), (3, 4), (7, 8), (16, 8)])
def test_default_workers_one_a_core_and_one_more_at_most_eight(
    monkeypatch: pytest.MonkeyPatch, cores: int | None, workers: int
) -> None:
    monkeypatch.setattr("os.cpu_count", lambda: cores)
    assert serve.default_workers() == workers


def test_given_shape_and_default_shape_reach_gunicorn(monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[dict[str, object]] = []

    class Server:
        def __init__(self, options: dict[str, object]) -> None:
            started.append(options)

        def run(self) -> None:
            pass

    monkeypatch.setattr(serve, "_Server", Server)
    monkeypatch.setattr(serve, "get_vault", lambda: None)  # keys already unlocked
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    command = serve.Command()
    command.handle(bind="127.0.0.1:9", workers=None, threads=1)
    command.handle(bind="127.0.0.1:9", workers=2, threads=4)
    assert [(o["workers"], o["threads"], o["worker_class"]) for o in started] == [
        (3, 1, "gthread"),
        (2, 4, "gthread"),
    ]
    # A worker takes only the connections its threads can serve at once, none kept alive.
    assert [(o["worker_connections"], o["keepalive"]) for o in started] == [(1, 0), (4, 0)]


def test_the_access_log_leaves_out_query_strings() -> None:
    options = serve.server_options(bind="127.0.0.1:8000", workers=1, threads=1)
    assert "%(U)s" in options["access_log_format"]  # the path alone
    assert "%(q)s" not in options["access_log_format"]
    assert "%(r)s" not in options["access_log_format"]


def test_objects_loaded_before_forking_are_left_out_of_collection() -> None:
    import gc

    options = serve.server_options(bind="127.0.0.1:8000", workers=1, threads=1)
    before = gc.get_freeze_count()
    try:
        options["pre_fork"](None, None)
        assert gc.get_freeze_count() > before
    finally:
        gc.unfreeze()


@pytest.mark.parametrize(
    "option",
    [
        ("--threads", "0"),
        ("--threads", "-2"),
        ("--threads", "two"),
        ("--workers", "0"),
        ("--workers", "-1"),
        ("--workers", "1.5"),
    ],
)
def test_a_shape_that_cannot_serve_is_refused_before_anything_starts(
    monkeypatch: pytest.MonkeyPatch, option: tuple[str, str]
) -> None:
    started: list[object] = []
    monkeypatch.setattr(serve, "_Server", lambda options: started.append(options))
    monkeypatch.setattr(serve, "get_vault", lambda: None)  # keys already unlocked
    with pytest.raises(CommandError) as refused:
        call_command("serve", *option)
    assert option[0] in str(refused.value) and "1 or more" in str(refused.value)
    assert started == []


def test_the_command_refuses_zero_threads_with_a_message_and_a_failing_exit(
    tmp_path: Path,
) -> None:
    result = run(tmp_path / "instance", "serve", "--threads", "0")
    assert result.returncode != 0
    assert "--threads" in result.stderr and "1 or more" in result.stderr
    assert "Traceback" not in result.stderr
