"""Run the real ``safepassage`` command in a separate process with its own data folder."""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

_DROP = (
    "DATABASE_URL",
    "SAFEPASSAGE_KEY_FILE",
    "SAFEPASSAGE_PASSPHRASE",
    "SAFEPASSAGE_PASSPHRASE_FILE",
    "SAFEPASSAGE_SECRET_KEY",
    "DJANGO_SETTINGS_MODULE",
    "SAFEPASSAGE_TEST_DATABASE_URL",
    "DJANGO_ALLOW_ASYNC_UNSAFE",  # set by browser tests in this process
)


def run(
    data_dir: Path, *args: str, env: dict[str, str] | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in _DROP}
    environment.update(
        SAFEPASSAGE_DATA_DIR=str(data_dir),
        SAFEPASSAGE_ENV="development",
        SAFEPASSAGE_ARGON2_MEMORY_KIB="1024",
        SAFEPASSAGE_ARGON2_TIME_COST="1",
        SAFEPASSAGE_LOG_LEVEL="WARNING",
    )
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "safepassage", *args],
        capture_output=True,
        text=True,
        env=environment,
        input=stdin,
        timeout=120,
        check=False,
    )


_DEMO: list[tuple[Path, subprocess.CompletedProcess[str]]] = []  # made once per test process


def demo(data_dir: Path) -> subprocess.CompletedProcess[str]:
    """What ``run(data_dir, "demo")`` gives, from a demo instance made once per test process
    and copied into ``data_dir`` (new keys, a migrated database and the whole demo network
    are the slowest step of the command tests). Tests of the demo command itself run it."""
    if not _DEMO:
        template = Path(tempfile.mkdtemp(prefix="safepassage-demo-"))
        atexit.register(shutil.rmtree, template, ignore_errors=True)
        made = run(template / "instance", "demo")
        if made.returncode != 0:
            return made
        _DEMO.append((template / "instance", made))
    template, made = _DEMO[0]
    shutil.copytree(template, data_dir, dirs_exist_ok=True)
    return made
