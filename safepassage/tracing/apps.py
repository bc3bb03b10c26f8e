from typing import Any

from django.apps import AppConfig


def forget_names(**kwargs: Any) -> None:
    """Drop what matching memoised while answering (names in normal forms, and spellings
    compared): a request or a task keeps the speed of its memo, but a worker that runs for
    weeks does not keep every name it was asked about, in plain text, in its memory (nor
    grow without end)."""
    from safepassage.matching import clear_caches

    clear_caches()


class TracingConfig(AppConfig):
    """Persons reported missing, the family reports, proof-of-life contacts, authentication."""

    name = "safepassage.tracing"
    label = "tracing"
    verbose_name = "Tracing"

    def ready(self) -> None:
        from django.core.signals import request_finished
        from django_tasks.signals import task_finished

        # Matching is used by every app that compares names (intake, arrivals, holders), and
        # its memo is shared by the process: one receiver for all.
        request_finished.connect(forget_names, dispatch_uid="safepassage.matching.forget")
        task_finished.connect(forget_names, dispatch_uid="safepassage.matching.forget.task")
