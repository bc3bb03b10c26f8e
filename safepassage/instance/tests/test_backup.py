"""Encrypted backups: restore into an empty instance, wrong keys change nothing."""

from __future__ import annotations

import shutil
import sqlite3
import uuid
from pathlib import Path

import pytest

from safepassage.instance.tests.cli import demo, run

pytestmark = pytest.mark.sqlite_only


def _counts(db_path: Path) -> dict[str, int]:
    db = sqlite3.connect(db_path)
    tables = ["accounts_user", "accounts_totpdevice", "audit_auditevent"]
    return {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables}  # noqa: S608


def test_backup_and_restore_into_a_new_instance(tmp_path: Path) -> None:
    source = tmp_path / "source"
    assert demo(source).returncode == 0
    code_before = run(source, "demo", "--code", "heron").stdout.strip()
    backup = tmp_path / "backup.spb"
    made = run(source, "backup", str(backup))
    assert made.returncode == 0, made.stderr
    assert backup.read_bytes().startswith(b"SAFEPASSAGE-BACKUP-1\n")
    exists = run(source, "backup", str(backup))
    assert exists.returncode != 0 and "exists" in exists.stderr

    # The key lives elsewhere: copy the demo key off the source, then restore on a new folder.
    key = tmp_path / "key-on-usb.key"
    shutil.copy(source / "DEMO-KEY-NOT-SECURE.key", key)
    target = tmp_path / "target"
    restored = run(target, "restore", str(backup), "--key-file", str(key))
    assert restored.returncode == 0, restored.stderr
    before, after = _counts(source / "safepassage.sqlite3"), _counts(target / "safepassage.sqlite3")
    assert after["accounts_user"] == before["accounts_user"]
    assert after["accounts_totpdevice"] == before["accounts_totpdevice"]
    assert after["audit_auditevent"] >= before["audit_auditevent"]
    verify = run(target, "audit", "verify", env={"SAFEPASSAGE_KEY_FILE": str(key)})
    assert verify.returncode == 0, verify.stderr
    code_after = run(target, "demo", "--code", "heron", env={"SAFEPASSAGE_KEY_FILE": str(key)})
    assert code_after.returncode == 0, code_after.stderr
    assert code_before.isdigit() and code_after.stdout.strip().isdigit()

    # A second restore into the now-full instance is refused.
    again = run(target, "restore", str(backup), "--key-file", str(key))
    assert again.returncode != 0 and "already holds records" in again.stderr


def test_restore_with_wrong_key_changes_nothing(tmp_path: Path) -> None:
    source = tmp_path / "source"
    assert demo(source).returncode == 0
    backup = tmp_path / "b.spb"
    assert run(source, "backup", str(backup)).returncode == 0
    wrong = tmp_path / "wrong.key"
    wrong.write_text("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n")
    target = tmp_path / "target"
    result = run(target, "restore", str(backup), "--key-file", str(wrong))
    assert result.returncode != 0 and "does not open this backup" in result.stderr
    assert not (target / "keyring.json").exists()
    # The backup is opened before the target is prepared: no folder, no database, no user.
    assert not (target / "safepassage.sqlite3").exists()
    assert not target.exists()


def test_damaged_backup_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "source"
    assert demo(source).returncode == 0
    backup = tmp_path / "b.spb"
    assert run(source, "backup", str(backup)).returncode == 0
    data = bytearray(backup.read_bytes())
    data[-10] ^= 0xFF
    backup.write_bytes(bytes(data))
    result = run(
        tmp_path / "t",
        "restore",
        str(backup),
        "--key-file",
        str(source / "DEMO-KEY-NOT-SECURE.key"),
    )
    assert result.returncode != 0 and "damaged" in result.stderr
    not_backup = tmp_path / "n.spb"
    not_backup.write_text("hello")
    result = run(
        tmp_path / "t",
        "restore",
        str(not_backup),
        "--key-file",
        str(source / "DEMO-KEY-NOT-SECURE.key"),
    )
    assert result.returncode != 0 and "not a Safe Passage backup" in result.stderr


def test_backup_then_shred_then_restore_on_a_new_instance(tmp_path: Path) -> None:
    source = tmp_path / "seized"
    assert demo(source).returncode == 0
    key = tmp_path / "usb.key"
    shutil.copy(source / "DEMO-KEY-NOT-SECURE.key", key)
    backup = tmp_path / "offsite.spb"
    assert run(source, "backup", str(backup)).returncode == 0
    before = _counts(source / "safepassage.sqlite3")
    shredded = run(source, "shred", "--confirm", "SHRED")
    assert shredded.returncode == 0, shredded.stderr
    # Its backups hold their own wrapped keys: the command says they still open.
    assert "Backups" in shredded.stdout and "still open" in shredded.stdout
    # The shredded instance reads nothing any more...
    assert run(source, "demo", "--code", "falcon").returncode != 0
    # ...and a new one, with the key from separate media, gets everything back.
    target = tmp_path / "new"
    restored = run(target, "restore", str(backup), "--key-file", str(key))
    assert restored.returncode == 0, restored.stderr
    after = _counts(target / "safepassage.sqlite3")
    assert after["accounts_user"] == before["accounts_user"]
    assert after["accounts_totpdevice"] == before["accounts_totpdevice"]
    env = {"SAFEPASSAGE_KEY_FILE": str(key)}
    assert run(target, "audit", "verify", env=env).returncode == 0
    assert run(target, "demo", "--code", "falcon", env=env).stdout.strip().isdigit()


def test_a_pending_task_is_restored_and_runs_on_the_new_instance(tmp_path: Path) -> None:
    """Work enqueued and not yet run (a rematch after an intake) is carried in the backup: the
    restored instance's worker runs it."""
    source = tmp_path / "source"
    assert demo(source).returncode == 0
    enqueued = run(
        source,
        "shell",
        "-c",
        "from safepassage.tracing.models import Person\n"
        "from safepassage.tracing.tasks import rematch_person\n"
        "print(rematch_person.enqueue(str(Person.objects.order_by('pk').first().pk)).id)",
    )
    assert enqueued.returncode == 0, enqueued.stderr
    task = uuid.UUID(enqueued.stdout.split()[-1]).hex  # after the shell's own lines
    query = "SELECT status FROM django_tasks_database_dbtaskresult WHERE id = ?"
    assert sqlite3.connect(source / "safepassage.sqlite3").execute(query, (task,)).fetchall() == [
        ("READY",)
    ]
    backup = tmp_path / "b.spb"
    assert run(source, "backup", str(backup)).returncode == 0
    key = tmp_path / "usb.key"
    shutil.copy(source / "DEMO-KEY-NOT-SECURE.key", key)
    target = tmp_path / "new"
    restored = run(target, "restore", str(backup), "--key-file", str(key))
    assert restored.returncode == 0, restored.stderr
    database = target / "safepassage.sqlite3"
    assert sqlite3.connect(database).execute(query, (task,)).fetchall() == [("READY",)]
    env = {"SAFEPASSAGE_KEY_FILE": str(key)}
    ran = run(target, "db_worker", "--batch", "--no-startup-delay", env=env)
    assert ran.returncode == 0, ran.stderr
    assert sqlite3.connect(database).execute(query, (task,)).fetchall() == [("SUCCESSFUL",)]


@pytest.mark.django_db
def test_a_backup_leaves_out_sessions_and_the_task_queue() -> None:
    """What a restore has no use for: signed-in sessions (a restored instance signs everyone
    in again) and the worker's record of tasks run (the pending ones are carried on their own:
    test_a_pending_task_is_restored_and_runs_on_the_new_instance)."""
    from django.apps import apps

    from safepassage.vault.services import _backup_models

    labels = {model._meta.app_label for model in _backup_models()}
    assert apps.is_installed("django_tasks_db")
    assert not labels & {"sessions", "django_tasks_database", "contenttypes", "auth"}
    assert {"tracing", "audit", "accounts", "operations"} <= labels


@pytest.mark.django_db(transaction=True)
def test_a_backup_that_cannot_be_written_says_so_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk: a clear error, no traceback, and no partial file left behind."""
    import errno
    import os

    from django.core.management import call_command
    from django.core.management.base import CommandError

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    target = tmp_path / "b.spb"
    with pytest.raises(CommandError, match=r"Cannot write the backup .*Nothing was written"):
        call_command("backup", str(target))
    assert list(tmp_path.iterdir()) == []
