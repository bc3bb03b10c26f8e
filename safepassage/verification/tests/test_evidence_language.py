"""Trap-check evidence lines are stored as a key and its values and put into words in the
reader's language; lines stored as English sentences before keys existed keep showing."""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Callable

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from safepassage.accounts.models import Role, User
from safepassage.verification import evidence
from safepassage.verification.models import Assessment
from safepassage.verification.selectors import EVIDENCE_WITHHELD, assessment_current
from safepassage.verification.tests.factories import (
    make_contact,
    make_incident,
    make_person,
    make_place,
    make_request,
)

pytestmark = pytest.mark.django_db

ENGLISH_WORDS = re.compile(r"\b(the|contact|linked|incident|authentication|failed)\b", re.I)


def _risky_request(coordinator: User) -> Assessment:
    person = make_person()
    village = make_place(coordinator, "Gir Zerik", latitude=36.3, longitude=41.8)
    make_incident(coordinator, place=village, occurred_on=datetime.date(2024, 3, 1))
    call = make_contact(
        person, auth_outcome="failed", channel="phone", what_she_asked="come now, he is away"
    )
    rescue = make_request(
        coordinator,
        person,
        contacts=[call],
        stated_place=village,
        urgency_claimed=True,
        network_chosen_meeting_point=True,
    )
    current = assessment_current(rescue)
    assert current is not None
    return current


def test_evidence_is_stored_as_keys_and_values_not_sentences(users: dict[str, User]) -> None:
    current = _risky_request(users[Role.COORDINATOR])
    lines = [e for f in current.factors for e in f["evidence"]]
    assert lines and all(isinstance(e, dict) and e["key"] in evidence.MESSAGES for e in lines)
    by_key = {e["key"]: e["params"] for e in lines}
    assert by_key["auth_failed"]["channel"] == "phone"
    datetime.datetime.fromisoformat(by_key["auth_failed"]["at"])  # an ISO time, not text
    assert by_key["place_in_incident"] == {
        "place": "Gir Zerik",
        "place_kind": "village",
        "incident_kind": "trap",
        "date": "2024-03-01",
    }
    assert by_key["lure_phrases"]["phrases"] == ["come now", "he is away"]
    assert "lure_urgency" in by_key
    stored = json.dumps(current.factors)
    assert "Authentication failed" not in stored and "linked to" not in stored


@pytest.mark.parametrize("language", ["ar", "ckb", "kmr"])
def test_every_sentence_is_translated(language: str) -> None:
    for key, message in evidence.MESSAGES.items():
        with translation.override("en"):
            english = str(message)
        with translation.override(language):
            translated = str(message)
        assert translated != english, (language, key)
        assert sorted(re.findall(r"%\(\w+\)s", translated)) == sorted(
            re.findall(r"%\(\w+\)s", english)
        ), (language, key)


def test_arabic_page_shows_evidence_in_arabic_with_values_isolated(
    users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    current = _risky_request(users[Role.COORDINATOR])
    client = client_for(Role.COORDINATOR)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    page = client.get(f"/verification/requests/{current.request_id}/").content.decode()
    items = re.findall(r'<ul class="evidence">(.*?)</ul>', page, re.S)
    assert items
    text = " ".join(items)
    assert "<bdi>Gir Zerik</bdi>" in text and "<bdi>2024-03-01</bdi>" in text
    plain_text = re.sub(r"<bdi>.*?</bdi>", "", text)
    assert not ENGLISH_WORDS.search(plain_text), plain_text
    assert re.search("[\u0600-\u06ff]", plain_text)


def test_english_page_reads_as_before(
    users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    current = _risky_request(users[Role.COORDINATOR])
    page = client_for(Role.COORDINATOR).get(f"/verification/requests/{current.request_id}/")
    html = page.content.decode()
    assert "Gir Zerik (Village) is linked to an earlier incident: Trap on 2024-03-01." in html
    assert "The request urges an immediate pick-up." in html
    assert "What she asked on the contact of" in html and "“come now”, “he is away”" in html


def test_old_english_lines_keep_showing(
    users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    current = _risky_request(users[Role.COORDINATOR])
    old = "Authentication failed on the contact of 2024-01-02 10:00 (Phone call)."
    current.factors = [
        {"code": "auth_failed", "weight": 50, "evidence": [old]},
        {
            "code": "lure_urgency",
            "weight": 15,
            "evidence": ["The request urges an immediate pick-up."],
        },
        {"code": "low_grade", "weight": 20, "evidence": ["<b>graded</b> F6"]},
    ]
    current.save()
    client = client_for(Role.COORDINATOR)
    html = client.get(f"/verification/requests/{current.request_id}/").content.decode()
    assert old in html
    assert "&lt;b&gt;graded&lt;/b&gt; F6" in html  # escaped, never markup
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    html = client.get(f"/verification/requests/{current.request_id}/").content.decode()
    assert old in html  # unknown old sentences show as stored
    assert "The request urges an immediate pick-up." not in html  # a fixed one is translated
    with translation.override("ar"):
        assert str(evidence.MESSAGES["lure_urgency"]) in html


def test_api_gives_evidence_in_the_callers_language(
    users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    current = _risky_request(users[Role.COORDINATOR])
    client = client_for(Role.COORDINATOR)
    url = f"/api/verification/requests/{current.request_id}/"
    english = client.get(url).json()["assessment"]["factors"]
    lines = [e for f in english for e in f["evidence"]]
    assert "Gir Zerik (Village) is linked to an earlier incident: Trap on 2024-03-01." in lines
    assert all("<bdi>" not in e for e in lines)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    arabic = client.get(url).json()["assessment"]["factors"]
    lines = [e for f in arabic for e in f["evidence"]]
    assert all("<bdi>" not in e and "&" not in e for e in lines)
    assert any("Gir Zerik" in e and re.search("[\u0600-\u06ff]", e) for e in lines)
    assert not any(ENGLISH_WORDS.search(e.replace("Gir Zerik", "")) for e in lines)


def test_caseworker_still_sees_only_the_withheld_line(
    users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    from safepassage.accounts.services import grant_create

    current = _risky_request(users[Role.COORDINATOR])
    grant_create(
        actor=users[Role.COORDINATOR], user=users[Role.CASEWORKER], obj=current.request.person
    )
    client = client_for(Role.CASEWORKER)
    html = client.get(f"/verification/requests/{current.request_id}/").content.decode()
    items = re.findall(r'<ul class="evidence">(.*?)</ul>', html, re.S)
    assert items and all(
        re.findall(r"<li[^>]*>(.*?)</li>", i) == [str(EVIDENCE_WITHHELD)] for i in items
    )
    data = client.get(f"/api/verification/requests/{current.request_id}/").json()
    assert all(f["evidence"] == [str(EVIDENCE_WITHHELD)] for f in data["assessment"]["factors"])
