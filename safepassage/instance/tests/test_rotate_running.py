"""Rotating the keys while another process (serve, worker) holds the old ones."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from safepassage.instance.tests.cli import demo, run

pytestmark = pytest.mark.sqlite_only

# A process that unlocks the vault, says so, waits to be told, then stores an encrypted value.
HOLDER = """
import pathlib, time
from safepassage.vault.crypto import get_vault
from safepassage.accounts.services import user_create
get_vault()
ready, go = pathlib.Path({ready!r}), pathlib.Path({go!r})
ready.write_text("1")
while not go.exists():
    time.sleep(0.05)
user_create(actor=None, username="late", role="caseworker", password="late-account-pass")
"""

READ = (
    "from safepassage.accounts.models import TOTPDevice;"
    "print(len(TOTPDevice.objects.get(user__username='late').bin_key))"
)


def test_rotation_refuses_while_another_process_holds_the_keys(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert demo(data).returncode == 0
    ready, go = tmp_path / "ready", tmp_path / "go"
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "SAFEPASSAGE_KEY_FILE", "DJANGO_SETTINGS_MODULE"}
    }
    environment.update(
        SAFEPASSAGE_DATA_DIR=str(data),
        SAFEPASSAGE_ENV="development",
        SAFEPASSAGE_ARGON2_MEMORY_KIB="1024",
        SAFEPASSAGE_ARGON2_TIME_COST="1",
        SAFEPASSAGE_LOG_LEVEL="WARNING",
    )
    code = HOLDER.format(ready=str(ready), go=str(go))
    holder = subprocess.Popen(
        [sys.executable, "-m", "safepassage", "shell", "-c", code],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not ready.exists():
            assert holder.poll() is None, holder.communicate()
            assert time.monotonic() < deadline
            time.sleep(0.05)
        keyring_before = (data / "keyring.json").read_bytes()
        rotated = run(data, "vault", "rotate")
        # The holder still encrypts under the old data key: rotating now would forget a key
        # its next write needs. Refused, and nothing changed.
        assert rotated.returncode != 0, rotated.stdout
        assert "stop" in rotated.stderr and "Nothing was changed" in rotated.stderr
        assert (data / "keyring.json").read_bytes() == keyring_before
    finally:
        go.write_text("1")
        _out, err = holder.communicate(timeout=60)
    assert holder.returncode == 0, err
    # Whatever the holder wrote opens in a new process...
    read = run(data, "shell", "-c", READ)
    assert read.returncode == 0 and read.stdout.split()[-1] == "20", read.stderr
    # ...and with the holder gone, rotation runs and everything still opens.
    rotated = run(data, "vault", "rotate")
    assert rotated.returncode == 0, rotated.stderr
    read = run(data, "shell", "-c", READ)
    assert read.returncode == 0 and read.stdout.split()[-1] == "20", read.stderr
