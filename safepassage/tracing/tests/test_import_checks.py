"""Person CSV import: one run lists every problem of every row, the service's rules included;
a negative birth or a birth in the future is refused, never guessed."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from safepassage.audit.models import AuditEvent
from safepassage.tracing.importing import persons_import_csv
from safepassage.tracing.keys import PersonDetails
from safepassage.tracing.models import Person
from safepassage.tracing.services import person_create

pytestmark = pytest.mark.django_db

HEADER = "ref,given_name,family_name,sex,birth_year,birth_date\n"
MIXED = (
    HEADER
    + "M1,,,f,1998,\n"  # line 2: no name at all (the service's rule)
    + "M2,Nesrîn,Qasim,f,-5,\n"  # line 3: a negative age
    + "M3,Berfîn,Mîrza,f,,2099-01-01\n"  # line 4: born in the future
    + "M4,,,q,-5,\n"  # line 5: three problems in one row
    + "M5,Leyla,Xidir,f,2000-1990,\n"  # line 6: a range written later year first
    + "M6,Gulê,Xelîl,f,1999,\n"  # line 7: good
).encode()


def _by_line(errors: list[str]) -> dict[str, str]:
    return {error.split(":", 1)[0]: error.split(":", 1)[1] for error in errors}


def test_one_run_lists_every_problem_of_every_row(users) -> None:
    events = AuditEvent.objects.count()
    result = persons_import_csv(actor=users["coordinator"], data=MIXED)
    errors = _by_line(result.errors)
    assert sorted(errors) == ["line 2", "line 3", "line 4", "line 5", "line 6"]
    assert "Give at least one name" in errors["line 2"]
    assert "cannot be negative" in errors["line 3"]
    assert "'2099-01-01' is in the future" in errors["line 4"]
    assert "sex" in errors["line 5"] and "cannot be negative" in errors["line 5"]
    assert "Give at least one name" in errors["line 5"]
    assert "from the earlier year to the later one" in errors["line 6"]
    assert result.created == 0 and Person.objects.count() == 0
    assert AuditEvent.objects.count() == events


def test_a_dry_run_lists_the_same_problems_and_writes_nothing(users) -> None:
    wet = persons_import_csv(actor=users["coordinator"], data=MIXED)
    dry = persons_import_csv(actor=users["coordinator"], data=MIXED, dry_run=True)
    assert dry.errors == wet.errors and not dry.ok and dry.created == 0
    assert Person.objects.count() == 0


def test_a_name_missing_is_found_with_a_format_error_elsewhere(users) -> None:
    # Before, the nameless row only showed once the format error of the other row was fixed.
    data = (HEADER + "N1,Xelîl,,x-ray,,\nN2,,,f,,\n").encode()
    errors = _by_line(persons_import_csv(actor=users["coordinator"], data=data).errors)
    assert sorted(errors) == ["line 2", "line 3"]
    assert "sex" in errors["line 2"] and "Give at least one name" in errors["line 3"]


def test_the_command_dry_run_refuses_a_future_birth_date(tmp_path: Path, capsys) -> None:
    path = tmp_path / "future.csv"
    path.write_bytes((HEADER + "F1,Berfîn,Mîrza,f,,2099-01-01\n").encode())
    with pytest.raises(CommandError, match="nothing imported"):
        call_command("importdata", "persons", str(path), "--dry-run")
    assert "line 2" in capsys.readouterr().err and Person.objects.count() == 0


def test_a_past_birth_date_gives_her_birth_year(users) -> None:
    data = (HEADER + "D1,Berfîn,Mîrza,f,,1999-05-01\n").encode()
    result = persons_import_csv(actor=users["coordinator"], data=data)
    assert result.ok and Person.objects.get().birth_year == 1999


def test_a_birth_year_in_the_future_is_refused_by_the_service(users) -> None:
    next_year = timezone.localdate().year + 1
    with pytest.raises(ValidationError) as refused:
        person_create(
            actor=users["coordinator"],
            details=PersonDetails(given_names=("Berfîn",), birth_year=next_year),
        )
    assert refused.value.message_dict["birth_year"] == ["The birth year cannot be in the future."]
    assert Person.objects.count() == 0
    person_create(
        actor=users["coordinator"],
        details=PersonDetails(given_names=("Berfîn",), birth_year=next_year - 2),
    )
    assert Person.objects.count() == 1


def test_a_past_birth_date_in_arabic_digits_is_not_in_the_future(users) -> None:
    data = (HEADER + "D1,Berfîn,Mîrza,f,,١٩٩٩-٠٥-٠١\n").encode()
    result = persons_import_csv(actor=users["coordinator"], data=data)
    assert result.ok, result.errors
    assert Person.objects.get().birth_year == 1999


def test_a_birth_of_thousands_of_digits_is_a_problem_of_its_line(users) -> None:
    data = (HEADER + "D1,Berfîn,Mîrza,f,1999,\nD2,Gulê,Xelîl,f," + "9" * 5000 + ",\n").encode()
    result = persons_import_csv(actor=users["coordinator"], data=data)
    assert [error.split(":", 1)[0] for error in result.errors] == ["line 3"]
    assert "neither a birth year nor an age" in result.errors[0]
    assert Person.objects.count() == 0
