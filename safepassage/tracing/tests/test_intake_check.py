"""Intake: "new person" and "same person" are taken only for the details that were checked."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session

from safepassage.tracing.keys import PersonDetails
from safepassage.tracing.models import Person, Report
from safepassage.tracing.services import intake_fingerprint
from safepassage.tracing.tests.conftest import KHALIL_LATIN, report_person

pytestmark = pytest.mark.django_db

UNKNOWN = {
    "given_names": "Qwertyuiop",
    "sex": "f",
    "reporter_name": "Leyla",
    "relationship": "sister",
}
# The same woman as KHALIL_LATIN, in Arabic script: the check finds her.
KNOWN = {
    **UNKNOWN,
    "given_names": "خليل",
    "father_names": "حسن",
    "family_names": "الشنگالي",
    "birth": "1998",
}


def test_changed_names_after_the_check_are_checked_again_and_nothing_is_saved(
    users, client_for
) -> None:
    stored = report_person(users["coordinator"], **KHALIL_LATIN).person
    client = client_for("coordinator")
    first = client.post("/persons/new/", {**UNKNOWN, "decision": "check"})
    assert "No likely match" in first.content.decode()
    # The names are changed after the check, then "New person": her matches come first.
    again = client.post("/persons/new/", {**KNOWN, "decision": "new", "checked": "1"})
    html = again.content.decode()
    assert again.status_code == 200
    assert 'id="changed"' in html and "the details changed since the last check" in html
    assert f'value="attach:{stored.pk}"' in html
    assert Person.objects.count() == 1 and Report.objects.count() == 1
    # Now the caseworker has seen them, her decision is taken.
    decided = client.post("/persons/new/", {**KNOWN, "decision": "new", "checked": "1"})
    assert decided.status_code == 302
    assert Person.objects.count() == 2


def test_attaching_after_the_details_changed_shows_the_matches_again(users, client_for) -> None:
    stored = report_person(users["coordinator"], **KHALIL_LATIN).person
    client = client_for("coordinator")
    client.post("/persons/new/", {**UNKNOWN, "decision": "check"})
    attach = {**KNOWN, "decision": f"attach:{stored.pk}", "checked": "1"}
    shown = client.post("/persons/new/", attach)
    assert shown.status_code == 200 and 'id="changed"' in shown.content.decode()
    assert stored.reports.count() == 1
    assert client.post("/persons/new/", attach).status_code == 302
    assert stored.reports.count() == 2


def test_a_changed_birth_year_is_checked_again(users, client_for) -> None:
    stored = report_person(users["coordinator"], **KHALIL_LATIN).person
    client = client_for("coordinator")
    client.post("/persons/new/", {**KNOWN, "decision": "check"})
    moved = client.post(
        "/persons/new/", {**KNOWN, "birth": "1997", "decision": "new", "checked": "1"}
    )
    assert moved.status_code == 200 and f'value="attach:{stored.pk}"' in moved.content.decode()
    assert Person.objects.count() == 1


def test_the_reporters_part_may_change_after_the_check(users, client_for) -> None:
    report_person(users["coordinator"], **KHALIL_LATIN)
    client = client_for("coordinator")
    client.post("/persons/new/", {**KNOWN, "decision": "check"})
    # Who reports is not what the check compares: correcting it keeps the decision valid.
    saved = client.post(
        "/persons/new/",
        {**KNOWN, "reporter_name": "Leyla Qasim", "decision": "new", "checked": "1"},
    )
    assert saved.status_code == 302
    assert Person.objects.count() == 2


def test_changed_details_that_match_no_one_may_be_entered_at_once(client_for) -> None:
    client = client_for("caseworker")
    client.post("/persons/new/", {**UNKNOWN, "decision": "check"})
    # The check runs again for the new names, finds no one, so there is nothing to show.
    saved = client.post(
        "/persons/new/", {**UNKNOWN, "given_names": "Asdfghjkl", "decision": "new", "checked": "1"}
    )
    assert saved.status_code == 302 and Person.objects.get().given_names == ["Asdfghjkl"]


def test_the_session_keeps_a_keyed_digest_never_the_names(client_for) -> None:
    client = client_for("coordinator")
    response = client.post("/persons/new/", {**KNOWN, "decision": "check"})
    assert response.status_code == 200
    details = PersonDetails(
        given_names=("خليل",),
        father_names=("حسن",),
        family_names=("الشنگالي",),
        sex="f",
        birth_year=1998,
    )
    session = Session.objects.get(session_key=client.session.session_key)
    data = session.get_decoded()
    assert intake_fingerprint(details) in data["tracing.intake_checked"]
    stored = str(data) + session.session_data
    assert "خليل" not in stored and "Qwertyuiop" not in stored


def test_the_fingerprint_follows_what_the_check_compares() -> None:
    base = PersonDetails(given_names=("Xelîl", "Khalil"), sex="f", birth_year=1998)
    # Order and spaces of spellings, and what the check does not compare, leave it alone.
    same = PersonDetails(
        given_names=(" Khalil", "Xelîl "), sex="f", birth_year=1998, distinguishing_marks="scar"
    )
    assert intake_fingerprint(base) == intake_fingerprint(same)
    for changed in (
        PersonDetails(given_names=("Xelîl",), sex="f", birth_year=1998),
        PersonDetails(given_names=("Xelîl", "Khalil"), sex="m", birth_year=1998),
        PersonDetails(given_names=("Xelîl", "Khalil"), sex="f", birth_year=1997),
        PersonDetails(given_names=("Xelîl", "Khalil"), sex="f", birth_year=1998, home_place="K"),
        PersonDetails(family_names=("Xelîl", "Khalil"), sex="f", birth_year=1998),
    ):
        assert intake_fingerprint(changed) != intake_fingerprint(base)
