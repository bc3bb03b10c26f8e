"""A duress (decoy) session's writes look like a real save and write nothing."""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.test import Client

from safepassage.accounts.models import Role, User
from safepassage.aftercare.models import Arrival, Consent, FamilyMember, Referral
from safepassage.aftercare.models import Testimony as KeptTestimony
from safepassage.aftercare.tests.forms import ARRIVAL
from safepassage.audit.models import AuditEvent
from safepassage.conftest import decoy_client, make_user, sign_in
from safepassage.tracing.models import Person

pytestmark = pytest.mark.django_db

DURESS = "blue-river-duress-77"


def _decoy_client(owner: User) -> Client:
    return decoy_client(owner, DURESS)


def _texts(response: object) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]  # type: ignore[attr-defined]


def _new_person_arrival(client: Client) -> object:
    checked = client.post("/aftercare/arrival/", {**ARRIVAL, "decision": "check"})
    assert checked.status_code == 200
    return client.post("/aftercare/arrival/", {**ARRIVAL, "decision": "new", "checked": "1"})


def _counts() -> dict[str, int]:
    return {
        "persons": Person.objects.count(),
        "arrivals": Arrival.objects.count(),
        "family": FamilyMember.objects.count(),
        "referrals": Referral.objects.count(),
        "consents": Consent.objects.count(),
        "testimony": KeptTestimony.objects.count(),
    }


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.CASEWORKER, Role.LIAISON])
def test_decoy_new_person_arrival_answers_like_a_real_one_and_writes_nothing(role: str) -> None:
    real = Client()
    sign_in(real, make_user("real-one", role))
    real_answer = _new_person_arrival(real)
    assert real_answer.status_code == 302  # type: ignore[attr-defined]
    before = _counts()
    events = AuditEvent.objects.count()

    decoy = _decoy_client(make_user("watched", role))
    events_after_login = AuditEvent.objects.count()
    answer = _new_person_arrival(decoy)
    assert answer.status_code == real_answer.status_code  # type: ignore[attr-defined]
    assert _texts(answer) == _texts(real_answer)
    location = answer["Location"]  # type: ignore[index]
    assert location.startswith("/aftercare/persons/")
    assert location != real_answer["Location"]  # type: ignore[index]
    assert _counts() == before
    # Signing in with the duress password is audited; the pretend write adds nothing more
    # than what reading the (empty) candidate list does.
    assert events_after_login > events
    assert not AuditEvent.objects.filter(action="create", seq__gt=events_after_login).exists()

    # Her care page opens as after a real save, with what was entered.
    care = decoy.get(location)
    assert care.status_code == 200
    html = care.content.decode()
    assert "Leyla" in html and "Exhausted" in html and "Rojda" in html
    # Another decoy session (or a guessed id) finds nothing there.
    other = Client()
    assert other.get(location).status_code == 302  # not signed in
    assert decoy.get("/aftercare/persons/9b2f7c1e-0000-4000-8000-000000000000/").status_code == 404


def test_decoy_bad_arrival_input_gets_the_same_errors_as_a_real_user() -> None:
    bad = {**ARRIVAL, "arrived_on": "2999-01-01", "decision": "new", "checked": "1"}
    real = Client()
    sign_in(real, make_user("real-one", Role.CASEWORKER))
    decoy = _decoy_client(make_user("watched", Role.CASEWORKER))
    real_answer = real.post("/aftercare/arrival/", bad)
    decoy_answer = decoy.post("/aftercare/arrival/", bad)
    assert decoy_answer.status_code == real_answer.status_code == 422
    assert "cannot be in the future" in decoy_answer.content.decode()
    assert Arrival.objects.count() == 0


def test_decoy_writes_on_its_pretend_care_page_seem_saved() -> None:
    decoy = _decoy_client(make_user("watched", Role.CASEWORKER))
    location = _new_person_arrival(decoy)["Location"]  # type: ignore[index]
    before = _counts()
    posts = {
        "family/": ({"name": "Hesen", "relationship": "father"}, "Relative added."),
        "referrals/": (
            {"kind": "medical", "service": "Clinic", "she_consents": "on"},
            "Referral recorded.",
        ),
        "consents/": ({"purpose": "testimony", "language": "ar"}, "Consent recorded."),
    }
    for path, (data, message) in posts.items():
        answer = decoy.post(f"{location}{path}", data)
        assert answer.status_code == 302 and answer["Location"] == location
        assert message in _texts(answer)
    assert decoy.get(f"{location}testimony/").status_code == 200
    answer = decoy.post(
        f"{location}testimony/", {"account": "She was held in a house.", "language": "ar"}
    )
    assert answer.status_code == 302
    assert "Testimony kept. Only the users named on it can read it." in _texts(answer)
    assert _counts() == before


def _recorded(response: Any) -> list[str]:
    """The messages this answer added (not those left over from earlier answers)."""
    storage: Any = get_messages(response.wsgi_request)
    return [str(m) for m in storage._queued_messages]


def _errors(response: Any) -> list[str]:
    html: str = response.content.decode()
    return re.findall(r'<ul class="errorlist[^"]*"[^>]*>.*?</ul>', html, re.S)


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.CASEWORKER, Role.LIAISON])
def test_decoy_testimony_is_checked_as_a_real_one(role: str) -> None:
    """The service's checks too: her consent, the dates, who may record one."""
    real = Client()
    sign_in(real, make_user("real-one", role))
    real_care: str = _new_person_arrival(real)["Location"]  # type: ignore[index]
    decoy = _decoy_client(make_user("watched", role))
    care: str = _new_person_arrival(decoy)["Location"]  # type: ignore[index]
    account = {"account": "She was held in a house.", "language": "ar"}

    def both(path: str, data: dict[str, str]) -> Any:
        real_answer = real.post(f"{real_care}{path}", data)
        before, events = _counts(), AuditEvent.objects.count()
        answer = decoy.post(f"{care}{path}", data)
        assert _counts() == before and AuditEvent.objects.count() == events, path
        assert answer.status_code == real_answer.status_code, path
        assert _recorded(answer) == _recorded(real_answer), path
        assert _errors(answer) == _errors(real_answer), path
        return answer

    if role == Role.LIAISON:  # a liaison records no testimony: refused, as for a real one
        assert both("testimony/", account).status_code == 404
        return
    # No consent to recording it yet: the real refusal, word for word.
    refused = both("testimony/", account)
    assert refused.status_code == 422
    assert "Record her consent to recording her testimony first." in refused.content.decode()
    late = {**account, "captivity_from": "2020-05-01", "captivity_to": "2019-01-01"}
    assert "The end of captivity is before its start." in both("testimony/", late).content.decode()
    # Her consent, "recorded": shown on her care page, and the testimony is then taken.
    consent = both("consents/", {"purpose": "testimony", "language": "ar"})
    assert _recorded(consent) == ["Consent recorded."]
    assert "No consent recorded." not in decoy.get(care).content.decode()
    again = both("consents/", {"purpose": "testimony", "language": "ar"})
    assert _recorded(again) == ["She has already agreed to this."]
    real_answer = real.post(f"{real_care}testimony/", account)
    before = _counts()
    answer = decoy.post(f"{care}testimony/", account)
    assert _counts() == before
    assert answer.status_code == real_answer.status_code == 302
    assert _recorded(answer) == _recorded(real_answer)
    # Withdrawn, as a real consent is: the testimony is refused again.
    html = decoy.get(care).content.decode()
    consent_id = re.search(r"/aftercare/consents/([0-9a-f-]{36})/withdraw/", html)
    assert consent_id is not None
    real_id = re.search(
        r"/aftercare/consents/([0-9a-f-]{36})/withdraw/",
        real.get(real_care).content.decode(),
    )
    assert real_id is not None
    real_answer = real.post(f"/aftercare/consents/{real_id.group(1)}/withdraw/")
    before = _counts()
    answer = decoy.post(f"/aftercare/consents/{consent_id.group(1)}/withdraw/")
    assert _counts() == before
    assert answer.status_code == real_answer.status_code == 302
    assert answer["Location"] == care
    assert _recorded(answer) == _recorded(real_answer) == ["Consent withdrawn."]
    assert "withdrawn" in decoy.get(care).content.decode()
    assert both("testimony/", account).status_code == 422


def test_decoy_coordinator_export_is_an_empty_well_formed_zip(
    users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    decoy = _decoy_client(make_user("watched", Role.COORDINATOR))
    page = decoy.get("/aftercare/export/")
    assert page.status_code == 200
    answer = decoy.post("/aftercare/export/testimony.zip")
    assert answer.status_code == 200 and answer["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(answer.content))
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["count"] == 0 and manifest["exporter"] == "watched"
    assert json.loads(archive.read("testimony.json"))["testimonies"] == []


def test_decoy_administrator_creating_an_account_seems_to_succeed_and_creates_none() -> None:
    make_user("taken-name", Role.FIELD)
    decoy = _decoy_client(make_user("watched", Role.ADMINISTRATOR))
    accounts = User.objects.count()
    for codename in ("new-member", "taken-name"):  # a decoy never learns which names exist
        answer = decoy.post(
            "/accounts/users/",
            {"username": codename, "role": Role.FIELD, "password": "green-valley-real-42"},
        )
        assert answer.status_code == 200
        html = answer.content.decode()
        assert "Give these to the new member, once" in html and codename in html
    assert User.objects.count() == accounts
    # Bad input is refused as for a real administrator.
    answer = decoy.post(
        "/accounts/users/", {"username": "x", "role": Role.FIELD, "password": "short"}
    )
    assert answer.status_code == 422
