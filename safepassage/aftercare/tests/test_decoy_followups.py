"""A decoy's pretend referrals fall overdue as real ones do, and its follow-ups show them.

A real referral is overdue once its follow-up date has passed (not on the day itself) while
it is neither done nor declined; the follow-ups page lists it, the oldest date first, and the
dashboard counts it. A decoy's pretend referrals follow the same rule on the same pages, and
reading them writes nothing.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.test import Client
from django.utils import timezone

from safepassage.accounts.models import Role
from safepassage.aftercare.models import Arrival, Consent, FamilyMember, Referral
from safepassage.aftercare.models import Testimony as KeptTestimony
from safepassage.aftercare.tests.forms import ARRIVAL
from safepassage.audit.models import AuditEvent
from safepassage.conftest import decoy_client, make_user, sign_in
from safepassage.operations import clock
from safepassage.operations.models import Alert
from safepassage.tests.decoy import ID, REPORT, queued_messages
from safepassage.tracing.models import Person, StatusChange

pytestmark = pytest.mark.django_db

DURESS = "blue-river-duress-77"


def _counts() -> dict[str, int]:
    models = (
        Person,
        StatusChange,
        Arrival,
        FamilyMember,
        Referral,
        Consent,
        KeptTestimony,
        AuditEvent,
        Alert,
    )
    return {model.__name__: model.objects.count() for model in models}


def _day(days: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


@contextmanager
def _days_later(days: int) -> Iterator[None]:
    with clock.frozen_at(timezone.now() + datetime.timedelta(days=days)):
        yield


def _arrival(client: Client) -> str:
    assert client.post("/aftercare/arrival/", {**ARRIVAL, "decision": "check"}).status_code == 200
    answer = client.post("/aftercare/arrival/", {**ARRIVAL, "decision": "new", "checked": "1"})
    assert answer.status_code == 302
    return str(answer["Location"])


def _reported(client: Client) -> str:
    """The care page of a person entered from a report (before any arrival)."""
    assert client.post("/persons/new/", {**REPORT, "decision": "check"}).status_code == 200
    answer = client.post("/persons/new/", {**REPORT, "decision": "new", "checked": "1"})
    assert answer.status_code == 302
    return f"/aftercare/persons/{str(answer['Location']).split('/')[2]}/"


def _referrals(client: Client) -> dict[str, str]:
    """Her referrals, as a caseworker records them: their ids by service."""
    care, reported = _arrival(client), _reported(client)
    for page, data in (
        (care, {"kind": "medical", "service": "Clinic Duhok", "follow_up_on": _day(1)}),
        (care, {"kind": "legal", "service": "Lawyers Erbil", "follow_up_on": _day(3)}),
        (care, {"kind": "shelter", "service": "Shelter Zakho", "follow_up_on": _day(1)}),
        (care, {"kind": "psychosocial", "service": "Counsellor"}),  # no follow-up date
        (reported, {"kind": "medical", "service": "Clinic Sinune", "follow_up_on": _day(1)}),
    ):
        answer = client.post(f"{page}referrals/", {**data, "she_consents": "on"})
        assert queued_messages(answer) == ["Referral recorded."]
    ids: dict[str, str] = {}
    for page in (care, reported):
        html = client.get(page).content.decode()
        rows = re.findall(
            r'<td dir="auto">([^<]+)</td>.*?/aftercare/referrals/([0-9a-f-]{36})/', html, re.S
        )
        ids.update(rows)
    return ids


def _pair() -> tuple[Client, Client, dict[str, str], dict[str, str]]:
    real = Client()
    sign_in(real, make_user("real-one", Role.CASEWORKER))
    decoy = decoy_client(make_user("watched", Role.CASEWORKER), DURESS)
    return real, decoy, _referrals(real), _referrals(decoy)


def _rows(html: str) -> list[str]:
    """The follow-ups table as a watcher reads it, the record ids blanked."""
    table = html[html.index('<table id="followups">') : html.index("</table>")]
    return [ID.sub("ID", row) for row in re.findall(r"<tr[ >].*?</tr>", table, re.S)[1:]]


def _services(html: str) -> list[str]:
    return re.findall(r'<td dir="auto">([^<]+)</td><td>[^<]*</td></tr>', html)


def _overdue(html: str) -> str:
    found = re.search(r"My follow-ups \((\d+) overdue\)", html)
    assert found is not None
    return found.group(1)


def _both(real: Client, decoy: Client, path: str) -> tuple[str, str]:
    """The page for each, the decoy's read writing nothing."""
    real_answer = real.get(path)
    counted = _counts()
    answer = decoy.get(path)
    assert _counts() == counted, path  # no row, no audit event, no alert
    assert answer.status_code == real_answer.status_code == 200
    return real_answer.content.decode(), answer.content.decode()


def test_a_pretend_referral_falls_overdue_as_a_real_one_does() -> None:
    real, decoy, real_ids, ids = _pair()
    # Done before its date: never overdue, as a real one.
    for client, referral in ((real, real_ids["Shelter Zakho"]), (decoy, ids["Shelter Zakho"])):
        answer = client.post(f"/aftercare/referrals/{referral}/", {"status": "done"})
        assert queued_messages(answer) == ["Referral updated."]
    expected = {
        0: [],
        1: [],  # the follow-up day itself: not overdue yet
        2: ["Clinic Duhok", "Clinic Sinune"],  # the same date: as recorded
        5: ["Clinic Duhok", "Clinic Sinune", "Lawyers Erbil"],  # the oldest date first
    }
    for days, services in expected.items():
        with _days_later(days):
            real_html, html = _both(real, decoy, "/aftercare/")
            assert _services(html) == _services(real_html) == services, days
            assert _rows(html) == _rows(real_html), days
            if not services:
                assert "No follow-up is overdue." in html
            real_home, home = _both(real, decoy, "/")
            assert _overdue(home) == _overdue(real_home) == str(len(services)), days
    # Each row opens her pretend care page, which marks the referral overdue, as a real one.
    with _days_later(5):
        html = decoy.get("/aftercare/").content.decode()
        pages = re.findall(r'<a href="(/aftercare/persons/[0-9a-f-]{36}/)"', html)
        assert len(pages) == 3 and len(set(pages)) == 2
        for page in dict.fromkeys(pages):
            care = decoy.get(page)
            assert care.status_code == 200 and "overdue" in care.content.decode()


def test_a_pretend_referral_moved_on_from_the_follow_ups_leaves_them_as_a_real_one() -> None:
    real, decoy, real_ids, ids = _pair()
    with _days_later(2):
        for data in (
            {"status": "accepted", "next": "followups"},  # still open: still overdue
            {"follow_up_on": _day(-1), "next": "followups"},  # a new date in the past: refused
            {"status": "done", "next": "followups"},
        ):
            real_answer = real.post(f"/aftercare/referrals/{real_ids['Clinic Duhok']}/", data)
            counted = _counts()
            answer = decoy.post(f"/aftercare/referrals/{ids['Clinic Duhok']}/", data)
            assert _counts() == counted
            assert answer.status_code == real_answer.status_code == 302
            assert answer["Location"] == real_answer["Location"] == "/aftercare/"
            assert queued_messages(answer) == queued_messages(real_answer)
            real_html, html = _both(real, decoy, "/aftercare/")
            assert _rows(html) == _rows(real_html)
        assert _services(html) == ["Shelter Zakho", "Clinic Sinune"]
        real_home, home = _both(real, decoy, "/")
        assert _overdue(home) == _overdue(real_home) == "2"


def test_another_session_sees_none_of_its_overdue_referrals() -> None:
    _real, decoy, _real_ids, _ids = _pair()
    other = decoy_client(make_user("watched-too", Role.CASEWORKER), DURESS)
    with _days_later(5):
        assert len(_services(decoy.get("/aftercare/").content.decode())) == 4
        counted = _counts()
        html = other.get("/aftercare/").content.decode()
        assert "No follow-up is overdue." in html and _services(html) == []
        assert _overdue(other.get("/").content.decode()) == "0"
        assert _counts() == counted
