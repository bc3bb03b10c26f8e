"""Person CSV import: dry run writes nothing; any bad row writes nothing and is listed."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from safepassage.audit.models import AuditEvent
from safepassage.tracing.importing import persons_import_csv
from safepassage.tracing.models import BlockingKey, Person

pytestmark = pytest.mark.django_db

GOOD = (
    "ref,given_name,father_name,grandfather_name,family_name,mother_name,sex,birth_year,home_place\n"
    "A1,Xelîl,Hesen,Bapîr,Şingalî,Gulê,f,1998,Kocho\n"
    "A2,نسرين|Nesrîn,قاسم,,الحمداني,,أنثى,about 25,\n"
    "A3,Berfîn,Mîrza,,Kanîsorî,,f,,\n"
).encode()
BAD = (
    "ref,given_name,father_name,sex,birth_year\n"
    "B1,Xelîl,Hesen,f,1998\n"
    "B2,Nesrîn,Qasim,q,1999\n"
    "B3,Berfîn,Mîrza,f,sometime\n"
    "B1,Leyla,Xidir,f,2000\n"
).encode()


def test_good_file_imports_every_row(users) -> None:
    result = persons_import_csv(actor=users["coordinator"], data=GOOD)
    assert result.ok and result.created == 3
    nesrin = Person.objects.get(
        source_ref_index__isnull=False,
        pk__in=[p.pk for p in Person.objects.all() if "Nesrîn" in p.given_names],
    )
    assert nesrin.given_names == ["نسرين", "Nesrîn"] and nesrin.sex == "f"
    assert nesrin.birth_year_uncertainty == 3
    assert BlockingKey.objects.filter(person=nesrin).exists()
    assert AuditEvent.objects.filter(action="import").exists()
    # The same refs again: refused as already imported, nothing doubled.
    again = persons_import_csv(actor=None, data=GOOD)
    assert not again.ok and len(again.errors) == 3 and Person.objects.count() == 3


def test_dry_run_writes_nothing(users) -> None:
    events = AuditEvent.objects.count()
    result = persons_import_csv(actor=users["coordinator"], data=GOOD, dry_run=True)
    assert result.ok and result.created == 3 and result.dry_run
    assert Person.objects.count() == 0 and BlockingKey.objects.count() == 0
    assert AuditEvent.objects.count() == events


def test_bad_rows_are_all_listed_and_nothing_is_written(users) -> None:
    result = persons_import_csv(actor=users["coordinator"], data=BAD)
    assert result.created == 0 and Person.objects.count() == 0
    assert [e.split(":")[0] for e in result.errors] == ["line 3", "line 4", "line 5"]
    assert "sex" in result.errors[0] and "birth year" in result.errors[1]
    assert "already used on line 2" in result.errors[2]


def test_service_rule_failure_rolls_back_earlier_rows(users) -> None:
    data = "ref,given_name,sex\nC1,Xelîl,f\nC2,,f\n".encode()
    result = persons_import_csv(actor=users["coordinator"], data=data)
    assert result.errors and result.errors[0].startswith("line 3")
    assert Person.objects.count() == 0


def test_broken_files() -> None:
    assert persons_import_csv(actor=None, data=b"").errors == [
        "line 1: the file is empty; expected a header row"
    ]
    assert "no 'ref'" in persons_import_csv(actor=None, data=b"name\nx\n").errors[0]
    assert "UTF-8" in persons_import_csv(actor=None, data=b"ref\n\xff\xfe\n").errors[0]


def test_command_reports_and_exits_1(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_bytes(BAD)
    with pytest.raises(CommandError, match="nothing imported"):
        call_command("importdata", "persons", str(bad))
    assert "line 4" in capsys.readouterr().err
    good = tmp_path / "good.csv"
    good.write_bytes(GOOD)
    call_command("importdata", "persons", str(good), "--dry-run")
    assert "would import 3" in capsys.readouterr().out and Person.objects.count() == 0
    call_command("importdata", "persons", str(good))
    assert Person.objects.count() == 3
    with pytest.raises(CommandError, match="no user"):
        call_command("importdata", "persons", str(good), "--as", "nobody")


@pytest.mark.parametrize("kind", ["persons", "pfif"])
def test_import_as_a_user_who_may_not_is_refused_with_a_message(users, tmp_path: Path, kind):
    """A field member may not import: one clear line, not a traceback, and nothing written."""
    good = tmp_path / "good.csv"
    good.write_bytes(GOOD)
    field = users["field"].username
    with pytest.raises(CommandError, match=f"{field} may not import persons"):
        call_command("importdata", kind, str(good), "--as", field)
    assert Person.objects.count() == 0


def test_export_as_a_user_who_may_not_is_refused_with_a_message(users, tmp_path: Path) -> None:
    target = tmp_path / "out.xml"
    field = users["field"].username
    with pytest.raises(CommandError, match=f"{field} may not export persons"):
        call_command("exportdata", "pfif", str(target), "--as", field)
    assert not target.exists() and list(tmp_path.iterdir()) == []
