"""Hostile and broken import files: each is refused with a clear message and writes nothing.

Person CSV (``safepassage import persons``), PFIF XML (``safepassage import pfif``) and the
places CSV (``safepassage import places``). There is no upload page or API for imports; the
commands are the only way in, so they are tested here end to end.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from safepassage.tracing import pfif

pytestmark = pytest.mark.django_db

GOOD_PERSONS = (
    "ref,given_name,father_name,family_name,sex,birth_year\nB1,Xelîl,Hesen,Şingalî,m,2010\n"
)
GOOD_PLACES = (
    "kind,names,latitude,longitude,control,control_as_of,notes\n"
    "village,Kanîsor,36.5,41.8,contested,2025-01-10,\n"
)


def _row_counts() -> dict[str, int]:
    """Rows of every table of the project (the audit log included)."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model.__module__.startswith("safepassage.")
    }


@pytest.fixture
def unchanged() -> Iterator[None]:
    before = _row_counts()
    yield
    assert _row_counts() == before, "a refused import wrote something"


def _run(command: list[str], path: Path) -> str:
    """Run a command that must fail; return what it told the user."""
    err = io.StringIO()
    with pytest.raises(CommandError) as refused:  # `safepassage …` exits 1 on CommandError
        call_command(*command, str(path), stderr=err, stdout=io.StringIO())
    return f"{err.getvalue()}\n{refused.value}"


def _file(tmp_path: Path, data: bytes, name: str = "in.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --- person CSV ----------------------------------------------------------------------------


def test_good_person_file_is_accepted(tmp_path: Path) -> None:
    """The control: the same file, well-formed, imports (so the refusals below are real)."""
    out = io.StringIO()
    call_command("importdata", "persons", str(_file(tmp_path, GOOD_PERSONS.encode())), stdout=out)
    assert "imported 1 person" in out.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (GOOD_PERSONS.encode("utf-16"), "not valid UTF-8"),
        (GOOD_PERSONS.encode("utf-32"), "not valid UTF-8"),
        (GOOD_PERSONS.replace("Xelîl", "Xel\udcee").encode("utf-8", "surrogateescape"), "UTF-8"),
        (GOOD_PERSONS.encode("utf-8").replace(b"Xel\xc3\xael", b"Xel\xeel"), "UTF-8"),
        (b"given_name,sex\nXel\xc3\xael,m\n", "no 'ref' column"),
        (b"", "empty"),
        (b'ref,given_name\nB1,"unclosed\n', "line"),
        (b"ref,given_name\nB1,a,b,c\n", "cells but the header has 2"),
        (b"ref,given_name\nB1,Xel\xc3\xaelB1\nB1,Berf\xc3\xaen\n", "already used"),
        (b"ref,given_name,birth_year\nB1,Xelil,3012\n", "line 2"),
        (b"ref,given_name,birth_year\nB1,Xelil,121\n", "neither a birth year nor an age"),
        (b"ref,given_name,birth_year\nB1,Xelil,year two\n", "line 2"),
        (b"ref,given_name,birth_date\nB1,Xelil,2010-13-45\n", "birth_date"),
        (b"ref,given_name,birth_date\nB1,Xelil,31/12/2010\n", "birth_date"),
        (b"ref,given_name,sex\nB1,Xelil,q\n", "line 2"),
        (b"ref,given_name\n,Xelil\n", "empty ref"),
    ],
    ids=[
        "utf16",
        "utf32",
        "lone-surrogate",
        "latin1-bytes",
        "no-ref-column",
        "empty-file",
        "unclosed-quote",
        "too-many-cells",
        "duplicate-ref",
        "future-year",
        "age-over-120",
        "word-year",
        "impossible-date",
        "wrong-date-format",
        "unknown-sex",
        "empty-ref",
    ],
)
def test_bad_person_csv_is_refused(
    tmp_path: Path, unchanged: None, data: bytes, message: str
) -> None:
    said = _run(["importdata", "persons"], _file(tmp_path, data))
    assert message in said
    assert "nothing imported" in said


def test_one_bad_row_among_good_ones_writes_none(tmp_path: Path, unchanged: None) -> None:
    data = (GOOD_PERSONS + "B2,Berfîn,,,f,2011\nB3,Nesrîn,,,f,1777\n").encode()
    said = _run(["importdata", "persons"], _file(tmp_path, data))
    assert "line 4" in said


def test_mixed_scripts_in_one_file_are_read_as_text(tmp_path: Path) -> None:
    """Latin, Arabic and right-to-left marks in one file are fine: nothing is mangled."""
    data = "ref,given_name,family_name\nM1,Xelîl | خليل,\u200fالشنگالي\n".encode()
    call_command("importdata", "persons", str(_file(tmp_path, data)), stdout=io.StringIO())
    person_model = apps.get_model("tracing", "Person")
    person = person_model.objects.get()
    assert set(person.given_names) == {"Xelîl", "خليل"}


def test_huge_person_file_is_refused_before_reading(tmp_path: Path, unchanged: None) -> None:
    path = tmp_path / "huge.csv"
    with path.open("wb") as handle:  # sparse: costs no disk and no memory
        handle.write(b"ref,given_name\n")
        handle.truncate(60 * 1024 * 1024)
    for kind in ("persons", "pfif"):
        said = _run(["importdata", kind], path)
        assert "larger than 50 MB" in said


# --- PFIF ----------------------------------------------------------------------------------

PFIF_GOOD = f"""<?xml version="1.0" encoding="UTF-8"?>
<pfif:pfif xmlns:pfif="{pfif.NS}">
  <pfif:person>
    <pfif:person_record_id>example.org/p1</pfif:person_record_id>
    <pfif:source_date>2025-01-02T03:04:05Z</pfif:source_date>
    <pfif:full_name>Xelîl Hesen</pfif:full_name>
  </pfif:person>
</pfif:pfif>
"""

LAUGHS = "".join(f'<!ENTITY lol{n} "{("&lol" + str(n - 1) + ";") * 10}">' for n in range(1, 10))
BILLION_LAUGHS = (
    f'<?xml version="1.0"?>\n<!DOCTYPE pfif [<!ENTITY lol0 "lol">{LAUGHS}]>\n'
    f'<pfif xmlns="{pfif.NS}"><person><full_name>&lol9;</full_name></person></pfif>\n'
)
EXTERNAL = (
    '<?xml version="1.0"?>\n<!DOCTYPE pfif [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
    f'<pfif xmlns="{pfif.NS}"><person><full_name>&x;</full_name></person></pfif>\n'
)


def test_good_pfif_is_accepted(tmp_path: Path) -> None:
    out = io.StringIO()
    call_command(
        "importdata", "pfif", str(_file(tmp_path, PFIF_GOOD.encode(), "p.xml")), stdout=out
    )
    assert "imported 1 person" in out.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"ref,given_name\nB1,Xelil\n", "not well-formed"),
        (b"", "not well-formed"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "not well-formed"),
        (PFIF_GOOD.replace(pfif.NS, "http://zesty.ca/pfif/1.2").encode(), "root element"),
        (PFIF_GOOD.replace(pfif.NS, "urn:evil").encode(), "root element"),
        (PFIF_GOOD.replace("2025-01-02T03:04:05Z", "2025-13-40T99:00:00Z").encode(), ""),
        (PFIF_GOOD.replace("2025-01-02T03:04:05Z", "yesterday").encode(), ""),
        (PFIF_GOOD.replace("example.org/p1", "no slash").encode(), ""),
        (PFIF_GOOD.replace("<pfif:full_name>Xelîl Hesen</pfif:full_name>", "").encode(), ""),
        (BILLION_LAUGHS.encode(), "DTD or entities"),
        (BILLION_LAUGHS.replace("<?xml version", "<?xml  version").encode("utf-16"), "DTD"),
        (EXTERNAL.encode(), "DTD or entities"),
        (EXTERNAL.encode("utf-16"), "DTD or entities"),
    ],
    ids=[
        "csv-not-xml",
        "empty",
        "binary",
        "old-namespace",
        "foreign-namespace",
        "impossible-date",
        "word-date",
        "bad-record-id",
        "missing-full-name",
        "billion-laughs",
        "billion-laughs-utf16",
        "external-entity",
        "external-entity-utf16",
    ],
)
def test_bad_pfif_is_refused(tmp_path: Path, unchanged: None, data: bytes, message: str) -> None:
    said = _run(["importdata", "pfif"], _file(tmp_path, data, "p.xml"))
    assert message in said
    assert "nothing imported" in said
    assert "lollol" not in said and "root:" not in said  # nothing was expanded or read


def test_entities_are_refused_before_expansion() -> None:
    """The parser is never handed a DTD, in any encoding."""
    for data in (
        BILLION_LAUGHS.encode(),
        BILLION_LAUGHS.encode("utf-16-le"),
        EXTERNAL.encode("utf-16"),
    ):
        with pytest.raises(pfif.PfifError, match="DTD or entities"):
            pfif.parse(data)


# --- places CSV ----------------------------------------------------------------------------


def test_good_places_file_is_accepted(tmp_path: Path) -> None:
    out = io.StringIO()
    call_command("importplaces", str(_file(tmp_path, GOOD_PLACES.encode())), stdout=out)
    assert "1 place(s) imported" in out.getvalue()


@pytest.mark.parametrize(
    "coordinates",
    [
        "91,41.8",
        "-90.5,41.8",
        "36.5,181",
        "36.5,-200",
        "north,41.8",
        "36.5,",
        ",41.8",
        "nan,41.8",
        "36.5,inf",
        "1e400,41.8",
        "36°30',41.8",
    ],
)
def test_places_with_bad_coordinates_are_refused(
    tmp_path: Path, unchanged: None, coordinates: str
) -> None:
    data = GOOD_PLACES.replace("36.5,41.8", coordinates).encode()
    said = _run(["importplaces"], _file(tmp_path, data))
    assert "line" in said.casefold() or "row" in said.casefold()
    assert "nothing was imported" in said


@pytest.mark.parametrize(
    "data",
    [GOOD_PLACES.encode("utf-16"), GOOD_PLACES.encode("latin-1", "replace").replace(b"?", b"\xee")],
    ids=["utf16", "latin1"],
)
def test_places_in_other_encodings_are_refused(
    tmp_path: Path, unchanged: None, data: bytes
) -> None:
    assert "not UTF-8" in _run(["importplaces"], _file(tmp_path, data))
