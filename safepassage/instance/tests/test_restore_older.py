"""A backup made by an older release, whose records had a shape this one changed, restores
into this release: each record is brought to this release's shape as it goes in.

The older shapes are those of records before a migration sealed more of them: a house kept its
coordinates in clear columns (now only encrypted), a trap-check rules change kept its reason in
a clear column (now in its sealed record). The backup is remade from a demo one, as the older
release wrote it.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from safepassage.instance.tests.cli import demo, run
from safepassage.instance.tests.test_restore_refused import _open, _seal

pytestmark = pytest.mark.sqlite_only

REASON = "After the trap at the Dugirî farmhouse"


def _as_older_release(
    header: dict[str, object], payload: bytes
) -> tuple[dict[str, object], bytes, str, list[float]]:
    """The backup as the release before these migrations made it: one village made a house
    with its clear coordinates, the rules' reason in a clear column of an unsealed row."""
    lines = payload.splitlines()
    house, where = "", [0.0, 0.0]
    for i, line in enumerate(lines):
        if b'"model": "intel.place"' in line and not house:
            records = json.loads(line)
            fields = records[0]["fields"]
            if fields["kind"] == "village" and fields["latitude"] is not None:
                fields["kind"] = "house"
                house, where = records[0]["pk"], [fields["latitude"], fields["longitude"]]
                lines[i] = json.dumps(records).encode()
        elif b'"model": "verification.ruleconfig"' in line:
            records = json.loads(line)
            fields = records[0]["fields"]
            del fields["sealed"]
            fields["reason"] = REASON
            lines[i] = json.dumps(records).encode()
    assert house, "no village with coordinates in the demo"
    recorded = [
        m
        for m in header["migrations"]  # type: ignore[attr-defined]
        if m not in ("intel.0003_house_coordinates_sealed", "verification.0003_seal_ruleconfig")
    ]
    return {**header, "migrations": recorded}, b"\n".join(lines), house, where


def test_a_backup_of_an_older_release_restores_in_this_ones_shape(tmp_path: Path) -> None:
    source = tmp_path / "source"
    assert demo(source).returncode == 0
    changed = run(
        source,
        "shell",
        "-c",
        "from safepassage.accounts.models import User;"
        "from safepassage.verification.services import rules_update;"
        "rules_update(actor=User.objects.get(username='falcon'), weights={}, params={},"
        " threshold=50, reason='a reason the older release kept in the clear')",
    )
    assert changed.returncode == 0, changed.stderr
    backup = tmp_path / "b.spb"
    assert run(source, "backup", str(backup)).returncode == 0
    key = source / "DEMO-KEY-NOT-SECURE.key"
    header, payload = _open(backup.read_bytes(), key)
    assert b'"model": "verification.ruleconfig"' in payload
    older_header, older_payload, house, where = _as_older_release(header, payload)
    older = tmp_path / "older.spb"
    older.write_bytes(_seal(older_header, older_payload, key))

    target = tmp_path / "target"
    result = run(target, "restore", str(older), "--key-file", str(key))
    assert result.returncode == 0, result.stderr

    db = sqlite3.connect(target / "safepassage.sqlite3")
    row = db.execute(
        "SELECT kind, latitude, longitude, sealed IS NOT NULL FROM intel_place WHERE id = ?",
        [house.replace("-", "")],
    ).fetchone()
    assert row == ("house", None, None, 1)  # no clear coordinates of a house on disk
    columns = {r[1] for r in db.execute("PRAGMA table_info(verification_ruleconfig)")}
    assert "reason" not in columns
    raw = (target / "safepassage.sqlite3").read_bytes()
    assert REASON.encode() not in raw
    db.close()

    read = run(
        target,
        "shell",
        "-c",
        "from safepassage.intel.models import Place;"
        "from safepassage.verification.models import RuleConfig;"
        f"print(list(Place.objects.get(pk='{house}').coordinates));"
        "print(sorted(r.reason for r in RuleConfig.objects.all()))",
        env={"SAFEPASSAGE_KEY_FILE": str(key)},
    )
    assert read.returncode == 0, read.stderr
    coordinates, reasons = read.stdout.strip().splitlines()[-2:]
    assert json.loads(coordinates) == where
    assert REASON in reasons
