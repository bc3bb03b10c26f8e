"""safepassage serve: how gunicorn is set up to share requests between its workers."""

from __future__ import annotations

import pytest

from safepassage.instance.management.commands.serve import default_workers, server_options


@pytest.mark.parametrize("threads", [1, 4])
def test_a_worker_takes_only_the_connections_it_can_serve_at_once(threads: int) -> None:
    options = server_options(bind="127.0.0.1:8000", workers=5, threads=threads)
    assert options["worker_class"] == "gthread" and options["threads"] == threads
    # A busy worker leaves new connections to the others, and none is kept alive with it.
    assert options["worker_connections"] == threads
    assert options["keepalive"] == 0


def test_the_access_log_leaves_out_query_strings() -> None:
    options = server_options(bind="127.0.0.1:8000", workers=1, threads=1)
    assert "%(U)s" in options["access_log_format"]  # the path alone
    assert (
        "%(q)s" not in options["access_log_format"] and "%(r)s" not in options["access_log_format"]
    )


def test_default_workers_are_two_a_core_and_one_more_at_most_eight() -> None:
    assert 3 <= default_workers() <= 8
