"""A decoy session's care pages through the API answer as a real account's, and write
nothing: an arrival, relatives and their steps, referrals, consents and a testimony are
checked and answered as real ones; no row, audit event or alert."""

from __future__ import annotations

import datetime
import io
import json
import zipfile

import pytest
from django.utils import timezone

from safepassage.accounts.models import Role
from safepassage.aftercare.tests.forms import API_ARRIVAL as ARRIVAL
from safepassage.operations import clock
from safepassage.tests.decoy import ApiPair, counts

pytestmark = pytest.mark.django_db

INTAKE = {
    "person": {"given_names": ["Nareen"], "family_names": ["Berani"], "sex": "f"},
    "report": {"reporter_name": "Hadiya", "relationship": "sister"},
}


def _her(both: ApiPair) -> None:
    real, answer = both.send("post", "/api/persons/", INTAKE)
    both.keep("her", real.json()["id"], answer.json()["id"])
    both.keep("report", real.json()["reports"][0]["id"], answer.json()["reports"][0]["id"])


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.CASEWORKER, Role.LIAISON])
def test_relatives_and_their_steps_answer_as_on_a_real_care_page(role: str) -> None:
    both = ApiPair.of_role(role)
    _her(both)
    care = "/api/aftercare/persons/{her}/"
    assert both.send("get", care)[1].status_code == 200
    family = care + "family/"
    for bad in ({"name": " "}, {"relationship": "sister"}, {"name": "Hadiya", "report": "{her}"}):
        assert both.send("post", family, bad)[1].status_code == 400, bad
    real, answer = both.send(
        "post", family, {"name": "Hadiya", "relationship": "sister", "report": "{report}"}
    )
    assert answer.status_code == 201 and answer.json()["report"] == both.ids["report"][1]
    both.keep("sister", real.json()["id"], answer.json()["id"])
    step = "/api/aftercare/family/{sister}/"
    for path, bad in (
        ("notify/", {}),  # how?
        ("notify/", {"how": "pigeon"}),
        ("notify/", {"how": "phone", "at": "2999-01-01T00:00:00Z"}),
        ("met/", {"on": "2024-06-02"}),  # not notified yet
        ("hold/", {"reason": " "}),
        ("reunite/", {"on": "2024-06-03"}),  # she has not arrived
    ):
        assert both.send("post", step + path, bad)[1].status_code == 400, (path, bad)
    assert both.send("post", step + "wave/", {})[1].status_code == 404
    # One who arrived: her relative told, on hold, met, then reunited with her.
    real, answer = both.send("post", "/api/aftercare/arrivals/", ARRIVAL)
    both.keep("she", real.json()["person"], answer.json()["person"])
    real, answer = both.send(
        "post", "/api/aftercare/persons/{she}/family/", {"name": "Murad", "relationship": "father"}
    )
    both.keep("father", real.json()["id"], answer.json()["id"])
    today = timezone.localdate().isoformat()
    step = "/api/aftercare/family/{father}/"
    for path, data in (
        ("notify/", {"how": "phone", "note": "Told by phone"}),
        ("hold/", {"reason": "He is in the camp"}),
        ("met/", {"on": "2999-01-01"}),
        ("met/", {"on": today}),
        ("reunite/", {"on": today}),
        ("hold/", {"reason": "Too late"}),
    ):
        both.send("post", step + path, data)
    # Reunited: her status moved on with it, as a real reunion moves it.
    assert both.send("get", "/api/aftercare/persons/{she}/")[1].json()["status"] == "reunited"
    assert both.send("get", "/api/persons/{she}/")[1].json()["status"] == "reunited"
    both.keep("stranger", both.ids["sister"][1], both.ids["sister"][0])
    assert both.send("post", "/api/aftercare/family/{stranger}/met/", {})[1].status_code == 404
    both.keep("nobody", both.ids["her"][1], both.ids["her"][0])
    assert both.send("get", "/api/aftercare/persons/{nobody}/")[1].status_code == 404
    assert both.send("post", "/api/aftercare/persons/{nobody}/family/", {})[1].status_code == 404


def test_referrals_consents_and_testimony_answer_as_on_a_real_care_page() -> None:
    both = ApiPair.of_role(Role.CASEWORKER)
    _her(both)
    care = "/api/aftercare/persons/{her}/"
    referrals = care + "referrals/"
    for bad in (
        {"kind": "medical", "service": "Clinic"},  # does she agree?
        {"kind": "medical", "service": "Clinic", "she_consents": False},
        {"kind": "magic", "service": "Clinic", "she_consents": True},
        {"kind": "medical", "service": " ", "she_consents": True},
        {
            "kind": "medical",
            "service": "Clinic",
            "she_consents": True,
            "follow_up_on": "1999-01-01",
        },
        {  # a follow-up more than a year ahead
            "kind": "medical",
            "service": "Clinic",
            "she_consents": True,
            "follow_up_on": "2999-01-01",
        },
    ):
        assert both.send("post", referrals, bad)[1].status_code == 400, bad
    real, answer = both.send(
        "post",
        referrals,
        {
            "kind": "medical",
            "service": "Clinic",
            "she_consents": True,
            "follow_up_on": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
        },
    )
    assert answer.status_code == 201
    both.keep("referral", real.json()["id"], answer.json()["id"])
    referral = "/api/aftercare/referrals/{referral}/"
    both.send("get", referral)
    assert both.send("patch", referral, {"status": "lost"})[1].status_code == 400
    updated = both.send("patch", referral, {"status": "accepted", "note": "Seen Monday"})[1]
    assert updated.json()["status"] == "accepted" and "Seen Monday" in updated.json()["notes"]
    assert both.send("get", "/api/aftercare/followups/")[1].json() == []
    # A testimony asks for her consent first, as on a real care page.
    testimony = care + "testimony/"
    account = {"account": "They took us from the village.", "language": "ku"}
    assert both.send("post", testimony, account)[1].status_code == 400
    consents = care + "consents/"
    for bad in (
        {"purpose": "everything", "language": "ku"},
        {"purpose": "testimony", "language": "ku", "given_at": "2999-01-01T00:00:00Z"},
    ):
        assert both.send("post", consents, bad)[1].status_code == 400, bad
    real, answer = both.send("post", consents, {"purpose": "testimony", "language": "ku"})
    assert answer.status_code == 201 and answer.json()["withdrawn_at"] is None
    both.keep("consent", real.json()["id"], answer.json()["id"])
    again = both.send("post", consents, {"purpose": "testimony", "language": "ku"})[1]
    assert again.status_code == 400
    for bad in ({"account": " ", "language": "ku"}, {**account, "captivity_from": "2999-01-01"}):
        assert both.send("post", testimony, bad)[1].status_code == 400, bad
    real, answer = both.send("post", testimony, {**account, "captivity_from": "2014-08-03"})
    assert answer.status_code == 201 and answer.json()["readers"] == ["watched-caseworker"]
    both.keep("testimony", real.json()["id"], answer.json()["id"])
    # It opens as a real one does, kept in the session as on the pages.
    both.send("get", "/api/aftercare/testimony/{testimony}/")
    withdraw = "/api/aftercare/consents/{consent}/withdraw/"
    assert both.send("post", withdraw, {"note": "She changed her mind"})[1].status_code == 200
    assert both.send("post", withdraw, {})[1].status_code == 400
    assert both.send("post", testimony, account)[1].status_code == 400
    # The care page lists what was "saved", as a real one, its testimony too.
    real_page = both.real.get(f"/api/aftercare/persons/{both.ids['her'][0]}/").json()
    page = both.decoy.get(f"/api/aftercare/persons/{both.ids['her'][1]}/").json()
    assert len(page["testimonies"]) == 1
    assert both.blank(page) == both.blank(real_page)
    assert page["consents"][0]["withdrawn_at"] is not None
    # Naming readers on it is refused as on a real one's (the page's checks), never a 404.
    readers = "/api/aftercare/testimony/{testimony}/readers/"
    for bad in (
        {"user": "8d3c1a52-7f0e-4b6a-9c21-5e4f3a2b1c0d"},  # no one's id
        {"user": "8d3c1a52-7f0e-4b6a-9c21-5e4f3a2b1c0d", "remove": True},
        {"user": "not an id"},
    ):
        real, answer = both.send("post", readers, bad)
        assert answer.status_code == 400 and "user" in answer.json(), bad


def test_a_new_persons_arrival_opens_her_care_page_as_a_real_one() -> None:
    both = ApiPair.of_role(Role.COORDINATOR)
    assert (
        both.send("post", "/api/aftercare/arrivals/", {**ARRIVAL, "arrived_on": "2999-01-01"})[
            1
        ].status_code
        == 400
    )
    real, answer = both.send("post", "/api/aftercare/arrivals/", ARRIVAL)
    assert answer.status_code == 201
    both.keep("her", real.json()["person"], answer.json()["person"])
    page = both.send("get", "/api/aftercare/persons/{her}/")[1].json()
    assert page["status"] == "arrived" and page["arrivals"][0]["id"] == answer.json()["id"]
    assert both.send("get", "/api/persons/{her}/")[1].status_code == 200
    # The export: empty and well formed, as its page's, naming the codename it shows.
    before = counts()
    exported = both.decoy.get("/api/aftercare/export/testimony/")
    assert exported.status_code == both.real.get("/api/aftercare/export/testimony/").status_code
    assert exported["Content-Type"] == "application/zip"
    manifest = json.loads(zipfile.ZipFile(io.BytesIO(exported.content)).read("manifest.json"))
    assert manifest["count"] == 0 and manifest["exporter"] == "watched-coordinator"
    assert {k: v for k, v in counts().items() if k != "AuditEvent"} == {
        k: v for k, v in before.items() if k != "AuditEvent"
    }


def test_its_overdue_follow_ups_are_listed_as_a_real_accounts_are() -> None:
    """The follow-ups list shows its pretend referrals once overdue, as its page does; an
    empty list where a real account's shows one would give the session away."""
    both = ApiPair.of_role(Role.CASEWORKER)
    _her(both)
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    body = {"kind": "medical", "service": "Clinic", "she_consents": True, "follow_up_on": tomorrow}
    assert both.send("post", "/api/aftercare/persons/{her}/referrals/", body)[1].status_code == 201
    assert [len(a.json()) for a in both.send("get", "/api/aftercare/followups/")] == [0, 0]
    with clock.frozen_at(timezone.now() + datetime.timedelta(days=2)):
        real, answer = both.send("get", "/api/aftercare/followups/")
    assert len(real.json()) == len(answer.json()) == 1
    assert answer.json()[0]["service"] == "Clinic"


def test_an_arrival_on_its_own_reported_person_is_recorded_as_on_a_real_one() -> None:
    both = ApiPair.of_role(Role.COORDINATOR)
    _her(both)
    arrival = {**ARRIVAL, "given_names": ["Nareen"], "new_person": False, "person": "{her}"}
    del arrival["father_names"]
    answer = both.send("post", "/api/aftercare/arrivals/", arrival)[1]
    assert answer.status_code == 201 and answer.json()["person"] == both.ids["her"][1]
    # Her case and care pages show her arrived, as a real person's.
    assert both.send("get", "/api/persons/{her}/")[1].json()["status"] == "arrived"
    care = both.send("get", "/api/aftercare/persons/{her}/")[1].json()
    assert care["arrivals"][0]["id"] == answer.json()["id"]
    # Recorded already: refused, as for a real person.
    assert both.send("post", "/api/aftercare/arrivals/", arrival)[1].status_code == 400
