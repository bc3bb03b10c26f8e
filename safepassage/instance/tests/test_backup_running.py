"""A backup taken while the instance runs holds one moment of it: writes during it are out."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from safepassage.instance.tests.cli import demo, run

pytestmark = pytest.mark.sqlite_only

# Back up with another connection appending an audit event once the dump of the events has
# begun and before the head is read, as a request served meanwhile does.
BACKUP_WITH_A_WRITE_DURING_IT = """
import threading
from django.core import serializers
from django.db import connections
from safepassage.audit.models import AuditEvent
from safepassage.audit.services import audit_record
from safepassage.vault import services

real = serializers.serialize
written = []

def another_request():
    audit_record(actor=None, action="view", object_type="test", object_id="during")
    connections.close_all()

def serialize(fmt, objects, **kwargs):
    if not written and isinstance(objects[0], AuditEvent):
        thread = threading.Thread(target=another_request)
        thread.start()
        thread.join()
        written.append(1)
    return real(fmt, objects, **kwargs)

services.serializers.serialize = serialize
services.backup_create(path=__import__("pathlib").Path({path!r}))
assert written
"""


def test_backup_of_a_running_instance_restores_a_whole_chain(tmp_path: Path) -> None:
    source = tmp_path / "source"
    assert demo(source).returncode == 0
    backup = tmp_path / "running.spb"
    made = run(source, "shell", "-c", BACKUP_WITH_A_WRITE_DURING_IT.format(path=str(backup)))
    assert made.returncode == 0, made.stderr
    # The write during the backup is in the source, and its chain holds.
    db = sqlite3.connect(source / "safepassage.sqlite3")
    assert db.execute("SELECT COUNT(*) FROM audit_auditevent WHERE object_id = 'during'").fetchone()
    assert run(source, "audit", "verify").returncode == 0

    key = {"SAFEPASSAGE_KEY_FILE": str(source / "DEMO-KEY-NOT-SECURE.key")}
    target = tmp_path / "target"
    restored = run(target, "restore", str(backup), "--key-file", key["SAFEPASSAGE_KEY_FILE"])
    assert restored.returncode == 0, restored.stderr
    verify = run(target, "audit", "verify", env=key)
    assert verify.returncode == 0, verify.stderr
