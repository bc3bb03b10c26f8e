"""Generated person files, good and bad: an import either writes every person of the file or
answers with its problems and writes nothing; it never fails with an exception.

The files are built near the real formats (the person CSV's columns, PFIF 1.4's elements)
with values drawn from what families and other systems send: names in Arabic and Latin
scripts, ages, years and dates in and out of range, digits of other scripts, very long
text, empty cells, control characters and stray quotes.
"""

from __future__ import annotations

import csv
import io
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from safepassage.audit.models import AuditEvent
from safepassage.matching.csvio import COLUMNS
from safepassage.tracing.importing import ImportResult, persons_import_csv
from safepassage.tracing.models import Person, Report
from safepassage.tracing.pfif import NS, PERSON_FIELDS, import_pfif

pytestmark = pytest.mark.django_db

RUNS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

NAMES = st.sampled_from(
    ["Xelîl", "نسرين", "Nesrîn|نسرين", "Berfîn", "Şingalî", "الحمداني", "Gulê", "ZOZAN", "ئاشتی"]
)
ODD = st.sampled_from(
    [
        "",
        " ",
        "?",
        "\u200f",
        "\u200c",
        "٢٠٢٤",
        "1998",
        "0",
        "-4",
        "99999999999999999999",
        "about 25",
        "20-25",
        "1900-2100",
        "f",
        "m",
        "أنثى",
        "female",
        "2024-02-30",
        "0000-00-00",
        "9999-12-31",
        "x" * 600,
        "ن" * 300,
        '"',
        "a,b",
        "line\nbreak",
        "\t",
        "\x00",
        "\x07",
        "\ufeff",
    ]
)
CELLS = st.one_of(NAMES, ODD, st.text(max_size=30))


def _counts() -> tuple[int, int, int]:
    imports = AuditEvent.objects.filter(action="import").count()
    return Person.objects.count(), Report.objects.count(), imports


def _only_all_or_nothing(result: ImportResult, before: tuple[int, int, int]) -> None:
    event("written" if result.ok and result.created else "refused" if not result.ok else "none")
    after = _counts()
    if result.ok and not result.dry_run:
        assert after[0] == before[0] + result.created
        assert after[2] == before[2] + 1  # the import's audit event
    else:
        assert after == before, result.errors
    if not result.ok:
        assert result.created == 0
        assert all(isinstance(e, str) and e.strip() for e in result.errors)


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8", "surrogatepass")


GOOD_CELLS = {
    "sex": st.sampled_from(["f", "m", "", "F", "female"]),
    "birth_year": st.sampled_from(["1998", "about 25", "", "1990-1994", "30"]),
}


@st.composite
def csv_files(draw: st.DrawFn) -> bytes:
    """Mostly well-made files (the real columns, a ref a row, names), with now and then a
    wrong header, a repeated ref or an odd cell."""
    columns = draw(st.lists(st.sampled_from(COLUMNS[1:]), unique=True, max_size=8))
    if "given_name" not in columns and draw(st.integers(0, 9)):
        columns.insert(0, "given_name")
    header = ["ref", *columns] if draw(st.integers(0, 9)) else columns
    if not draw(st.integers(0, 9)):
        header.append(draw(st.text(max_size=8)))
    rows = []
    token = draw(st.uuids()).hex[:8]  # the examples share a database: refs new to it
    for n in range(draw(st.integers(min_value=0, max_value=4))):
        ref = _mostly(draw, st.just(f"{token}-{n}"), st.sampled_from([f"{token}-0", "", " "]))
        row = [ref] if header[:1] == ["ref"] else []
        for column in header[len(row) :]:
            good = GOOD_CELLS.get(column, NAMES)
            row.append(_mostly(draw, good, CELLS))
        if not draw(st.integers(0, 19)):
            row.append(draw(CELLS))
        rows.append(row)
    return _csv(header, rows)


@RUNS
@given(data=csv_files(), dry_run=st.booleans())
def test_a_generated_csv_imports_whole_or_not_at_all(users, data: bytes, dry_run: bool) -> None:
    before = _counts()
    result = persons_import_csv(actor=users["coordinator"], data=data, dry_run=dry_run)
    _only_all_or_nothing(result, before)


@RUNS
@given(
    data=st.binary(max_size=300),
    prefix=st.sampled_from([b"", b"ref,given_name\n", b"\xef\xbb\xbf"]),
)
def test_arbitrary_bytes_are_answered_not_raised(users, data: bytes, prefix: bytes) -> None:
    before = _counts()
    for importer in (persons_import_csv, import_pfif):
        result = importer(actor=users["coordinator"], data=prefix + data)
        _only_all_or_nothing(result, before)
        before = _counts()


PERSON_VALUES = {
    "entry_date": st.sampled_from(["2024-03-01T10:00:00Z", "2024-03-02T11:00:00Z"]),
    "given_name": NAMES,
    "family_name": NAMES,
    "alternate_names": NAMES,
    "description": st.sampled_from(
        ["father: Hesen|حسن", "mother: Gulê", "home: Kocho|كوجو\nfather: Xidir", "Tall."]
    ),
    "sex": st.sampled_from(["", "female", "male", "other"]),
    "date_of_birth": st.sampled_from(["", "1998", "1998-02", "1990-05-17"]),
    "age": st.sampled_from(["", "25", "20-25", "31"]),
    "home_city": NAMES,
}
# Drawn instead of the good value now and then.
PFIF_ODD = {
    "entry_date": st.sampled_from(["2024-13-01T10:00:00Z", "x", ""]),
    "sex": st.sampled_from(["f", "أنثى", "FEMALE"]),
    "date_of_birth": st.sampled_from(["1998-02-30", "0000", "9999-12-31", "٢٠٠٠", "1998-13"]),
    "age": st.sampled_from(["0", "999", "25-20", "٣٠", "1-999", "-3"]),
}
SOURCE_DATES = st.sampled_from(["2024-03-01T10:00:00Z", "2023-11-20T08:30:00Z"])
ODD_SOURCE_DATES = st.sampled_from(
    [
        "0001-01-01T00:00:00Z",
        "9999-12-31T23:59:59Z",
        "2024-02-30T10:00:00Z",
        "٢٠٢٤-03-01T10:00:00Z",
        "2024-03-01",
    ]
)


def _mostly(draw: st.DrawFn, good: st.SearchStrategy[str], odd: st.SearchStrategy[str]) -> str:
    return draw(good) if draw(st.integers(0, 11)) else draw(odd)


@st.composite
def pfif_documents(draw: st.DrawFn) -> bytes:
    """Mostly valid PFIF 1.4 persons with notes, with now and then a bad id, value, date or
    order of elements."""
    persons = []
    token = draw(st.uuids()).hex[:8]  # the examples share a database: ids new to it
    for n in range(draw(st.integers(min_value=0, max_value=3))):
        record_id = _mostly(
            draw,
            st.just(f"example.org/{token}-{n}"),
            st.sampled_from([f"example.org/{token}-0", "x", ""]),
        )
        fields = {
            "person_record_id": record_id,
            "source_date": _mostly(draw, SOURCE_DATES, ODD_SOURCE_DATES),
            "full_name": _mostly(draw, NAMES, CELLS),
        }
        for name, values in PERSON_VALUES.items():
            if draw(st.booleans()):
                fields[name] = _mostly(draw, values, PFIF_ODD.get(name, CELLS))
        elements = [(name, f"<pfif:{name}>{escape(v)}</pfif:{name}>") for name, v in fields.items()]
        for m in range(draw(st.integers(min_value=0, max_value=2))):
            note = (
                f"<pfif:note_record_id>example.org/n{n}-{m}</pfif:note_record_id>"
                f"<pfif:author_name>{escape(_mostly(draw, NAMES, CELLS))}</pfif:author_name>"
                f"<pfif:source_date>{_mostly(draw, SOURCE_DATES, ODD_SOURCE_DATES)}"
                f"</pfif:source_date><pfif:text>{escape(_mostly(draw, NAMES, CELLS))}</pfif:text>"
            )
            elements.append(("note", f"<pfif:note>{note}</pfif:note>"))
        if draw(st.integers(0, 9)):  # in the schema's order, else as drawn
            elements.sort(key=lambda element: (*PERSON_FIELDS, "note").index(element[0]))
        persons.append(f"<pfif:person>{''.join(e for _, e in elements)}</pfif:person>")
    document = f'<?xml version="1.0" encoding="UTF-8"?><pfif:pfif xmlns:pfif="{NS}">'
    return (document + "".join(persons) + "</pfif:pfif>").encode("utf-8", "surrogatepass")


@RUNS
@given(document=pfif_documents(), dry_run=st.booleans())
def test_a_generated_pfif_document_imports_whole_or_not_at_all(
    users, document: bytes, dry_run: bool
) -> None:
    before = _counts()
    result = import_pfif(actor=users["coordinator"], data=document, dry_run=dry_run)
    _only_all_or_nothing(result, before)
