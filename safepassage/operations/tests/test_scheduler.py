"""The worker's scheduler enqueues each periodic job on its interval, and survives failures."""

from __future__ import annotations

from typing import Any

import pytest

from safepassage.operations import scheduler


class FakeTask:
    def __init__(self, name: str, fail: bool = False) -> None:
        self.module_path = name
        self.fail = fail
        self.enqueued = 0

    def enqueue(self) -> Any:
        if self.fail:
            raise RuntimeError("database is locked")
        self.enqueued += 1
        return None


@pytest.fixture
def registry(monkeypatch: pytest.MonkeyPatch) -> dict[str, tuple[Any, float]]:
    table: dict[str, tuple[Any, float]] = {}
    monkeypatch.setattr(scheduler, "PERIODIC", table)
    return table


def test_jobs_run_on_their_interval(registry: dict[str, tuple[Any, float]]) -> None:
    fast, slow = FakeTask("fast"), FakeTask("slow")
    scheduler.periodic(10)(fast)
    scheduler.periodic(60)(slow)
    runner = scheduler.Scheduler()
    assert runner.run_once(0.0) == ["fast", "slow"]
    assert runner.run_once(5.0) == []
    assert runner.run_once(10.0) == ["fast"]
    assert runner.run_once(61.0) == ["fast", "slow"]
    assert (fast.enqueued, slow.enqueued) == (3, 2)


def test_a_failing_enqueue_is_retried_next_tick(registry: dict[str, tuple[Any, float]]) -> None:
    job = FakeTask("flaky", fail=True)
    scheduler.periodic(30)(job)
    runner = scheduler.Scheduler()
    assert runner.run_once(0.0) == []
    job.fail = False
    assert runner.run_once(1.0) == ["flaky"]
