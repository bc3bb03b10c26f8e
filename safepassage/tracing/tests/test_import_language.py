"""Person CSV import: every problem reaches the reader in their own language, framed with its
line, the values quoted as the file has them; the English is unchanged."""

from __future__ import annotations

import pytest
from django.utils import translation
from django.utils.translation import gettext

from safepassage.accounts.models import Role, User
from safepassage.matching import CellError, parse_birth_year, parse_sex, record_from_row
from safepassage.tracing.importing import CELL_PROBLEMS, persons_import_csv
from safepassage.tracing.models import Person

pytestmark = pytest.mark.django_db

HEADER = "ref,given_name,family_name,sex,birth_year,birth_date\n"
MIXED = (
    HEADER
    + "M1,,,f,1998,\n"  # line 2: no name at all (the service's rule)
    + "M2,Nesrîn,Qasim,q,121,\n"  # line 3: an unknown sex, a number neither year nor age
    + "M3,Berfîn,Mîrza,f,,2099-01-01\n"  # line 4: born in the future
    + "M4,Gulê,Xelîl,f,-5,\n"  # line 5: a negative age (the pages' reading)
    + "M4,Leyla,Xidir,f,1999,\n"  # line 6: the ref again
).encode()


def _ar(message: str, **values: object) -> str:
    with translation.override("ar"):
        return gettext(message) % values


def _at(line: int, problem: str) -> str:
    return _ar("line %(line)s: %(problem)s", line=line, problem=problem)


def test_every_row_problem_is_said_in_arabic_with_its_line(users: dict[str, User]) -> None:
    with translation.override("ar"):
        result = persons_import_csv(actor=users[Role.COORDINATOR], data=MIXED)
    with translation.override("ar"):
        no_name = gettext("Give at least one name (any part, any spelling).")
        negative = gettext("A birth year or an age cannot be negative.")
    assert result.errors == [
        _at(2, no_name),
        _at(
            3,
            _ar("%(value)s is neither a birth year nor an age", value="'121'")
            + "; "
            + _ar("unrecognised sex value %(value)s (use f or m)", value="'q'"),
        ),
        _at(4, _ar("birth_date %(value)s is in the future", value="'2099-01-01'")),
        _at(5, _ar("birth_year %(value)s: %(problem)s", value="'-5'", problem=negative)),
        _at(6, _ar("ref %(ref)s already used on line %(line)s", ref="'M4'", line=5)),
    ]
    for error in result.errors:
        assert error.startswith("السطر ") and "line" not in error, error
    assert result.created == 0 and Person.objects.count() == 0
    # The same file read in English says what it always said.
    english = persons_import_csv(actor=users[Role.COORDINATOR], data=MIXED).errors
    assert english[1] == (
        "line 3: '121' is neither a birth year nor an age; unrecognised sex value 'q' (use f or m)"
    )
    assert english[4] == "line 6: ref 'M4' already used on line 5"


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", ("the file is empty; expected a header row", {})),
        (b"name\nx\n", ("header has no %(column)s column", {"column": "'ref'"})),
        (b"ref,name,Name\nR1,a,b\n", ("header repeats column(s) %(columns)s", {"columns": "name"})),
        (b"ref\n\xff\xfe\n", ("not valid UTF-8 text (byte %(byte)s)", {"byte": 4})),
    ],
    ids=["empty", "no-ref", "repeated-column", "not-utf8"],
)
def test_file_problems_are_said_in_arabic(
    data: bytes, problem: tuple[str, dict[str, object]]
) -> None:
    message, values = problem
    line = 2 if message.startswith("not valid") else 1
    with translation.override("ar"):
        errors = persons_import_csv(actor=None, data=data).errors
    assert errors == [_at(line, _ar(message, **values))]
    assert Person.objects.count() == 0


def test_a_row_with_more_cells_than_the_header_is_said_in_arabic() -> None:
    with translation.override("ar"):
        errors = persons_import_csv(actor=None, data=b"ref,given_name\nB1,a,b,c\n").errors
    expected = _ar("%(cells)s cells but the header has %(columns)s", cells=4, columns=2)
    assert errors == [_at(2, expected)]


@pytest.mark.parametrize(
    "unreadable",
    [
        lambda: parse_sex("q"),
        lambda: parse_birth_year("sometime"),
        lambda: parse_birth_year("1990-2090"),
        lambda: parse_birth_year("1850"),
        lambda: parse_birth_year("121"),
        lambda: record_from_row({"ref": ""}),
        lambda: record_from_row({"ref": "R1", "birth_date": "31/12/2010"}),
        lambda: record_from_row({"ref": "R1", "birth_date": "2010-13-45"}),
    ],
)
def test_every_cell_the_engine_cannot_read_has_its_translated_sentence(unreadable) -> None:
    with pytest.raises(CellError) as caught:
        unreadable()
    error = caught.value
    values = {k: repr(v) if isinstance(v, str) else v for k, v in error.params.items()}
    message = CELL_PROBLEMS[error.code]
    with translation.override("en"):
        assert str(message) % values == str(error)  # the same sentence as the engine's
    for language in ("ar", "ckb", "kmr"):
        with translation.override(language):
            assert str(message) % values != str(error), (language, error.code)
