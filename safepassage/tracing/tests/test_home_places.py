"""Her home place in several spellings: kept by a merge and by a report, shown, matched."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.core.exceptions import ValidationError

from safepassage.matching import PersonRecord
from safepassage.tracing.importing import persons_import_csv
from safepassage.tracing.keys import PersonDetails, person_record
from safepassage.tracing.models import Merge, Person
from safepassage.tracing.services import merge_undo, person_create, persons_merge
from safepassage.tracing.services.matching import candidate_ids, find_candidates
from safepassage.tracing.tests.conftest import KHALIL_ARABIC, KHALIL_LATIN, report_person
from safepassage.tracing.tests.test_api import api
from safepassage.tracing.tests.test_views import _edit_form

pytestmark = pytest.mark.django_db


def _merge(users, survivor_place: str, merged_place: str) -> tuple[Person, Person, Merge]:
    actor = users["coordinator"]
    survivor = report_person(actor, **{**KHALIL_LATIN, "home_place": survivor_place}).person
    merged = report_person(actor, **{**KHALIL_ARABIC, "home_place": merged_place}).person
    merge = persons_merge(actor=actor, survivor=survivor, merged=merged)
    survivor.refresh_from_db()
    return survivor, merged, merge


def test_a_merge_keeps_the_other_spelling_and_undo_takes_it_back(users) -> None:
    survivor, merged, merge = _merge(users, "Kocho", "كوجو")
    assert survivor.home_place == "Kocho" and survivor.home_place_variants == ["كوجو"]
    assert survivor.home_places == ["Kocho", "كوجو"]
    assert survivor.given_names == ["Xelîl", "خليل"]  # as the names are kept
    # A third record spelling it as she has it already adds nothing; a new spelling is kept.
    actor = users["coordinator"]
    again = report_person(actor, **{**KHALIL_LATIN, "home_place": "Kocho"}).person
    persons_merge(actor=actor, survivor=survivor, merged=again)
    survivor.refresh_from_db()
    assert survivor.home_place_variants == ["كوجو"]
    third = report_person(actor, **{**KHALIL_LATIN, "home_place": "Koço"}).person
    later = persons_merge(actor=actor, survivor=survivor, merged=third)
    survivor.refresh_from_db()
    assert survivor.home_places == ["Kocho", "كوجو", "Koço"]

    merge_undo(actor=actor, merge=later)
    merge_undo(actor=actor, merge=Merge.objects.get(merged=again))
    merge_undo(actor=actor, merge=merge)
    survivor.refresh_from_db()
    merged.refresh_from_db()
    assert survivor.home_places == ["Kocho"] and merged.home_places == ["كوجو"]


def test_a_survivor_without_a_home_place_takes_the_merged_one(users) -> None:
    survivor, _merged, _merge_row = _merge(users, "", "كوجو")
    assert survivor.home_place == "كوجو" and survivor.home_place_variants == []


def test_undo_of_a_merge_made_before_the_spellings_were_kept(users) -> None:
    survivor, _merged, merge = _merge(users, "Kocho", "كوجو")
    before = dict(merge.survivor_before)
    before.pop("home_place_variants")  # as a merge made before this field has it
    merge.survivor_before = before
    merge.save()
    merge_undo(actor=users["coordinator"], merge=merge)
    survivor.refresh_from_db()
    assert survivor.home_place == "Kocho" and survivor.home_place_variants == []


def test_the_person_page_shows_every_spelling_where_the_home_place_is(users, client_for) -> None:
    survivor, _merged, _merge_row = _merge(users, "Kocho", "كوجو")
    html = client_for("coordinator").get(f"/persons/{survivor.pk}/").content.decode()
    place = re.search(r'<dd dir="auto" id="home-places">(.*?)</dd>', html)
    assert place is not None and unescape(place[1]) == "Kocho / كوجو"


def test_matching_finds_her_by_a_kept_spelling(users) -> None:
    """Shingal is Sinjar, but no transliteration says so: only the kept spelling can."""
    report = PersonRecord(ref="new", given_names=("Xelîl",), home_places=("شنگال",))
    actor = users["coordinator"]
    survivor = report_person(actor, **{**KHALIL_LATIN, "home_place": "Sinjar"}).person
    assert str(survivor.pk) not in candidate_ids(report)  # given name and village: one key
    merged = report_person(actor, **{**KHALIL_ARABIC, "home_place": "Shingal"}).person
    persons_merge(actor=actor, survivor=survivor, merged=merged)
    survivor.refresh_from_db()
    assert person_record(survivor).home_places == ("Sinjar", "Shingal")
    assert candidate_ids(report) == [str(survivor.pk)]
    found = find_candidates(report, threshold=0.0)
    home = next(e for e in found[0].evidence if e["field"] == "home")
    assert home["level"] in ("identical", "exact") and home["right"] == "Sinjar | Shingal"


def test_a_report_attached_with_another_spelling_keeps_it(users) -> None:
    actor = users["coordinator"]
    person = report_person(actor, **KHALIL_LATIN).person
    report_person(actor, attach_to=person, **KHALIL_ARABIC)
    person.refresh_from_db()
    assert person.home_places == ["Kocho", "كوجو"] and person.version == 2
    report_person(actor, attach_to=person, **KHALIL_LATIN)  # nothing new
    person.refresh_from_db()
    assert person.home_places == ["Kocho", "كوجو"] and person.version == 2


def test_the_edit_form_shows_and_saves_the_spellings(users, client_for) -> None:
    survivor, _merged, _merge_row = _merge(users, "Kocho", "كوجو")
    client = client_for("coordinator")
    form = _edit_form(client, survivor)
    assert form["home_place"] == "Kocho | كوجو"
    assert client.post(f"/persons/{survivor.pk}/edit/", form).status_code == 302
    survivor.refresh_from_db()
    assert survivor.version == 2  # shown and saved unchanged: no change (the merge made 2)
    saved = client.post(
        f"/persons/{survivor.pk}/edit/", {**form, "home_place": "كوجو / Kocho / Koço"}
    )
    assert saved.status_code == 302
    survivor.refresh_from_db()
    assert survivor.home_place == "كوجو" and survivor.home_place_variants == ["Kocho", "Koço"]


def test_the_api_shows_the_spellings_and_a_patch_of_the_place_keeps_them(users) -> None:
    survivor, _merged, _merge_row = _merge(users, "Kocho", "كوجو")
    client = api(users["coordinator"])
    read = client.get(f"/api/persons/{survivor.pk}/")
    assert read.json()["home_place_variants"] == ["كوجو"]
    patched = client.patch(
        f"/api/persons/{survivor.pk}/",
        {"home_place": "Koço"},
        content_type="application/json",
        headers={"If-Match": read["ETag"]},
    )
    assert patched.status_code == 200, patched.content
    assert patched.json()["home_place"] == "Koço"
    assert patched.json()["home_place_variants"] == ["كوجو"]


def test_an_imported_row_keeps_every_spelling_of_the_place(users) -> None:
    data = (
        "ref,given_name,father_name,sex,birth_year,home_place\nA1,Xelîl,Hesen,f,1998,Kocho|كوجو\n"
    ).encode()
    assert persons_import_csv(actor=users["coordinator"], data=data).ok
    person = Person.objects.get()
    assert person.home_place == "Kocho" and person.home_place_variants == ["كوجو"]


def test_too_many_spellings_of_the_place_are_refused(users) -> None:
    details = PersonDetails(
        given_names=("Xelîl",),
        home_place="Kocho",
        home_place_variants=tuple(f"Kocho {i}" for i in range(20)),
    )
    with pytest.raises(ValidationError) as refused:
        person_create(actor=users["coordinator"], details=details)
    assert "at most 20 spellings" in refused.value.message_dict["home_place"][0]
