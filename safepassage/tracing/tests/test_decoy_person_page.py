"""A decoy's pretend person page looks like a real one; its forms answer like real saves.

A captor watching over her shoulder sees the page of her role: the same links and forms as
on a real person's page, each answering as a real save (the same redirect, the same message,
the change shown), or with the same errors; and nothing real is written.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from safepassage.accounts.models import Grant, Role
from safepassage.audit.models import AuditEvent
from safepassage.conftest import decoy_client, make_user, sign_in
from safepassage.operations.models import Alert
from safepassage.tests.decoy import ID, REPORT
from safepassage.tracing.models import (
    AuthSecret,
    BlockingKey,
    Contact,
    Person,
    PersonLink,
    PhoneSighting,
    Report,
    StatusChange,
)
from safepassage.verification.models import Assessment, RescueRequest

pytestmark = pytest.mark.django_db

Response = Any  # a test client answer

DURESS = "blue-river-duress-77"
ROLES = [Role.COORDINATOR, Role.CASEWORKER, Role.LIAISON]
OTHER = {**REPORT, "given_names": "Dilan", "birth": "2015", "reporter_name": "Sozdar"}
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64 + b"pretend-photo-bytes"


def _texts(response: Response) -> list[str]:
    """The messages this answer added (not those left over from earlier answers)."""
    storage: Any = get_messages(response.wsgi_request)
    return [str(m) for m in storage._queued_messages]


def _counts() -> dict[str, int]:
    """Every table a write on a person page (or a rescue request) could touch."""
    models = (
        Person,
        Report,
        StatusChange,
        BlockingKey,
        AuthSecret,
        Contact,
        PersonLink,
        PhoneSighting,
        RescueRequest,
        Assessment,
        Alert,
        Grant,
        AuditEvent,
    )
    return {model.__name__: model.objects.count() for model in models}


def _new_person(client: Client, data: dict[str, str]) -> str:
    assert client.post("/persons/new/", {**data, "decision": "check"}).status_code == 200
    answer = client.post("/persons/new/", {**data, "decision": "new", "checked": "1"})
    assert answer.status_code == 302
    location: str = answer["Location"]
    return location


def _real(role: str) -> Client:
    client = Client()
    sign_in(client, make_user(f"real-{role}", role))
    return client


def _decoy(role: str) -> Client:
    return decoy_client(make_user(f"watched-{role}", role), DURESS)


def _shape(html: str) -> list[str]:
    """The page's links and form targets, ids blanked: what it offers, whoever she is."""
    found = re.findall(r'<a [^>]*href="(/[^"]*)"|<form [^>]*action="(/[^"]*)"', html)
    return [ID.sub("ID", link or action) for link, action in found]


def _fresh(data: dict[str, Any]) -> dict[str, Any]:
    """The same post again, its upload readable from the start (one post reads it)."""
    out = dict(data)
    for name, value in data.items():
        if isinstance(value, SimpleUploadedFile):
            value.seek(0)
            out[name] = SimpleUploadedFile(str(value.name), value.read(), str(value.content_type))
    return out


def _same(real: Response, pretend: Response) -> None:
    """The decoy's answer is the real one's: status, where it leads, what it says."""
    assert pretend.status_code == real.status_code
    if real.status_code == 302:
        assert ID.sub("ID", pretend["Location"]) == ID.sub("ID", real["Location"])
    assert _texts(pretend) == _texts(real)


@pytest.mark.parametrize("role", ROLES)
def test_pretend_page_offers_what_a_real_page_of_the_role_offers(role: str) -> None:
    real, decoy = _real(role), _decoy(role)
    real_page = real.get(_new_person(real, REPORT))
    pretend_page = decoy.get(_new_person(decoy, REPORT))
    assert pretend_page.status_code == real_page.status_code == 200
    real_shape = _shape(real_page.content.decode())
    assert _shape(pretend_page.content.decode()) == real_shape
    for offered in (
        "/persons/ID/edit/",
        "/persons/ID/links/",
        "/persons/ID/photo/upload/",
        "/verification/persons/ID/request/",
        "/persons/ID/status/",
        "/persons/ID/questions/",
        "/persons/ID/contacts/new/",
    ):
        assert offered in real_shape, offered
    # The pages behind its links open for the decoy as for the real account.
    for link in ("edit/", "links/", "contacts/new/"):
        assert decoy.get(pretend_page.wsgi_request.path + link).status_code == 200, link
    person_id = pretend_page.wsgi_request.path.strip("/").rsplit("/", 1)[-1]
    assert decoy.get(f"/verification/persons/{person_id}/request/").status_code == 200


def test_each_form_on_a_pretend_page_answers_like_a_real_save_and_writes_nothing() -> None:
    real, decoy = _real(Role.CASEWORKER), _decoy(Role.CASEWORKER)
    real_page, page = _new_person(real, REPORT), _new_person(decoy, REPORT)
    before = _counts()

    def both(path: str, data: dict[str, Any]) -> Response:
        real_answer = real.post(real_page + path, data)
        counted = _counts()
        answer = decoy.post(page + path, data)
        assert _counts() == counted, path  # no row in any table, no audit event, no alert
        _same(real_answer, answer)
        return answer

    # Status.
    both("status/", {"status": "located", "reason": "Seen at the market by her cousin"})
    html = decoy.get(page).content.decode()
    assert '<strong id="status">Located</strong>' in html
    assert "Seen at the market by her cousin" in html
    # Changed by her codename, as a real change names its author (never the decoy account).
    assert "(watched-caseworker)" in html and "decoy-" not in html

    # A question only she could answer.
    both("questions/", {"question": "Name of her first goat?", "answer": "Bozê"})
    html = decoy.get(page).content.decode()
    assert "Name of her first goat?" in html and "1 question recorded." in html
    assert "Bozê" not in html

    # A contact: her answer checked against the pretend question, pass or fail shown.
    form = decoy.get(page + "contacts/new/")
    assert form.status_code == 200 and "Name of her first goat?" in form.content.decode()
    question_id = re.search(r'name="(answer_[0-9a-f-]{36})"', form.content.decode())
    real_question = re.search(
        r'name="(answer_[0-9a-f-]{36})"', real.get(real_page + "contacts/new/").content.decode()
    )
    assert question_id is not None and real_question is not None
    when = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    contact = {"occurred_at": when, "channel": "phone", "location_said": "A farm near the river"}
    real_answer = real.post(
        real_page + "contacts/new/", {**contact, real_question.group(1): "boze"}
    )
    counted = _counts()
    answer = decoy.post(page + "contacts/new/", {**contact, question_id.group(1): "boze"})
    assert _counts() == counted
    _same(real_answer, answer)
    assert _texts(answer) == ["Contact logged. Authentication: Passed."]
    html = decoy.get(page).content.decode()
    assert "A farm near the river" in html and "Authentication: Passed" in html

    # Agreed words (offered after a first contact, as on a real page).
    assert 'id="words"' in html
    both("words/", {"duress_word": "almond", "all_clear_word": "sparrow"})
    html = decoy.get(page).content.decode()
    assert "Duress and all-clear words are agreed." in html and 'id="words-warning"' in html
    both("words/", {"duress_word": "cedar", "all_clear_word": "river"})  # not confirmed
    both("words/", {"duress_word": "cedar", "all_clear_word": "river", "replace": "on"})

    # A contact in which she used the duress word: the real warning, and still no alert.
    real_answer = real.post(real_page + "contacts/new/", {**contact, "word_used": "cedar"})
    counted = _counts()
    answer = decoy.post(page + "contacts/new/", {**contact, "word_used": "cedar"})
    assert _counts() == counted
    _same(real_answer, answer)
    assert "DURESS WORD USED" in _texts(answer)[0]
    assert "DURESS WORD USED" in decoy.get(page).content.decode()

    # Her details, edited from the form as it opens (it carries her version).
    edit = decoy.get(page + "edit/").content.decode()
    assert 'value="Nareen"' in edit
    version = re.compile(r'name="version" value="(\d+)"')
    opened = version.findall(edit)
    assert opened == version.findall(real.get(real_page + "edit/").content.decode())
    details = {**REPORT, "given_names": "Nareen / Narin", "community": "Kocho"}
    both("edit/", {**details, "version": opened[0]})
    html = decoy.get(page).content.decode()
    assert "Nareen / Narin" in html and "Kocho" in html
    saved = version.findall(decoy.get(page + "edit/").content.decode())
    assert int(saved[0]) == int(opened[0]) + 1
    both("edit/", {**details, "version": saved[0]})  # the same values again: "Nothing changed."
    # A save from a form opened before that change meets the real conflict page.
    stale = {**details, "community": "Tel Qasab", "version": opened[0]}
    conflict_real, conflict = (
        real.post(real_page + "edit/", stale),
        decoy.post(page + "edit/", stale),
    )
    assert conflict.status_code == conflict_real.status_code == 409
    assert 'id="conflict"' in conflict.content.decode()
    assert "Tel Qasab" in conflict.content.decode()
    assert "Tel Qasab" not in decoy.get(page).content.decode()

    # Her photo, shown with consent.
    real_answer = real.post(
        real_page + "photo/upload/",
        {"photo": SimpleUploadedFile("me.png", PNG, content_type="image/png"), "consent": "1"},
    )
    counted = _counts()
    answer = decoy.post(
        page + "photo/upload/",
        {"photo": SimpleUploadedFile("me.png", PNG, content_type="image/png"), "consent": "1"},
    )
    assert _counts() == counted
    _same(real_answer, answer)
    assert 'class="photo"' in decoy.get(page).content.decode()
    shown = decoy.get(page + "photo/")
    assert (
        shown.status_code == 200 and shown.content == PNG and shown["Content-Type"] == "image/png"
    )
    both("photo/upload/", {"remove": "1"})
    assert 'class="photo"' not in decoy.get(page).content.decode()
    assert decoy.get(page + "photo/").status_code == 404

    # Only the real account's saves reached the tables.
    assert Person.objects.count() == before["Person"]
    assert Contact.objects.count() == before["Contact"] + 2


def test_links_between_pretend_persons_answer_like_real_ones() -> None:
    real, decoy = _real(Role.CASEWORKER), _decoy(Role.CASEWORKER)
    real_page, real_other = _new_person(real, REPORT), _new_person(real, OTHER)
    page, other = _new_person(decoy, REPORT), _new_person(decoy, OTHER)
    found = decoy.post(page + "links/", {"q": "dilan"}).content.decode()
    assert "Dilan" in found and 'name="other"' in found
    real_other_id, other_id = real_other.split("/")[2], other.split("/")[2]

    real_answer = real.post(real_page + "links/", {"other": real_other_id, "kind": "child"})
    counted = _counts()
    answer = decoy.post(page + "links/", {"other": other_id, "kind": "child"})
    assert _counts() == counted
    _same(real_answer, answer)
    assert _texts(answer) == ["Linked."]
    html = decoy.get(page).content.decode()
    assert "Taken with her" in html and "Dilan" in html
    # Linked again: the real refusal.
    _same(
        real.post(real_page + "links/", {"other": real_other_id, "kind": "child"}),
        decoy.post(page + "links/", {"other": other_id, "kind": "child"}),
    )
    links = decoy.get(page + "links/").content.decode()
    link_id = re.search(r'name="link" value="([0-9a-f-]{36})"', links)
    real_link = re.search(
        r'name="link" value="([0-9a-f-]{36})"', real.get(real_page + "links/").content.decode()
    )
    assert link_id is not None and real_link is not None
    real_answer = real.post(real_page + "links/remove/", {"link": real_link.group(1)})
    counted = _counts()
    answer = decoy.post(page + "links/remove/", {"link": link_id.group(1)})
    assert _counts() == counted
    _same(real_answer, answer)
    assert "Taken with her" not in decoy.get(page).content.decode()
    # Only persons of its own session: another id is not found, as a real unseen one is.
    assert decoy.post(page + "links/", {"other": real_other_id, "kind": "child"}).status_code == 404


def test_a_rescue_request_for_a_pretend_person_opens_like_a_real_one() -> None:
    real, decoy = _real(Role.CASEWORKER), _decoy(Role.CASEWORKER)
    real_page, page = _new_person(real, REPORT), _new_person(decoy, REPORT)
    real_id, person_id = real_page.split("/")[2], page.split("/")[2]
    form = decoy.get(f"/verification/persons/{person_id}/request/")
    assert form.status_code == 200
    request = {"pickup_text": "The crossroads by the old mill", "urgency_claimed": "on"}
    real_answer = real.post(f"/verification/persons/{real_id}/request/", request)
    counted = _counts()
    answer = decoy.post(f"/verification/persons/{person_id}/request/", request)
    assert _counts() == counted
    _same(real_answer, answer)
    location = answer["Location"]
    assert re.fullmatch(r"/verification/requests/[0-9a-f-]{36}/", location)

    real_detail, detail = real.get(real_answer["Location"]), decoy.get(location)
    assert detail.status_code == real_detail.status_code == 200
    html = detail.content.decode()
    assert "The crossroads by the old mill" in html and 'id="total"' in html
    # The same factors fire as for a real request resting on the same (no) evidence.
    factors = re.compile(r'data-code="([a-z_]+)"')
    assert factors.findall(html) == factors.findall(real_detail.content.decode())
    assert _shape(html) == _shape(real_detail.content.decode())
    # Her page lists it, as a real page lists hers.
    assert location in decoy.get(page).content.decode()
    real_again = real.post(real_answer["Location"] + "recompute/")
    counted = _counts()
    again = decoy.post(location + "recompute/")
    assert _counts() == counted
    _same(real_again, again)
    assert "Assessed again" in decoy.get(location).content.decode()  # its trigger, shown
    # Nothing to check: the real refusal.
    real_bad = real.post(f"/verification/persons/{real_id}/request/", {"notes": "Call back"})
    counted = _counts()
    bad = decoy.post(f"/verification/persons/{person_id}/request/", {"notes": "Call back"})
    assert _counts() == counted
    assert bad.status_code == real_bad.status_code == 400
    assert "A request must give something to check" in bad.content.decode()


def test_bad_input_on_a_pretend_page_gets_the_real_errors() -> None:
    real, decoy = _real(Role.CASEWORKER), _decoy(Role.CASEWORKER)
    real_page, page = _new_person(real, REPORT), _new_person(decoy, REPORT)
    counted = _counts()
    posts: list[tuple[str, dict[str, Any]]] = [
        ("status/", {"status": "located"}),  # no reason: the form's message
        ("status/", {"status": "arrived", "reason": "She is here"}),  # set by a flow
        ("status/", {"status": "missing", "reason": "Again"}),  # her status already
        ("questions/", {"question": "Her goat?", "answer": "!!!"}),
        ("words/", {"duress_word": "almond", "all_clear_word": "sparrow"}),  # no contact yet
        ("photo/upload/", {"photo": SimpleUploadedFile("x.gif", b"GIF89a", "image/gif")}),
        ("photo/upload/", {}),
    ]
    for path, data in posts:
        real_answer = real.post(real_page + path, _fresh(data))
        before = _counts()
        answer = decoy.post(page + path, _fresh(data))
        assert _counts() == before, path
        _same(real_answer, answer)
        assert answer["Location"] == page
    for path, data in [
        ("edit/", {**REPORT, "birth": "2999", "version": "1"}),
        ("contacts/new/", {"occurred_at": "2999-01-01T10:00", "channel": "phone"}),
        (
            "contacts/new/",
            {"occurred_at": "2024-01-01T10:00", "channel": "phone", "word_used": "x"},
        ),
    ]:
        real_answer = real.post(real_page + path, data)
        before = _counts()
        answer = decoy.post(page + path, data)
        assert _counts() == before, path
        assert answer.status_code == real_answer.status_code == 422, path
        errors = re.compile(r'<ul class="errorlist[^"]*"[^>]*>.*?</ul>', re.S)
        assert errors.findall(answer.content.decode()) == errors.findall(
            real_answer.content.decode()
        ), path
    # The pretend page is as it was.
    html = decoy.get(page).content.decode()
    assert '<strong id="status">Missing</strong>' in html and "0 questions recorded." in html
    assert Person.objects.count() == counted["Person"]


def test_another_session_or_a_real_account_finds_nothing_of_it() -> None:
    decoy = _decoy(Role.CASEWORKER)
    page = _new_person(decoy, REPORT)
    decoy.post(page + "questions/", {"question": "Her goat?", "answer": "Boze"})
    other = decoy_client(make_user("watched-too", Role.CASEWORKER), DURESS)
    real = _real(Role.COORDINATOR)
    for client in (other, real):
        assert client.get(page).status_code == 404
        assert (
            client.post(page + "status/", {"status": "located", "reason": "x"}).status_code == 404
        )
        assert client.get(page + "edit/").status_code == 404
    assert AuthSecret.objects.count() == 0
