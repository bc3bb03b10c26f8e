"""Tracing pages: intake with the match preview, person timeline, review queue, undo."""

from __future__ import annotations

import pytest

from safepassage.accounts.services import grant_create
from safepassage.tracing.models import Contact, DuplicateCandidate, Merge, Person, Report
from safepassage.tracing.services import auth_question_add, person_set_status
from safepassage.tracing.tests.conftest import KHALIL_ARABIC, KHALIL_LATIN, report_person

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
        "/persons/new/", {**ARABIC_FORM, "checked": "1", "decision": f"attach:{person.pk}"}
    )
    assert saved.status_code == 302 and saved["Location"] == f"/persons/{person.pk}/"
    person.refresh_from_db()
    assert Person.objects.count() == 1 and person.reports.count() == 2
    assert "خليل" in person.given_names


def test_intake_new_person_requires_the_check_first(users, client_for) -> None:
    client = client_for("caseworker")
    unchecked = client.post("/persons/new/", {**ARABIC_FORM, "decision": "new"})
    assert unchecked.status_code == 200 and Person.objects.count() == 0
    saved = client.post("/persons/new/", {**ARABIC_FORM, "decision": "new", "checked": "1"})
    assert saved.status_code == 302
    person = Person.objects.get()
    # The caseworker keeps access to the person she entered.
    assert client.get(f"/persons/{person.pk}/").status_code == 200


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
