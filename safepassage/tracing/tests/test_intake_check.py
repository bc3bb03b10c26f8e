"""Intake: "new person" and "same person" are taken only for the details that were checked."""

from __future__ import annotations

import base64
import time
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.core import signing
from django.test import Client

from safepassage.conftest import make_user, sign_in
from safepassage.tracing.keys import PersonDetails
from safepassage.tracing.models import Person, Report
from safepassage.tracing.services import intake_fingerprint
from safepassage.tracing.tests.conftest import KHALIL_LATIN, check_mark, report_person
from safepassage.tracing.views import CHECKED_SALT

pytestmark = pytest.mark.django_db
Response = Any  # a test client answer

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


def decide(client: Client, shown: Response, data: dict[str, str], decision: str) -> Response:
    """A decision taken on the page ``shown``: its fields as ``data``, its mark of the check."""
    answer: Response = client.post(
        "/persons/new/", {**data, "decision": decision, "checked": check_mark(shown)}
    )
    return answer


def test_changed_names_after_the_check_are_checked_again_and_nothing_is_saved(
    users, client_for
) -> None:
    stored = report_person(users["coordinator"], **KHALIL_LATIN).person
    client = client_for("coordinator")
    first = client.post("/persons/new/", {**UNKNOWN, "decision": "check"})
    assert "No likely match" in first.content.decode()
    # The names are changed after the check, then "New person": her matches come first.
    again = decide(client, first, KNOWN, "new")
    html = again.content.decode()
    assert again.status_code == 200
    assert 'id="changed"' in html and "the details changed since the last check" in html
    assert f'value="attach:{stored.pk}"' in html
    assert Person.objects.count() == 1 and Report.objects.count() == 1
    # Now the caseworker has seen them, her decision is taken.
    decided = decide(client, again, KNOWN, "new")
    assert decided.status_code == 302
    assert Person.objects.count() == 2


def test_attaching_after_the_details_changed_shows_the_matches_again(users, client_for) -> None:
    stored = report_person(users["coordinator"], **KHALIL_LATIN).person
    client = client_for("coordinator")
    first = client.post("/persons/new/", {**UNKNOWN, "decision": "check"})
    shown = decide(client, first, KNOWN, f"attach:{stored.pk}")
    assert shown.status_code == 200 and 'id="changed"' in shown.content.decode()
    assert stored.reports.count() == 1
    assert decide(client, shown, KNOWN, f"attach:{stored.pk}").status_code == 302
    assert stored.reports.count() == 2


def test_a_changed_birth_year_is_checked_again(users, client_for) -> None:
    stored = report_person(users["coordinator"], **KHALIL_LATIN).person
    client = client_for("coordinator")
    first = client.post("/persons/new/", {**KNOWN, "decision": "check"})
    moved = decide(client, first, {**KNOWN, "birth": "1997"}, "new")
    assert moved.status_code == 200 and f'value="attach:{stored.pk}"' in moved.content.decode()
    assert Person.objects.count() == 1


def test_the_reporters_part_may_change_after_the_check(users, client_for) -> None:
    report_person(users["coordinator"], **KHALIL_LATIN)
    client = client_for("coordinator")
    first = client.post("/persons/new/", {**KNOWN, "decision": "check"})
    # Who reports is not what the check compares: correcting it keeps the decision valid.
    saved = decide(client, first, {**KNOWN, "reporter_name": "Leyla Qasim"}, "new")
    assert saved.status_code == 302
    assert Person.objects.count() == 2


def test_changed_details_that_match_no_one_may_be_entered_at_once(client_for) -> None:
    client = client_for("caseworker")
    first = client.post("/persons/new/", {**UNKNOWN, "decision": "check"})
    # The check runs again for the new names, finds no one, so there is nothing to show.
    saved = decide(client, first, {**UNKNOWN, "given_names": "Asdfghjkl"}, "new")
    assert saved.status_code == 302 and Person.objects.get().given_names == ["Asdfghjkl"]


def test_the_page_carries_a_signed_keyed_digest_never_the_names_and_writes_no_session(
    users, client_for
) -> None:
    client = client_for("coordinator")
    before = Session.objects.get(session_key=client.session.session_key).session_data
    response = client.post("/persons/new/", {**KNOWN, "decision": "check"})
    assert response.status_code == 200
    details = PersonDetails(
        given_names=("خليل",),
        father_names=("حسن",),
        family_names=("الشنگالي",),
        sex="f",
        birth_year=1998,
    )
    token = check_mark(response)
    salt = f"{CHECKED_SALT}:{users['coordinator'].pk}"
    signed = signing.loads(token, salt=salt)
    assert signed["fingerprint"] == intake_fingerprint(details)
    assert len(signed["once"]) >= 20  # the check's random nonce: what it saves is kept once
    assert "خليل" not in base64.urlsafe_b64decode(token.split(":")[0] + "==").decode()
    # Checking writes nothing: the session is as it was.
    assert Session.objects.get(session_key=client.session.session_key).session_data == before


def test_a_mark_of_another_user_or_a_forged_or_old_one_is_not_a_check(
    users, client_for, monkeypatch
) -> None:
    stored = report_person(users["coordinator"], **KHALIL_LATIN).person
    theirs = check_mark(
        client_for("coordinator").post("/persons/new/", {**KNOWN, "decision": "check"})
    )
    other = Client()
    sign_in(other, make_user("coordinator-two", "coordinator"))
    forged = theirs[:-1] + ("A" if theirs[-1] != "A" else "B")
    for token in (theirs, forged, "1"):
        for decision in ("new", f"attach:{stored.pk}"):
            answer = other.post("/persons/new/", {**KNOWN, "decision": decision, "checked": token})
            # Not taken for a check: her matches are shown and nothing is saved.
            html = answer.content.decode()
            assert answer.status_code == 200 and 'id="changed"' in html
            assert f'value="attach:{stored.pk}"' in html
    assert Person.objects.count() == 1 and stored.reports.count() == 1
    # A mark older than its validity is not a check either.
    coordinator = client_for("coordinator")
    shown = coordinator.post("/persons/new/", {**KNOWN, "decision": "check"})
    later = time.time() + 3 * 60 * 60
    monkeypatch.setattr(time, "time", lambda: later)
    again = decide(coordinator, shown, KNOWN, "new")
    assert again.status_code == 200 and 'id="changed"' in again.content.decode()
    assert Person.objects.count() == 1


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
