"""``safepassage importplaces``: dry run, per-row errors, nothing half-imported."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from safepassage.intel.models import Place

pytestmark = pytest.mark.django_db

GOOD = (
    "kind,names,latitude,longitude,control,control_as_of,notes\n"
    "village,Kanîsor|كاني سور,36.5,41.8,contested,2025-01-10,\n"
    "checkpoint,Girzerik road,36.4,41.9,hostile,,\n"
)


def test_dry_run_then_import(tmp_path: Path) -> None:
    path = tmp_path / "places.csv"
    path.write_text(GOOD, encoding="utf-8")
    out = StringIO()
    call_command("importplaces", str(path), "--dry-run", stdout=out)
    assert "2 row(s) checked" in out.getvalue() and Place.objects.count() == 0
    call_command("importplaces", str(path), stdout=out)
    assert "2 place(s) imported" in out.getvalue() and Place.objects.count() == 2


def test_a_bad_row_imports_nothing(tmp_path: Path) -> None:
    path = tmp_path / "places.csv"
    path.write_text(GOOD + "village,Somewhere,north,41,,,\n", encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("importplaces", str(path), stderr=err)
    assert "line 4: latitude" in err.getvalue() and Place.objects.count() == 0
    with pytest.raises(CommandError, match="no such file"):
        call_command("importplaces", str(tmp_path / "missing.csv"))
    path.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(CommandError, match="not UTF-8"):
        call_command("importplaces", str(path))
