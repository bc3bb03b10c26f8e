"""Names typed with invisible characters (a ZWNJ, direction marks, a zero-width space) are
found by search as the names they show, and find them."""

from __future__ import annotations

import io
from dataclasses import replace
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client

from safepassage.tracing.keys import PersonDetails, person_record, record_digests
from safepassage.tracing.models import BlockingKey, Person
from safepassage.tracing.selectors import persons_search_for_user
from safepassage.tracing.services import person_create
from safepassage.tracing.tests.conftest import check_mark, report_person

pytestmark = pytest.mark.django_db

ZWNJ = "\u200c"
OLD_HESEN = f"حه{ZWNJ}سه{ZWNJ}ن"  # حەسەن as older Sorani typing wrote it: ه and a ZWNJ


def test_search_finds_a_person_stored_with_invisible_characters(users) -> None:
    coordinator = users["coordinator"]
    hesen = report_person(coordinator, given_names=(OLD_HESEN,), sex="m").person
    nesrin = report_person(
        coordinator,
        given_names=("\u200fNes\u200brîn\u200e",),
        family_names=(f"\u202bهه{ZWNJ}مدانی\u202c",),
        sex="f",
    ).person
    for query in ("حەسەن", "Hesen", "Hasan", "حسن"):
        assert persons_search_for_user(user=coordinator, query=query) == [hesen], query
    for query in ("Nesrîn", "نسرين", "Nesrîn Hemdanî", "همداني"):
        assert persons_search_for_user(user=coordinator, query=query) == [nesrin], query


def test_a_query_with_invisible_characters_finds_the_person(users) -> None:
    coordinator = users["coordinator"]
    hesen = report_person(coordinator, given_names=("حەسەن",), sex="m").person
    xelil = report_person(coordinator, given_names=("Xelîl",), family_names=("خليل",)).person
    for query in (OLD_HESEN, f"\u200f{OLD_HESEN}\u200e", "He\u00adsen", "\ufeffHesen"):
        assert persons_search_for_user(user=coordinator, query=query) == [hesen], query
    for query in ("\u202bخل\u200dيل\u202c", "Xe\u200blîl", "Xel\u2066îl\u2069"):
        assert persons_search_for_user(user=coordinator, query=query) == [xelil], query
    # A query of invisible characters only looks for no one.
    assert persons_search_for_user(user=coordinator, query="\u200f\u200b") == []


FORM = {
    "given_names": "Nesrîn",
    "sex": "f",
    "birth": "1998",
    "reporter_name": "سعيد",
    "relationship": "uncle",
    "preferred_language": "ar",
}
NAME_FIELDS = (
    "given_names",
    "father_names",
    "grandfather_names",
    "family_names",
    "mother_names",
    "nicknames",
)


def _intake(client: Client, form: dict[str, str]) -> Any:
    checked = client.post("/persons/new/", {**form, "decision": "new"})
    return client.post("/persons/new/", {**form, "decision": "new", "checked": check_mark(checked)})


def test_a_name_is_kept_as_typed_and_shown_without_changing_its_neighbours(
    users, client_for
) -> None:
    """The ZWNJ of حه‌سه‌ن stays (without it the letters join into another-looking word); a
    spelling in which nothing shows is left out; a right-to-left override left open is closed
    at the end of its spelling, so the next spelling is not shown reversed."""
    client = client_for("coordinator")
    form = {
        **FORM,
        "given_names": f"{OLD_HESEN} / \u200f ",
        "family_names": "\u202eHemdanî | Şingalî",
    }
    saved = _intake(client, form)
    assert saved.status_code == 302
    person = Person.objects.get()
    assert person.given_names == [OLD_HESEN]
    assert person.family_names == ["\u202eHemdanî\u202c", "Şingalî"]
    page = client.get(f"/persons/{person.pk}/").content.decode()
    assert f">{OLD_HESEN}</dd>" in page
    assert "\u202eHemdanî\u202c / Şingalî" in page
    assert persons_search_for_user(user=users["coordinator"], query="Hesen") == [person]


def test_a_name_in_which_nothing_shows_is_no_name(users, client_for) -> None:
    client = client_for("coordinator")
    blank = {part: "\u200f\u200b " for part in NAME_FIELDS}
    refused = client.post("/persons/new/", {**FORM, **blank, "decision": "new"})
    assert refused.status_code == 422
    assert "Give at least one name" in refused.content.decode()
    assert Person.objects.count() == 0
    with pytest.raises(ValidationError):
        person_create(actor=users["coordinator"], details=PersonDetails(given_names=("\u2067",)))
    assert Person.objects.count() == 0


def test_rekey_files_a_name_with_a_zwnj_under_the_keys_of_the_name_it_shows(users) -> None:
    """Keys made before were those of three names (حه‌سه‌ن read as "hh", "seh", "n"):
    ``safepassage rekey`` replaces them with the keys of حەسەن."""
    coordinator = users["coordinator"]
    hesen = report_person(coordinator, given_names=(OLD_HESEN,), sex="m").person
    old = record_digests(replace(person_record(hesen), given_names=("حه سه ن",)))
    BlockingKey.objects.filter(person=hesen).delete()
    BlockingKey.objects.bulk_create([BlockingKey(person=hesen, key=key) for key in old])
    assert persons_search_for_user(user=coordinator, query="Hesen") == []

    call_command("rekey", stdout=io.StringIO())
    assert persons_search_for_user(user=coordinator, query="Hesen") == [hesen]
