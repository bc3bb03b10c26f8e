"""The audit log says what was done: an export or a shred that did not happen is no event.

A backup that could not be written, a shred that found no keys, a testimony export whose
files could not be written: each ends in an error, and the log holds no export or shred
event for it (the chain still verifies).
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from safepassage.aftercare.management.commands import exporttestimony
from safepassage.audit.models import AuditEvent
from safepassage.audit.services import audit_verify
from safepassage.vault.keyring import Keyring
from safepassage.vault.services import keyring_shred


def _events(action: str) -> int:
    return AuditEvent.objects.filter(action=action).count()


@pytest.mark.django_db(transaction=True)
def test_a_backup_that_could_not_be_written_is_no_export_event(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    before = _events("export")
    with pytest.raises(CommandError):
        call_command("backup", str(tmp_path / "b.spb"))
    assert _events("export") == before
    monkeypatch.undo()
    call_command("backup", str(tmp_path / "b.spb"))
    assert _events("export") == before + 1
    assert audit_verify().ok


@pytest.mark.django_db(transaction=True)
def test_a_shred_that_finds_no_keys_is_no_shred_event(isolated_vault: Keyring) -> None:
    assert keyring_shred()
    assert _events("vault.shred") == 1
    with pytest.raises(CommandError, match="No keys were found"):
        call_command("shred", "--confirm", "SHRED")
    assert _events("vault.shred") == 1


@pytest.mark.django_db
def test_a_testimony_export_that_could_not_be_written_is_no_export_event(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unwritable(bundle: object, directory: Path) -> None:
        raise OSError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(exporttestimony, "bundle_to_directory", unwritable)
    before = _events("export")
    with pytest.raises(CommandError, match="Nothing was written"):
        call_command("exporttestimony", str(tmp_path))
    assert _events("export") == before
    monkeypatch.undo()
    call_command("exporttestimony", str(tmp_path))
    assert _events("export") == before + 1
