"""A task that fails leaves its exception's class and where it was raised in the queue's table
and the worker's log, never what the exception said: a mail server refusing a coordinator's
address names the address, which is encrypted everywhere else."""

from __future__ import annotations

import importlib
import logging
import smtplib
from typing import Any

import pytest
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django_tasks.base import Task
from django_tasks_db.models import DBTaskResult

from safepassage.accounts.models import User
from safepassage.operations.scheduler import discover
from safepassage.operations.services import alert_raise
from safepassage.operations.tasks import alert_email_send
from safepassage.taskfaults import TaskFailed

ADDRESS = "nadia.hidden@example.org"


class RefusingBackend(BaseEmailBackend):
    """A mail server that refuses every recipient, as smtplib reports it: by address."""

    def send_messages(self, email_messages: Any) -> int:
        refused = {to: (550, b"5.1.1 no such mailbox") for m in email_messages for to in m.to}
        raise smtplib.SMTPRecipientsRefused(refused)


@pytest.mark.django_db(transaction=True)
def test_a_failed_tasks_record_and_log_do_not_say_what_its_exception_said(
    users: dict[str, User], settings: Any, caplog: pytest.LogCaptureFixture
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    coordinator = users["coordinator"]
    coordinator.email = ADDRESS
    coordinator.save(update_fields=["email"])
    alert_raise(kind="danger", message="Check-in missed.")  # its e-mail is queued on commit
    with caplog.at_level(logging.DEBUG):
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")
    failed = DBTaskResult.objects.get(task_path=alert_email_send.module_path)
    assert failed.status == "FAILED"
    # What failed and where stays, to mend it by.
    assert failed.exception_class_path == "safepassage.taskfaults.TaskFailed"
    assert "smtplib.SMTPRecipientsRefused" in failed.traceback
    assert "alert_email_send" in failed.traceback
    logged = "\n".join(
        caplog.handler.format(record) for record in caplog.records
    )  # as the console writes them, tracebacks too
    assert "smtplib.SMTPRecipientsRefused" in logged
    for text in (failed.traceback, logged):
        assert ADDRESS not in text and "nadia" not in text.casefold()
        assert "no such mailbox" not in text


def test_task_failed_keeps_the_class_and_frames_only() -> None:
    def deep() -> None:
        raise ValueError("invalid literal for int(): 'Xelîl Hesen'")

    with pytest.raises(TaskFailed) as raised:
        TaskFailed.instead_of(deep)()
    assert str(raised.value) == "builtins.ValueError"
    assert raised.value.__suppress_context__ and raised.value.__cause__ is None
    assert any(frame.name == "deep" for frame in raised.traceback)


def test_every_task_of_the_project_fails_quietly() -> None:
    discover()
    found = []
    for module_name in ("tracing", "operations", "api"):
        module = importlib.import_module(f"safepassage.{module_name}.tasks")
        for value in vars(module).values():
            if isinstance(value, Task):
                found.append(value.module_path)
                assert getattr(value.func, "fails_quietly", False), value.module_path
    assert len(found) >= 5
