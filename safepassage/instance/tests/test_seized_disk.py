"""Seized disk: every plaintext a test writes is absent from the database, its WAL and backups."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from safepassage.instance.tests.cli import _DROP, run

pytestmark = pytest.mark.sqlite_only

SECRETS = [
    "Xelîl Hesen Bapîr",
    "خليل حسن",
    "nadia.hidden@example.org",
    "Jihan is held in house 14 near Tel Qasab",
    "+964 750 555 0199",
    "note: Mîrzaxan hides Berfîn at Kanîsor",
    "Nesrîn Qasimî Hemdanî",
    "نسرين قاسم الحمداني",
    "+964 751 444 0177",
    "She is kept in the cellar of the Dugirî farmhouse",
    "Raised after the lure at Girêsor: Rûkenê was forced to call",
    "Mala Hecî Zêbarî",
]

# Where the house named above is (a place of captivity: kept only encrypted), and a village
# (public geography, kept in the clear) that shows the search finds coordinates on disk.
HOUSE_AT = (36.318417, 41.902733)
VILLAGE_AT = (36.427519, 41.716283)

WRITER = """
import sys
from safepassage.accounts.models import User, TOTPDevice
from safepassage.accounts.services import user_create, user_set_duress_password
from safepassage.operations.services import alert_raise, alert_acknowledge
secrets = {secrets!r}
user, device = user_create(actor=None, username="amira", role="coordinator",
    password="a-very-long-password", full_name=secrets[0] + " / " + secrets[1], email=secrets[2])
alert = alert_raise(kind="danger", message=secrets[3] + " call " + secrets[4])
alert_acknowledge(actor=user, alert=alert, note=secrets[5])
import datetime
from django.utils import timezone
from safepassage.tracing.keys import PersonDetails
from safepassage.tracing.services import ContactDetails, ReportDetails
from safepassage.tracing.services import contact_create, intake_submit
report = intake_submit(actor=user, details=PersonDetails(
    given_names=("Nesrîn", "نسرين"), father_names=("Qasimî", "قاسم"),
    family_names=("Hemdanî", "الحمداني"), sex="f", birth_year=2001),
    report=ReportDetails(reporter_name=secrets[0], reporter_phones=(secrets[8],),
    knowledge=secrets[9]))
contact_create(actor=user, person=report.person, contact=ContactDetails(
    occurred_at=timezone.now() - datetime.timedelta(minutes=5), channel="phone",
    number_used=secrets[8], location_said=secrets[9], holder_said=secrets[6]))
from safepassage.intel.services import place_create
place_create(actor=user, kind="house", names=[secrets[11]], latitude={house[0]!r},
    longitude={house[1]!r})
place_create(actor=user, kind="village", names=["Kanîsor"], latitude={village[0]!r},
    longitude={village[1]!r})
from safepassage.verification.selectors import rules_current
from safepassage.verification.services import rules_update
rules_update(actor=user, weights={{}}, params={{}}, threshold=rules_current()[1].threshold,
    reason=secrets[10])
from base64 import b32encode
print("TOTP", device.key, b32encode(device.bin_key).decode(), flush=True)
print("READY", flush=True)
sys.stdin.readline()
"""


def _needles(values: list[str]) -> list[bytes]:
    needles: list[bytes] = []
    for value in values:
        for variant in {value, value.casefold(), value.upper()}:
            needles += [variant.encode("utf-8"), variant.encode("utf-16-le")]
        for word in value.split():
            if len(word) >= 6:
                needles.append(word.encode("utf-8"))
    return needles


def _coordinate_needles(*values: float) -> list[bytes]:
    """A coordinate on disk: a REAL in a SQLite page (8 bytes, big-endian), or text."""
    needles: list[bytes] = []
    for value in values:
        needles += [struct.pack(">d", value), struct.pack("<d", value), repr(value).encode()]
    return needles


def _hits(paths: list[Path], needles: list[bytes]) -> list[str]:
    found = []
    for path in paths:
        data = path.read_bytes()
        found += [f"{path.name}: {n!r}" for n in needles if n in data]
    return found


def test_no_plaintext_in_database_wal_or_backup(tmp_path: Path) -> None:
    data, usb = tmp_path / "data", tmp_path / "usb"
    usb.mkdir()
    env = {
        "SAFEPASSAGE_KEY_FILE": str(usb / "k.key"),
        "SAFEPASSAGE_INIT_PASSWORD": "init-password-long",
    }
    assert run(data, "init", env=env).returncode == 0

    environment = {k: v for k, v in os.environ.items() if k not in _DROP}
    environment.update(SAFEPASSAGE_DATA_DIR=str(data), SAFEPASSAGE_ENV="development", **env)
    writer = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "safepassage",
            "shell",
            "--no-imports",
            "-c",
            WRITER.format(secrets=SECRETS, house=HOUSE_AT, village=VILLAGE_AT),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment,
    )
    try:
        assert writer.stdout is not None
        totp_line = writer.stdout.readline().split()
        assert totp_line[:1] == ["TOTP"], "the writer failed; run it by hand to see why"
        assert writer.stdout.readline().strip() == "READY"
        wal = data / "safepassage.sqlite3-wal"
        assert wal.exists() and wal.stat().st_size > 0, "the WAL should hold the fresh writes"
        secrets = [*SECRETS, totp_line[1], totp_line[2]]
        live_files = [p for p in data.rglob("*") if p.is_file()]
        assert _hits(live_files, _needles(secrets) + _coordinate_needles(*HOUSE_AT)) == []
        assert _hits(live_files, _coordinate_needles(VILLAGE_AT[0]))  # the search sees them
    finally:
        writer.communicate("\n", timeout=60)  # also ends a writer that failed
    assert writer.returncode == 0

    backup = tmp_path / "backup.spb"
    assert run(data, "backup", str(backup), env=env).returncode == 0
    files = [p for p in data.rglob("*") if p.is_file()] + [backup]
    assert any(p.name == "safepassage.sqlite3" for p in files)
    assert _hits(files, _needles(secrets) + _coordinate_needles(*HOUSE_AT)) == []
    # The check itself can fail: the same values are found when written in the clear.
    control = tmp_path / "control.txt"
    control.write_text(SECRETS[1] + SECRETS[3], encoding="utf-8")
    assert _hits([control], _needles(SECRETS))
