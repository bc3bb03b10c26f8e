"""Periodic jobs: the worker enqueues each registered task on its interval.

The database-backed queue runs tasks; this only decides when to enqueue them, so a job that
raises is recorded like any other task and the next tick tries again.
"""

from __future__ import annotations

import importlib
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.db import close_old_connections

logger = logging.getLogger(__name__)

# name -> (task, interval in seconds)
PERIODIC: dict[str, tuple[Any, float]] = {}


def periodic(every_seconds: float) -> Callable[[Any], Any]:
    """Register a django-tasks task to be enqueued every ``every_seconds`` by the worker."""

    def register(task: Any) -> Any:
        PERIODIC[f"{task.module_path}"] = (task, every_seconds)
        return task

    return register


def discover() -> None:
    """Import every app's ``tasks`` module so its periodic tasks register themselves."""
    for config in apps.get_app_configs():
        if config.name.startswith("safepassage."):
            try:
                importlib.import_module(f"{config.name}.tasks")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.tasks":
                    raise


class Scheduler(threading.Thread):
    def __init__(self, *, tick: float = 1.0) -> None:
        super().__init__(name="safepassage-scheduler", daemon=True)
        self.tick = tick
        self.stopped = threading.Event()
        self.next_due: dict[str, float] = {}

    def run_once(self, at: float) -> list[str]:
        """Enqueue every job that is due at ``at``; return their names."""
        enqueued = []
        for name, (task, every) in PERIODIC.items():
            if self.next_due.get(name, 0.0) <= at:
                try:
                    task.enqueue()
                    enqueued.append(name)
                except Exception as exc:  # the queue may be briefly locked; try next tick
                    logger.warning("could not enqueue %s: %s", name, exc.__class__.__name__)
                    continue
                self.next_due[name] = at + every
        return enqueued

    def run(self) -> None:
        while not self.stopped.is_set():
            try:
                self.run_once(time.monotonic())
            finally:
                close_old_connections()
            self.stopped.wait(self.tick)
