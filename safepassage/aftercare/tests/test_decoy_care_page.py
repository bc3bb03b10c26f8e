"""A decoy's pretend care page keeps and shows what its forms "saved", as a real one does.

Relatives and referrals added there appear, and their next steps (notified, met, reunited,
on hold; a referral moved on) answer as real saves, with the real errors; a person entered
from a report has a care page, as a real one has before her arrival. Nothing real is written.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from safepassage.accounts.models import Grant, Role
from safepassage.aftercare.models import Arrival, Consent, FamilyMember, Referral
from safepassage.aftercare.tests.forms import ARRIVAL
from safepassage.audit.models import AuditEvent
from safepassage.conftest import decoy_client, make_user, sign_in
from safepassage.tests.decoy import ID, REPORT
from safepassage.tests.decoy import queued_messages as _texts
from safepassage.tracing.models import Person, StatusChange

pytestmark = pytest.mark.django_db

Response = Any

DURESS = "blue-river-duress-77"


def _counts() -> dict[str, int]:
    models = (Person, StatusChange, Arrival, FamilyMember, Referral, Consent, Grant, AuditEvent)
    return {model.__name__: model.objects.count() for model in models}


def _shape(html: str) -> list[str]:
    found = re.findall(r'<a [^>]*href="(/[^"]*)"|<form [^>]*action="(/[^"]*)"', html)
    return [ID.sub("ID", link or action) for link, action in found]


def _arrival(client: Client) -> str:
    assert client.post("/aftercare/arrival/", {**ARRIVAL, "decision": "check"}).status_code == 200
    answer = client.post("/aftercare/arrival/", {**ARRIVAL, "decision": "new", "checked": "1"})
    assert answer.status_code == 302
    return str(answer["Location"])


def _reported(client: Client) -> str:
    """A person entered from a report: her id."""
    assert client.post("/persons/new/", {**REPORT, "decision": "check"}).status_code == 200
    answer = client.post("/persons/new/", {**REPORT, "decision": "new", "checked": "1"})
    assert answer.status_code == 302
    return str(answer["Location"]).split("/")[2]


def _pair() -> tuple[Client, Client]:
    real = Client()
    sign_in(real, make_user("real-caseworker", Role.CASEWORKER))
    return real, decoy_client(make_user("watched", Role.CASEWORKER), DURESS)


def _same(real_answer: Response, answer: Response) -> None:
    assert answer.status_code == real_answer.status_code
    if real_answer.status_code == 302:
        assert ID.sub("ID", answer["Location"]) == ID.sub("ID", real_answer["Location"])
    assert _texts(answer) == _texts(real_answer)


def _post(real: Client, decoy: Client, real_path: str, path: str, data: Any) -> Response:
    real_answer = real.post(real_path, data)
    counted = _counts()
    answer = decoy.post(path, data)
    assert _counts() == counted, path  # no row, no audit event, no status change
    _same(real_answer, answer)
    return answer


def _step_ids(html: str) -> list[str]:
    return list(dict.fromkeys(re.findall(r"/aftercare/family/([0-9a-f-]{36})/notify/", html)))


def _referral_ids(html: str) -> list[str]:
    return re.findall(r"/aftercare/referrals/([0-9a-f-]{36})/", html)


def test_relatives_and_referrals_on_a_pretend_care_page_are_kept_and_shown() -> None:
    real, decoy = _pair()
    real_care, care = _arrival(real), _arrival(decoy)
    relative = {"name": "Hesen", "relationship": "father", "contact": "Via the mukhtar"}
    answer = _post(real, decoy, f"{real_care}family/", f"{care}family/", relative)
    assert _texts(answer) == ["Relative added."]
    referral = {"kind": "medical", "service": "Clinic Duhok", "she_consents": "on"}
    answer = _post(real, decoy, f"{real_care}referrals/", f"{care}referrals/", referral)
    assert _texts(answer) == ["Referral recorded."]
    html, real_html = decoy.get(care).content.decode(), real.get(real_care).content.decode()
    assert "Hesen (father)" in html and "Via the mukhtar" in html and "Clinic Duhok" in html
    assert "No relative identified yet." not in html and "No referral yet." not in html
    assert _shape(html) == _shape(real_html)
    # Bad input: the real errors, and nothing more shown.
    for path, data in (
        ("family/", {"name": "   "}),
        ("referrals/", {"kind": "medical", "service": "Clinic"}),  # her consent missing
        (
            "referrals/",
            {"kind": "medical", "service": "X", "she_consents": "on", "follow_up_on": "2001-01-01"},
        ),
    ):
        _post(real, decoy, f"{real_care}{path}", f"{care}{path}", data)
    again = decoy.get(care).content.decode()
    assert again.count("Hesen") == 1 and len(_referral_ids(again)) == 1


def test_the_next_steps_of_a_pretend_relative_and_referral_answer_like_real_ones() -> None:
    real, decoy = _pair()
    real_care, care = _arrival(real), _arrival(decoy)
    for name in ("Hesen", "Gulê"):
        _post(real, decoy, f"{real_care}family/", f"{care}family/", {"name": name})
    _post(
        real,
        decoy,
        f"{real_care}referrals/",
        f"{care}referrals/",
        {"kind": "legal", "service": "Lawyers", "she_consents": "on"},
    )
    real_html, html = real.get(real_care).content.decode(), decoy.get(care).content.decode()
    (real_first, real_second), (first, second) = _step_ids(real_html), _step_ids(html)

    def step(real_id: str, member_id: str, name: str, data: dict[str, str]) -> Response:
        return _post(
            real,
            decoy,
            f"/aftercare/family/{real_id}/{name}/",
            f"/aftercare/family/{member_id}/{name}/",
            data,
        )

    today = timezone.localdate().isoformat()
    # Out of order or wrong: the real refusals.
    assert (
        "Record how the family was notified first."
        in _texts(step(real_first, first, "met", {"on": today}))[0]
    )
    step(
        real_first, first, "notify", {"how": "phone", "at": "2024-05-01T10:00"}
    )  # before her arrival
    step(real_first, first, "notify", {"how": "smoke"})
    step(real_second, second, "hold", {"reason": " "})
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    # In order: each step shown, as on a real page.
    assert step(real_first, first, "notify", {"how": "phone"}).status_code == 302
    assert "Notified" in decoy.get(care).content.decode()
    step(real_first, first, "met", {"on": tomorrow})  # in the future
    step(real_first, first, "met", {"on": today})
    answer = step(real_first, first, "reunite", {"on": today})
    assert _texts(answer) == ["Reunited. Her status is now “reunited”."]
    answer = step(real_second, second, "hold", {"reason": "Her uncle is not safe"})
    assert _texts(answer) == ["Reason recorded."]
    html = decoy.get(care).content.decode()
    assert '<strong id="status">Reunited</strong>' in html and "Her uncle is not safe" in html
    assert _shape(html) == _shape(real.get(real_care).content.decode())
    step(real_first, first, "hold", {"reason": "Too late"})  # already reunited
    # Her case page tells the reunion in her timeline, as a real one does.
    person_id = care.strip("/").rsplit("/", 1)[-1]
    assert (
        '<strong id="status">Reunited</strong>'
        in decoy.get(f"/persons/{person_id}/").content.decode()
    )

    # The referral moved on, and the real refusal of a closed one reopened without a note.
    (real_referral,), (referral,) = _referral_ids(real_html), _referral_ids(html)

    def update(data: dict[str, str]) -> Response:
        return _post(
            real,
            decoy,
            f"/aftercare/referrals/{real_referral}/",
            f"/aftercare/referrals/{referral}/",
            data,
        )

    assert _texts(update({"status": "done"})) == ["Referral updated."]
    assert ">Done<" in decoy.get(care).content.decode()
    update({"status": "sent"})
    update({"status": "done"})  # nothing to change
    update({"status": "sent", "note": "She asked again"})
    assert ">Sent<" in decoy.get(care).content.decode()
    # Nothing of it reached the tables beyond the real account's own saves.
    assert FamilyMember.objects.count() == 2 and Referral.objects.count() == 1


def test_a_person_entered_from_a_report_has_a_care_page_as_a_real_one() -> None:
    real, decoy = _pair()
    real_id, person_id = _reported(real), _reported(decoy)
    real_page = real.get(f"/aftercare/persons/{real_id}/")
    page = decoy.get(f"/aftercare/persons/{person_id}/")
    assert page.status_code == real_page.status_code == 200
    html = page.content.decode()
    assert "Nareen" in html and "No arrival recorded." in html
    assert _shape(html) == _shape(real_page.content.decode())
    # Her report is offered to link a relative to, as on a real page.
    options = re.compile(r'name="report"[^>]*>(.*?)</select>', re.S)
    assert (
        len(re.findall(r"<option", options.findall(html)[0]))
        == len(re.findall(r"<option", options.findall(real_page.content.decode())[0]))
        == 2
    )
    report = re.search(r'name="report"[^>]*>.*?<option value="([0-9a-f-]{36})"', html, re.S)
    real_report = re.search(
        r'name="report"[^>]*>.*?<option value="([0-9a-f-]{36})"',
        real_page.content.decode(),
        re.S,
    )
    assert report is not None and real_report is not None
    real_answer = real.post(
        f"/aftercare/persons/{real_id}/family/",
        {"name": "Hadiya", "relationship": "sister", "report": real_report.group(1)},
    )
    counted = _counts()
    answer = decoy.post(
        f"/aftercare/persons/{person_id}/family/",
        {"name": "Hadiya", "relationship": "sister", "report": report.group(1)},
    )
    assert _counts() == counted
    _same(real_answer, answer)
    assert "Hadiya (sister)" in decoy.get(f"/aftercare/persons/{person_id}/").content.decode()
    # Her reunion before any arrival: the real refusal.
    html = decoy.get(f"/aftercare/persons/{person_id}/").content.decode()
    (member,) = _step_ids(html)
    (real_member,) = _step_ids(real.get(f"/aftercare/persons/{real_id}/").content.decode())
    _post(
        real,
        decoy,
        f"/aftercare/family/{real_member}/notify/",
        f"/aftercare/family/{member}/notify/",
        {"how": "phone"},
    )
    answer = _post(
        real,
        decoy,
        f"/aftercare/family/{real_member}/reunite/",
        f"/aftercare/family/{member}/reunite/",
        {"on": timezone.localdate().isoformat()},
    )
    assert _texts(answer) == ["Record her arrival before the reunion."]


def test_another_session_finds_none_of_its_relatives_or_referrals() -> None:
    _real, decoy = _pair()
    care = _arrival(decoy)
    decoy.post(f"{care}family/", {"name": "Hesen"})
    decoy.post(f"{care}referrals/", {"kind": "legal", "service": "Lawyers", "she_consents": "on"})
    html = decoy.get(care).content.decode()
    (member,), (referral,) = _step_ids(html), _referral_ids(html)
    other = decoy_client(make_user("watched-too", Role.CASEWORKER), DURESS)
    counted = _counts()
    assert other.post(f"/aftercare/family/{member}/notify/", {"how": "phone"}).status_code == 404
    assert other.post(f"/aftercare/referrals/{referral}/", {"status": "done"}).status_code == 404
    assert _counts() == counted
