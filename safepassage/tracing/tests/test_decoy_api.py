"""A decoy session's persons through the API answer as a real account's, and write nothing.

A decoy reaches the API through its signed-in session (no token is made for a decoy). Each
write its pages pretend is pretended here too: the same status, the same JSON (ids, times and
codenames aside), the same errors for bad input, a random-looking id; no row, audit event or
alert. What it "saved" is kept in its session, so its pages show it too.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from safepassage.accounts.models import Role
from safepassage.tests.decoy import ApiPair

pytestmark = pytest.mark.django_db

HER: dict[str, Any] = {
    "given_names": ["Xelîl"],
    "father_names": ["Hesen"],
    "family_names": ["Şingalî"],
    "sex": "f",
    "birth": "1998",
}
INTAKE = {
    "person": HER,
    "report": {"reporter_name": "Nadia", "relationship": "sister", "reported_on": "2024-03-01"},
}


def _ago(hours: int) -> str:
    return (timezone.now() - datetime.timedelta(hours=hours)).isoformat()


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.CASEWORKER, Role.LIAISON])
def test_a_new_person_is_entered_listed_found_and_edited_as_a_real_one(role: str) -> None:
    both = ApiPair.of_role(role)
    real, answer = both.send("post", "/api/persons/", INTAKE)
    assert answer.status_code == 201 and len(answer.json()["reports"]) == 1
    both.keep("her", real.json()["id"], answer.json()["id"])
    # Without a report (the API allows it), and bad input: the real errors, word for word.
    real, answer = both.send(
        "post", "/api/persons/", {"person": {"given_names": ["Nareen"], "sex": "f"}}
    )
    assert answer.status_code == 201 and answer.json()["reports"] == []
    for bad in (
        {"person": {"birth": "soon"}, "report": {}},
        {"person": {"given_names": ["Ava"], "birth": "2999"}, "report": {"reporter_name": "x"}},
        {"person": {"given_names": ["Ava"], "abducted_on": "2999-01-01"}},
        {"person": {"given_names": ["Ava"]}, "report": {"reporter_name": "x"}, "attach_to": "x"},
    ):
        assert both.send("post", "/api/persons/", bad)[1].status_code == 400, bad
    # Listed, filtered and found as a real account's persons are.
    for path in (
        "/api/persons/",
        "/api/persons/?status=missing",
        "/api/persons/?status=located",
        "/api/persons/?q=Xelîl",
        "/api/persons/search/?q=Xelîl",
        "/api/persons/search/?q=",
    ):
        both.send("get", path)
    real, answer = both.send("get", "/api/persons/{her}/")
    assert answer["ETag"] == real["ETag"] == '"1"'
    # Edited from the version read; without one, or from an old one, refused as a real edit.
    real, answer = both.send(
        "patch", "/api/persons/{her}/", {"community": "Ezidi"}, HTTP_IF_MATCH='"1"'
    )
    assert answer.status_code == 200 and answer.json()["community"] == "Ezidi"
    assert answer["ETag"] == real["ETag"] == '"2"'
    assert both.send("patch", "/api/persons/{her}/", {"community": "x"})[1].status_code == 428
    conflict = both.send("patch", "/api/persons/{her}/", {"community": "x", "version": 1})[1]
    assert conflict.status_code == 409 and conflict.json()["current_version"] == 2
    refused = both.send("put", "/api/persons/{her}/", {"birth": "soon", "version": 2})[1]
    assert refused.status_code == 400
    replaced = both.send("put", "/api/persons/{her}/", {**HER, "version": 2})[1]
    assert replaced.status_code == 200 and replaced.json()["community"] == ""
    both.send("get", "/api/persons/{her}/")
    # Another id, or one of the real network's: not found, as for any record out of reach.
    both.keep("stranger", both.ids["her"][1], both.ids["her"][0])
    assert both.send("get", "/api/persons/{stranger}/")[1].status_code == 404
    assert both.send("post", "/api/persons/{stranger}/status/", {})[1].status_code == 404
    # Its pages show what the API "saved", as they would a real save.
    page = both.decoy.get(f"/persons/{both.ids['her'][1]}/")
    assert page.status_code == 200 and "Xelîl" in page.content.decode()


def test_contacts_questions_words_and_status_answer_as_on_a_real_person() -> None:
    both = ApiPair.of_role(Role.COORDINATOR)
    real, answer = both.send("post", "/api/persons/", INTAKE)
    both.keep("her", real.json()["id"], answer.json()["id"])
    contacts = "/api/persons/{her}/contacts/"
    # Words are agreed only after a contact: the real refusal first.
    words = {"duress_word": "zeytûn", "all_clear_word": "hinar"}
    assert both.send("post", "/api/persons/{her}/words/", words)[1].status_code == 400
    real, answer = both.send(
        "post", "/api/persons/{her}/questions/", {"question": "Her goat?", "answer": "Spîndar"}
    )
    assert answer.status_code == 201 and "answer" not in answer.json()
    both.keep("goat", real.json()["id"], answer.json()["id"])
    for bad in ({"question": " ", "answer": "x"}, {"question": "Her goat?"}):
        assert both.send("post", "/api/persons/{her}/questions/", bad)[1].status_code == 400
    real, answer = both.send(
        "post",
        contacts,
        {"occurred_at": _ago(2), "channel": "phone", "answers": {"{goat}": "spindar"}},
    )
    assert answer.status_code == 201 and answer.json()["auth_outcome"] == "passed"
    assert answer.json()["results"] == {both.ids["goat"][1]: True}
    for bad in (
        {"channel": "carrier pigeon"},
        {"occurred_at": "2999-01-01T00:00:00Z", "channel": "phone"},
    ):
        assert both.send("post", contacts, bad)[1].status_code == 400
    assert both.send("post", "/api/persons/{her}/words/", words)[1].json() == {"agreed": 2}
    again = both.send("post", "/api/persons/{her}/words/", words)[1]
    assert again.status_code == 400  # agreed already: "replace" needed
    assert both.send("post", "/api/persons/{her}/words/", {**words, "replace": True})[1].json() == {
        "agreed": 2
    }
    # A forced call: flagged as on a real contact; no alert is raised for a decoy.
    forced = both.send(
        "post", contacts, {"occurred_at": _ago(1), "channel": "sms", "word_used": "Zeytun"}
    )[1]
    assert forced.json()["duress_word_used"] is True
    status = "/api/persons/{her}/status/"
    changed = both.send("post", status, {"status": "located", "reason": "Insider report."})[1]
    assert changed.status_code == 200 and changed.json()["to_status"] == "located"
    for bad in (
        {"status": "located", "reason": "again"},  # unchanged
        {"status": "arrived", "reason": "x"},  # set by a flow
        {"status": "located"},
    ):
        assert both.send("post", status, bad)[1].status_code == 400, bad
    real, answer = both.send("get", "/api/persons/{her}/")
    body = answer.json()
    assert [c["to_status"] for c in body["status_changes"]] == ["missing", "located"]
    assert len(body["contacts"]) == 2 and [q["question"] for q in body["questions"]] == [
        "Her goat?"
    ]
    # The same ids on every reading, as stored rows keep theirs.
    assert both.decoy.get(f"/api/persons/{both.ids['her'][1]}/").json() == body


def test_persons_taken_with_her_are_linked_and_unlinked_as_real_ones() -> None:
    both = ApiPair.of_role(Role.CASEWORKER)
    real, answer = both.send("post", "/api/persons/", INTAKE)
    both.keep("her", real.json()["id"], answer.json()["id"])
    child = {"person": {"given_names": ["Dilan"], "sex": "m"}, "report": {"reporter_name": "N"}}
    real, answer = both.send("post", "/api/persons/", child)
    both.keep("child", real.json()["id"], answer.json()["id"])
    links = "/api/persons/{her}/links/"
    real, answer = both.send("post", links, {"other": "{child}", "kind": "child"})
    assert answer.status_code == 201 and answer.json()["other"] == both.ids["child"][1]
    both.keep("link", real.json()["id"], answer.json()["id"])
    for bad in (
        {"other": "{child}", "kind": "child"},  # linked already
        {"other": "{her}", "kind": "sister"},  # herself
        {"other": "{child}", "kind": "cousin"},
    ):
        assert both.send("post", links, bad)[1].status_code == 400, bad
    both.keep("stranger", both.ids["child"][1], both.ids["child"][0])
    assert both.send("post", links, {"other": "{stranger}", "kind": "child"})[1].status_code == 404
    both.send("get", links)
    remove = "/api/persons/{her}/links/remove/"
    assert both.send("post", remove, {"link": "{link}"})[1].status_code == 204
    assert both.send("post", remove, {"link": "{link}"})[1].status_code == 404
    assert both.send("post", remove, {"link": "x"})[1].status_code == 400
    assert both.send("get", links)[1].json() == []


def test_a_decoys_search_finds_its_persons_as_the_real_search_finds_persons() -> None:
    """By any spelling in any script, closest first, her status aside: the same answers as a
    real account's, whose network holds the same persons."""
    both = ApiPair.of_role(Role.COORDINATOR)
    for given, family in (("Xelîl", "Şingalî"), ("Khalida", "Haji"), ("Nareen", "Berani")):
        person = {**HER, "given_names": [given], "family_names": [family]}
        real, answer = both.send("post", "/api/persons/", {**INTAKE, "person": person})
        assert answer.status_code == 201
    queries = ("خليل", "Khalil", "Khaleel Shingali", "XELIL", "Xel", "نارين", "Haji", "Zzz", "!!")
    for query in queries:
        for path in ("/api/persons/?q=", "/api/persons/?status=located&q="):
            real, answer = both.send("get", path + query)
            assert [p["given_names"] for p in answer.json()] == [
                p["given_names"] for p in real.json()
            ], query
    found = both.decoy.get("/api/persons/?q=خليل").json()
    assert [p["given_names"] for p in found] == [["Xelîl"]]
    # The search page shows the same persons.
    page = both.decoy.post("/persons/", {"q": "خليل"}).content.decode()
    assert "Xelîl" in page and "Khalida" not in page


def test_a_report_is_added_to_its_own_person_as_to_a_real_one() -> None:
    both = ApiPair.of_role(Role.COORDINATOR)
    real, answer = both.send("post", "/api/persons/", INTAKE)
    both.keep("her", real.json()["id"], answer.json()["id"])
    report = {"reporter_name": "Leyla", "relationship": "aunt", "reported_on": "2024-04-01"}
    real, answer = both.send("post", "/api/persons/{her}/reports/", report)
    assert answer.status_code == 201 and answer.json()["reporter_name"] == "Leyla"
    # With new spellings of her names, as a second report may give them.
    spelled = {"report": report, "person": {"given_names": ["Khalil"]}}
    assert both.send("post", "/api/persons/{her}/reports/", spelled)[1].status_code == 201
    # The intake's "same person": attached to her, not a new person.
    attached = {**INTAKE, "attach_to": "{her}"}
    real, answer = both.send("post", "/api/persons/", attached)
    assert answer.status_code == 201 and answer.json()["id"] == both.ids["her"][1]
    assert len(answer.json()["reports"]) == 4
    # Bad input: the real errors; another id: not found.
    assert both.send("post", "/api/persons/{her}/reports/", {})[1].status_code == 400
    both.keep("stranger", both.ids["her"][1], both.ids["her"][0])
    assert both.send("post", "/api/persons/{stranger}/reports/", report)[1].status_code == 404
    # Its pages show the reports it "added".
    real, answer = both.send("get", "/api/persons/{her}/")
    assert len(answer.json()["reports"]) == 4
    page = both.decoy.get(f"/persons/{both.ids['her'][1]}/").content.decode()
    assert "Leyla" in page and "Khalil" in page
