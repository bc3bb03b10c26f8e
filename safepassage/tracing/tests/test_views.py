"""Tracing pages: intake with the match preview, person timeline, review queue, undo."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.test import Client

from safepassage.accounts.services import grant_create, user_set_duress_password
from safepassage.conftest import current_code
from safepassage.tracing.models import Contact, DuplicateCandidate, Merge, Person, Report
from safepassage.tracing.services import (
    auth_question_add,
    person_link_create,
    person_set_status,
    persons_merge,
)
from safepassage.tracing.tests.conftest import (
    KHALIL_ARABIC,
    KHALIL_LATIN,
    check_mark,
    report_person,
)

pytestmark = pytest.mark.django_db

ARABIC_FORM = {
    "given_names": "خليل",
    "father_names": "حسن",
    "family_names": "الشنگالي",
    "sex": "f",
    "birth": "حوالي 27",
    "reporter_name": "سعيد",
    "relationship": "uncle",
    "reporter_phones": "+964 751 000 0202",
    "preferred_language": "ar",
}


def test_intake_previews_matches_then_attaches(users, client_for) -> None:
    person = report_person(users["coordinator"], **KHALIL_LATIN).person
    client = client_for("coordinator")
    assert client.get("/persons/new/").status_code == 200
    preview = client.post("/persons/new/", {**ARABIC_FORM, "decision": "check"})
    html = preview.content.decode()
    assert preview.status_code == 200 and "Possible matches" in html
    assert f'value="attach:{person.pk}"' in html and "Xelîl" in html and "exact" in html
    assert Report.objects.count() == 1  # nothing saved by the check
    saved = client.post(
        "/persons/new/",
        {**ARABIC_FORM, "checked": check_mark(preview), "decision": f"attach:{person.pk}"},
    )
    assert saved.status_code == 302 and saved["Location"] == f"/persons/{person.pk}/"
    person.refresh_from_db()
    assert Person.objects.count() == 1 and person.reports.count() == 2
    assert "خليل" in person.given_names


def test_intake_new_person_requires_the_check_first(users, client_for) -> None:
    client = client_for("caseworker")
    unchecked = client.post("/persons/new/", {**ARABIC_FORM, "decision": "new"})
    assert unchecked.status_code == 200 and Person.objects.count() == 0
    mark = check_mark(unchecked)
    saved = client.post("/persons/new/", {**ARABIC_FORM, "decision": "new", "checked": mark})
    assert saved.status_code == 302
    person = Person.objects.get()
    # The caseworker keeps access to the person she entered.
    assert client.get(f"/persons/{person.pk}/").status_code == 200


def test_person_page_shows_whom_she_was_taken_with(users, client_for) -> None:
    actor = users["coordinator"]
    mother = report_person(actor, **KHALIL_LATIN).person
    child = report_person(actor, given_names=("Roza",), family_names=("Sheikh",)).person
    person_link_create(actor=actor, person=child, other=mother, kind="child")
    client = client_for("caseworker")
    grant_create(actor=actor, user=users["caseworker"], obj=child)
    page = client.get(f"/persons/{child.pk}/").content.decode()
    assert "Taken with her" not in page  # the caseworker may not see the mother
    grant_create(actor=actor, user=users["caseworker"], obj=mother)
    page = client.get(f"/persons/{child.pk}/").content.decode()
    assert "Taken with her" in page and f"/persons/{mother.pk}/" in page and "Xelîl" in page
    alone = client_for("coordinator").get(f"/persons/{mother.pk}/").content.decode()
    assert "Taken with her" not in alone  # the link is recorded on the child's side


def test_intake_saves_a_new_person_in_few_statements(
    client_for, django_assert_max_num_queries
) -> None:
    # Signed in (session, user, code device), then the person, her status, her search keys,
    # the report, the phone sighting, two audit events in one append, the open rescue
    # requests resting on the report's number (re-assessed: none here) and the re-match task
    # (which tests run at once: four statements more), in one transaction. It was 44 before
    # the checks that cannot fail (a fresh UUID unique, the signed-in user and the new person
    # existing) were left to the database, and 34 before the transaction lost its savepoints
    # and the queries for what a new person cannot have yet (search keys) or break
    # (constraints); 21 before the two audit events shared one append.
    client = client_for("coordinator")
    with django_assert_max_num_queries(19):
        response = client.post("/persons/new/", {**ARABIC_FORM, "decision": "new", "checked": "1"})
    assert response.status_code == 302
    person = Person.objects.get()
    assert person.reports.get().reporter_name == "سعيد"
    assert person.given_names == ["خليل"]


def test_intake_rejects_bad_input_and_writes_nothing(client_for) -> None:
    client = client_for("coordinator")
    response = client.post(
        "/persons/new/", {**ARABIC_FORM, "reporter_name": "", "birth": "soon", "checked": "1"}
    )
    assert response.status_code == 422
    assert "birth year" in response.content.decode()
    assert Person.objects.count() == 0


def test_person_page_shows_timeline_in_time_order(users, client_for) -> None:
    actor = users["coordinator"]
    report = report_person(actor, **KHALIL_LATIN)
    person = report.person
    person_set_status(actor=actor, person=person, status="contact", reason="She called home.")
    client = client_for("coordinator")
    response = client.post(
        f"/persons/{person.pk}/contacts/new/",
        {"occurred_at": "2024-05-01T10:30", "channel": "phone", "location_said": "Near a mill"},
    )
    assert response.status_code == 302
    html = client.get(f"/persons/{person.pk}/").content.decode()
    report_at, contact_at, status_at = (
        html.index("Taken in August 2014."),
        html.index("Near a mill"),
        html.index("She called home."),
    )
    assert report_at < contact_at < status_at  # 2024-03-01, 2024-05-01, now


def test_person_page_orders_what_was_entered_out_of_order(users, client_for) -> None:
    actor = users["coordinator"]
    person = report_person(actor, **KHALIL_LATIN).person
    auth_question_add(actor=actor, person=person, question="Her goat?", answer="Spîndar")
    auth_question_add(actor=actor, person=person, question="Her school?", answer="Kocho")
    client = client_for("coordinator")
    for when, said in (("2024-06-01T10:30", "Second call"), ("2024-05-01T10:30", "First call")):
        response = client.post(
            f"/persons/{person.pk}/contacts/new/",
            {"occurred_at": when, "channel": "phone", "location_said": said},
        )
        assert response.status_code == 302
    html = client.get(f"/persons/{person.pk}/").content.decode()
    assert html.index("First call") < html.index("Second call")  # the May call, then June's
    assert html.index("Her goat?") < html.index("Her school?")  # questions as they were added


def test_contact_page_shows_pass_or_fail_never_the_answer(users, client_for) -> None:
    actor = users["coordinator"]
    person = report_person(actor, **KHALIL_LATIN).person
    secret = auth_question_add(actor=actor, person=person, question="Her goat?", answer="Spîndar")
    client = client_for("coordinator")
    form = client.get(f"/persons/{person.pk}/contacts/new/").content.decode()
    assert "Her goat?" in form and "Spîndar" not in form
    response = client.post(
        f"/persons/{person.pk}/contacts/new/",
        {
            "occurred_at": "2024-05-01T10:30",
            "channel": "phone",
            f"answer_{secret.pk}": "spindar",
        },
        follow=True,
    )
    assert "Authentication: Passed" in response.content.decode()
    assert Contact.objects.get().auth_outcome == "passed"


def test_review_queue_merge_and_undo(users, client_for) -> None:
    actor = users["coordinator"]
    first = report_person(actor, **KHALIL_LATIN).person
    second = report_person(actor, **KHALIL_ARABIC).person
    client = client_for("coordinator")
    queue = client.get("/persons/duplicates/").content.decode()
    assert "Xelîl" in queue and "خليل" in queue and "exact" in queue
    row = DuplicateCandidate.objects.get()
    merged = client.post(f"/persons/duplicates/{row.pk}/merge/")
    assert merged.status_code == 302
    survivor = Person.objects.get(merged_into__isnull=True)
    assert survivor == first  # the older record survives
    page = client.get(f"/persons/{survivor.pk}/").content.decode()
    assert "خليل" in page and "Xelîl" in page and "Undo merge" in page
    assert client.get(f"/persons/{second.pk}/").status_code == 302  # redirect to survivor
    undo = client.post(f"/persons/merges/{Merge.objects.get().pk}/undo/")
    assert undo.status_code == 302
    assert Person.objects.filter(merged_into__isnull=True).count() == 2
    assert DuplicateCandidate.objects.get().status == "open"


def test_review_queue_dismiss(users, client_for) -> None:
    actor = users["coordinator"]
    report_person(actor, **KHALIL_LATIN)
    report_person(actor, **KHALIL_ARABIC)
    row = DuplicateCandidate.objects.get()
    client = client_for("coordinator")
    assert client.post(f"/persons/duplicates/{row.pk}/dismiss/").status_code == 302
    assert DuplicateCandidate.objects.get().status == "dismissed"
    assert "No suspected duplicates" in client.get("/persons/duplicates/").content.decode()
    assert client.post(f"/persons/duplicates/{row.pk}/other/").status_code == 404


def test_caseworker_without_grant_gets_404_everywhere(users, client_for) -> None:
    actor = users["coordinator"]
    person = report_person(actor, **KHALIL_LATIN).person
    report_person(actor, **KHALIL_ARABIC)
    row = DuplicateCandidate.objects.get()
    client = client_for("caseworker")
    for path in (f"/persons/{person.pk}/", f"/persons/{person.pk}/contacts/new/"):
        assert client.get(path).status_code == 404, path
    for path in (
        f"/persons/{person.pk}/status/",
        f"/persons/duplicates/{row.pk}/merge/",
        f"/persons/duplicates/{row.pk}/dismiss/",
    ):
        assert client.post(path, {"status": "contact", "reason": "x"}).status_code == 404, path
    assert "Xelîl" not in client.get("/persons/").content.decode()
    # With a grant to only one of the pair, the pair stays hidden and cannot be merged.
    grant_create(actor=actor, user=users["caseworker"], obj=person)
    assert client.get(f"/persons/{person.pk}/").status_code == 200
    assert client.post(f"/persons/duplicates/{row.pk}/merge/").status_code == 404


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("coordinator", 200),
        ("caseworker", 200),
        ("liaison", 200),
        ("field", 404),
        ("analyst", 404),
        ("auditor", 404),
        ("administrator", 404),
    ],
)
def test_pages_by_role(role, expected, client_for) -> None:
    client = client_for(role)
    for path in ("/persons/", "/persons/new/", "/persons/duplicates/", "/persons/?q=xelil"):
        assert client.get(path).status_code == expected, path
    assert client.post("/persons/", {"q": "xelil"}).status_code == expected  # the search
    nav = client.get("/").content.decode()
    assert ('href="/persons/"' in nav) == (expected == 200)


def test_status_change_page(users, client_for) -> None:
    person = report_person(users["coordinator"], **KHALIL_LATIN).person
    client = client_for("coordinator")
    client.post(f"/persons/{person.pk}/status/", {"status": "located", "reason": "Insider."})
    person.refresh_from_db()
    assert person.status == "located"
    client.post(f"/persons/{person.pk}/status/", {"status": "arrived", "reason": ""})
    person.refresh_from_db()
    assert person.status == "located"


def test_pages_are_light(users, client_for) -> None:
    from safepassage.tests.test_page_weight import LIMIT, _weight

    person = report_person(users["coordinator"], **KHALIL_LATIN).person
    report_person(users["coordinator"], **KHALIL_ARABIC)
    client = client_for("coordinator")
    for path in ("/persons/", "/persons/new/", "/persons/duplicates/", f"/persons/{person.pk}/"):
        response = client.get(path)
        assert response.status_code == 200 and _weight(response.content) <= LIMIT, path


def test_person_page_shows_location_reports_and_rescue_requests(users, client_for) -> None:
    from safepassage.intel.tests.factories import make_place
    from safepassage.intel.tests.factories import make_report as make_location_report
    from safepassage.verification.tests.factories import make_request

    actor = users["coordinator"]
    person = report_person(actor, **KHALIL_LATIN).person
    house = make_place(actor, "Gir Zerik mill house", kind="house")
    make_location_report(actor, person, place=house)
    make_request(actor, person)
    html = client_for("coordinator").get(f"/persons/{person.pk}/").content.decode()
    assert "Gir Zerik mill house" in html
    assert "/verification/requests/" in html
    assert f"/verification/persons/{person.pk}/request/" in html


# --- editing: no lost update -------------------------------------------------------------


def _edit_form(client, person) -> dict[str, str]:
    """What the edit page's form would post back unchanged (hidden version included)."""
    html = client.get(f"/persons/{person.pk}/edit/").content.decode()
    form = re.search(r'<form [^>]*id="person-edit".*?</form>', html, re.S)
    assert form is not None
    data = {
        name: unescape(value)
        for name, value in re.findall(r'<input [^>]*name="(\w+)"[^>]*value="([^"]*)"', form[0])
    }
    data.update(
        (name, unescape(value))
        for name, value in re.findall(
            r'<textarea [^>]*name="(\w+)"[^>]*>\s*(.*?)</textarea>', form[0], re.S
        )
    )
    data.update(
        (name, value)
        for name, value in re.findall(
            r'<select [^>]*name="(\w+)"[^>]*>.*?<option value="([^"]*)" selected', form[0], re.S
        )
    )
    data.pop("csrfmiddlewaretoken", None)
    return data


def test_edit_page_is_prefilled_and_saves(users, client_for) -> None:
    person = report_person(
        users["coordinator"], **{**KHALIL_LATIN, "given_names": ("Xelîl", "خليل")}
    ).person
    client = client_for("coordinator")
    detail = client.get(f"/persons/{person.pk}/").content.decode()
    assert f'href="/persons/{person.pk}/edit/"' in detail
    form = _edit_form(client, person)
    assert form["given_names"] == "Xelîl | خليل" and form["birth"] == "1998"
    assert form["sex"] == "f" and form["version"] == "1"
    unchanged = client.post(f"/persons/{person.pk}/edit/", form)
    assert unchanged.status_code == 302
    person.refresh_from_db()
    assert person.version == 1  # saving what was shown changes nothing
    saved = client.post(
        f"/persons/{person.pk}/edit/",
        {**form, "given_names": "Xelîl | خليل | Khalil", "home_place": "Tel Ezer"},
        follow=True,
    )
    assert saved.redirect_chain[-1][0] == f"/persons/{person.pk}/"
    assert "Saved." in saved.content.decode()
    person.refresh_from_db()
    assert person.version == 2 and person.given_names == ["Xelîl", "خليل", "Khalil"]
    assert person.home_place == "Tel Ezer" and person.birth_year == 1998


def test_edit_keeps_an_uncertain_birth_year_left_alone(users, client_for) -> None:
    person = report_person(
        users["coordinator"], **{**KHALIL_LATIN, "birth_year": 1999, "birth_year_uncertainty": 1}
    ).person
    client = client_for("coordinator")
    form = _edit_form(client, person)
    assert form["birth"] == "1998-2000"
    client.post(f"/persons/{person.pk}/edit/", {**form, "community": "Yazidi"})
    person.refresh_from_db()
    assert (person.birth_year, person.birth_year_uncertainty, person.community) == (
        1999,
        1,
        "Yazidi",
    )


def test_edit_after_someone_elses_change_shows_the_conflict_and_keeps_input(
    users, client_for
) -> None:
    person = report_person(users["coordinator"], **KHALIL_LATIN).person
    mine, theirs = client_for("coordinator"), client_for("caseworker")
    grant_create(actor=None, user=users["caseworker"], obj=person)
    my_form, their_form = _edit_form(mine, person), _edit_form(theirs, person)
    assert (
        theirs.post(f"/persons/{person.pk}/edit/", {**their_form, "home_place": "Tel Ezer"})[
            "Location"
        ]
        == f"/persons/{person.pk}/"
    )
    refused = mine.post(
        f"/persons/{person.pk}/edit/", {**my_form, "home_place": "Sinjar", "community": "Yazidi"}
    )
    html = refused.content.decode()
    assert refused.status_code == 409
    assert "Not saved: someone else changed this record" in html
    assert "it is now at version 2" in html and 'id="reload"' in html
    assert f'href="/persons/{person.pk}/edit/"' in html
    # Their value and mine side by side, and my input still in the form.
    assert re.search(r"Home village or town</th><td[^>]*>Tel Ezer</td><td[^>]*>Sinjar</td>", html)
    assert 'name="home_place" value="Sinjar"' in html and 'value="Yazidi"' in html
    assert 'name="version" value="2"' in html
    person.refresh_from_db()
    assert person.version == 2 and person.home_place == "Tel Ezer" and person.community == ""
    # Saving again, with their values in view, is a decision: it goes through.
    again = mine.post(
        f"/persons/{person.pk}/edit/",
        {**my_form, "home_place": "Sinjar", "community": "Yazidi", "version": "2"},
    )
    assert again.status_code == 302
    person.refresh_from_db()
    assert person.version == 3 and person.home_place == "Sinjar"


def test_edit_after_a_status_change_conflicts_without_differences(users, client_for) -> None:
    person = report_person(users["coordinator"], **KHALIL_LATIN).person
    client = client_for("coordinator")
    form = _edit_form(client, person)
    person_set_status(actor=users["coordinator"], person=person, status="contact", reason="Call")
    refused = client.post(f"/persons/{person.pk}/edit/", form)
    assert refused.status_code == 409
    assert "something else changed" in refused.content.decode()


def test_edit_rejects_bad_input_and_lost_version(users, client_for) -> None:
    person = report_person(users["coordinator"], **KHALIL_LATIN).person
    client = client_for("coordinator")
    form = _edit_form(client, person)
    for bad in ({"birth": "soon"}, {"version": ""}, {"version": "x"}):
        response = client.post(f"/persons/{person.pk}/edit/", {**form, **bad})
        assert response.status_code == 422, bad
    lost = client.post(f"/persons/{person.pk}/edit/", {**form, "version": ""}).content.decode()
    assert "lost the version it was opened at" in lost
    empty = {**form, **dict.fromkeys(["given_names", "father_names", "grandfather_names"], "")}
    response = client.post(f"/persons/{person.pk}/edit/", {**empty, "family_names": ""})
    assert response.status_code == 422 and "Give at least one name" in response.content.decode()
    person.refresh_from_db()
    assert person.version == 1 and person.given_names == ["Xelîl"]


def test_edit_of_a_merged_record_goes_to_the_survivor(users, client_for) -> None:
    actor = users["coordinator"]
    survivor = report_person(actor, **KHALIL_LATIN).person
    merged = report_person(actor, **KHALIL_ARABIC).person
    client = client_for("coordinator")
    form = _edit_form(client, merged)
    persons_merge(actor=actor, survivor=survivor, merged=merged)
    opened = client.get(f"/persons/{merged.pk}/edit/")
    assert opened.status_code == 302 and opened["Location"] == f"/persons/{survivor.pk}/edit/"
    refused = client.post(f"/persons/{merged.pk}/edit/", {**form, "community": "Yazidi"})
    assert refused.status_code == 409 and "merged into another one" in refused.content.decode()
    survivor.refresh_from_db()
    assert survivor.community == "" and "خليل" in survivor.given_names


@pytest.mark.parametrize("role", ["analyst", "auditor", "administrator", "field"])
def test_edit_is_refused_to_roles_without_case_writes(users, client_for, role) -> None:
    person = report_person(users["coordinator"], **KHALIL_LATIN).person
    client = client_for(role)
    assert client.get(f"/persons/{person.pk}/edit/").status_code == 404
    posted = client.post(f"/persons/{person.pk}/edit/", {"given_names": "X", "version": "1"})
    assert posted.status_code == 404
    person.refresh_from_db()
    assert person.version == 1


def test_edit_needs_a_grant_and_a_real_session(users, client_for) -> None:
    person = report_person(users["coordinator"], **KHALIL_LATIN).person
    client = client_for("caseworker")
    assert client.get(f"/persons/{person.pk}/edit/").status_code == 404
    form = {"given_names": "Khalil", "version": "1"}
    assert client.post(f"/persons/{person.pk}/edit/", form).status_code == 404
    # A duress sign-in looks normal and writes nothing, not even to a coordinator's cases.
    user_set_duress_password(actor=users["coordinator"], duress_password="blue-river-duress-77")
    decoy = Client()
    decoy.post(
        "/accounts/login/",
        {"username": users["coordinator"].username, "password": "blue-river-duress-77"},
    )
    decoy.post("/accounts/login/code/", {"token": current_code(users["coordinator"])})
    assert decoy.get("/persons/").status_code == 200
    assert decoy.get(f"/persons/{person.pk}/").status_code == 404
    assert decoy.get(f"/persons/{person.pk}/edit/").status_code == 404
    assert decoy.post(f"/persons/{person.pk}/edit/", form).status_code == 404
    person.refresh_from_db()
    assert person.version == 1 and person.given_names == ["Xelîl"]
    # The caseworker she is shared with may edit; the page offers it.
    grant_create(actor=None, user=users["caseworker"], obj=person)
    assert 'id="edit"' in client.get(f"/persons/{person.pk}/").content.decode()
    assert client.post(f"/persons/{person.pk}/edit/", form).status_code == 302


def test_edit_page_is_light_and_translated(users, client_for) -> None:
    from safepassage.tests.test_page_weight import LIMIT, _weight

    person = report_person(users["coordinator"], **KHALIL_LATIN).person
    client = client_for("coordinator")
    form = _edit_form(client, person)
    person_set_status(actor=users["coordinator"], person=person, status="contact", reason="Call")
    client.post("/i18n/setlang/", {"language": "ar"})
    for response in (
        client.get(f"/persons/{person.pk}/edit/"),
        client.post(f"/persons/{person.pk}/edit/", {**form, "home_place": "Sinjar"}),
    ):
        html = response.content.decode()
        assert _weight(response.content) <= LIMIT
        assert "Edit details" not in html and "Save" not in html, html[:2000]
