"""Why her status changed, as the system wrote it, is kept as a sentence key and its values
and shown in the reader's language (page and API), each value isolated for right-to-left
pages; a reason typed by a person, and the English of changes recorded before keys, are
shown as stored; every date on her page is in one style."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable

import pytest
from django.conf import settings
from django.test import Client
from django.utils import dates, timezone, translation

from safepassage.accounts.models import Role, User
from safepassage.conftest import make_user
from safepassage.operations import services as operations
from safepassage.operations.models import OperationStatus
from safepassage.operations.tests.factories import World, underway
from safepassage.tracing import status_reasons
from safepassage.tracing.models import Person, PersonStatus, StatusChange
from safepassage.tracing.services import (
    ContactDetails,
    contact_create,
    person_set_status,
    person_status_change,
    persons_merge,
)
from safepassage.tracing.tests.conftest import KHALIL_ARABIC, KHALIL_LATIN, report_person

pytestmark = pytest.mark.django_db

# English words of the system's sentences: none may be left on a translated timeline.
ENGLISH_WORDS = re.compile(
    r"\b(operation|approved|started|brought|ended|without|status|stays|merged|duplicate)\b",
    re.I,
)


def _world(users: dict[str, User], codename: str = "Olive") -> World:
    second = make_user("heron-two", Role.COORDINATOR)
    return underway(users[Role.COORDINATOR], second, users[Role.FIELD], codename=codename)


def _changes(person: Person) -> list[StatusChange]:
    return list(StatusChange.objects.filter(person=person).order_by("changed_at", "id"))


def _page(client: Client, person: Person, language: str = "en") -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(f"/persons/{person.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def _status_lines(page: str) -> list[str]:
    timeline = re.search(r'<ol class="timeline" id="timeline">(.*?)</ol>', page, re.S)
    assert timeline
    return re.findall(r'<li class="status">(.*?)</li>', timeline.group(1), re.S)


def _said(language: str, key: str, **values: str) -> str:
    with translation.override(language):
        return str(status_reasons.MESSAGES[key]) % values


def test_operation_reasons_are_stored_as_keys_and_values(users: dict[str, User]) -> None:
    world = _world(users)
    approved, started = _changes(world.person)[-2:]
    assert (approved.to_status, approved.reason_key) == ("rescue_planned", "operation_approved")
    assert (started.to_status, started.reason_key) == ("in_transit", "operation_started")
    assert started.reason_params == {"operation": "Olive"}
    # The English sentence is kept for the record, as alerts keep theirs.
    assert (approved.reason, started.reason) == (
        "Operation Olive approved.",
        "Operation Olive started.",
    )
    stored = StatusChange.objects.get(pk=started.pk)  # read back from its sealed record
    assert (stored.reason_key, stored.reason_params) == (
        "operation_started",
        {"operation": "Olive"},
    )


@pytest.mark.parametrize("language", ["ar", "ckb", "kmr"])
def test_every_reason_is_translated(language: str) -> None:
    for key, message in status_reasons.MESSAGES.items():
        with translation.override("en"):
            english = str(message)
        with translation.override(language):
            translated = str(message)
        assert translated != english, (language, key)
        assert sorted(re.findall(r"%\(\w+\)s", translated)) == sorted(
            re.findall(r"%\(\w+\)s", english)
        ), (language, key)


def test_arabic_timeline_says_the_operation_in_arabic_with_its_codename_isolated(
    users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    world = _world(users)
    page = _page(client_for(Role.COORDINATOR), world.person, "ar")
    lines = _status_lines(page)
    started = _said("ar", "operation_started", operation="<bdi>Olive</bdi>")
    approved = _said("ar", "operation_approved", operation="<bdi>Olive</bdi>")
    assert any(started in line for line in lines) and any(approved in line for line in lines)
    for line in lines:
        text = re.sub(r"<bdi>.*?</bdi>|<[^>]+>|\([^)]*\)$", "", line.strip())
        assert not ENGLISH_WORDS.search(text), line
    assert "Operation Olive" not in page


def test_ended_operation_names_its_outcome_and_her_kept_status_in_arabic(
    users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    world = _world(users)
    person_set_status(actor=world.coordinator, person=world.person, status="arrived", reason="x")
    person_set_status(actor=world.coordinator, person=world.person, status="reunited", reason="y")
    operations.operation_end(
        actor=world.coordinator,
        operation=world.operation,
        status="completed",
        notes="Crossed at dawn.",
        brought_out=[world.person.pk],
    )
    kept = _changes(world.person)[-1]
    assert kept.reason_key == "brought_out_kept"
    assert kept.reason_params == {
        "operation": "Olive",
        "operation_status": "completed",
        "status": "reunited",
    }
    assert kept.reason == "Operation Olive (Completed) brought her out; her status stays Reunited."
    page = _page(client_for(Role.COORDINATOR), world.person, "ar")
    with translation.override("ar"):
        completed = str(OperationStatus.COMPLETED.label)
        reunited = str(PersonStatus.REUNITED.label)
    expected = _said(
        "ar",
        "brought_out_kept",
        operation="<bdi>Olive</bdi>",
        operation_status=f"<bdi>{completed}</bdi>",
        status=f"<bdi>{reunited}</bdi>",
    )
    assert expected in _status_lines(page)[-1]


def test_kurmanji_timeline_says_the_operation_in_kurmanji_with_its_codename_isolated(
    users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    # A left-to-right page: a codename in Arabic script is isolated; one in Latin letters
    # needs no isolation there.
    world = _world(users, codename="زيتون")
    page = _page(client_for(Role.COORDINATOR), world.person, "kmr")
    lines = _status_lines(page)
    assert any("Operasyona <bdi>زيتون</bdi> dest pê kir." in line for line in lines)
    assert any("Operasyona <bdi>زيتون</bdi> hate pejirandin." in line for line in lines)
    assert "Operation " not in "".join(lines)


def test_english_timeline_reads_as_before(
    users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    world = _world(users)
    lines = _status_lines(_page(client_for(Role.COORDINATOR), world.person))
    assert any("Rescue planned: Operation Olive approved." in line for line in lines)
    assert any("In transit: Operation Olive started." in line for line in lines)


def test_merge_reason_is_translated(
    users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    actor = users[Role.COORDINATOR]
    older = report_person(actor, **KHALIL_LATIN).person
    newer = report_person(actor, reporter="Saeed", **KHALIL_ARABIC).person
    person_set_status(actor=actor, person=newer, status=PersonStatus.LOCATED, reason="Seen.")
    persons_merge(actor=actor, survivor=older, merged=newer)
    change = _changes(older)[-1]
    assert (change.reason_key, change.reason_params) == (
        "merged_further_along",
        {"status": "located"},
    )
    client = client_for(Role.COORDINATOR)
    english = _page(client, older)
    assert "Merged with a duplicate record that was further along (Located)." in english
    for language in ("ar", "ckb", "kmr"):
        with translation.override(language):
            located = str(PersonStatus.LOCATED.label)
        value = located if language == "kmr" else f"<bdi>{located}</bdi>"
        page = _page(client, older, language)
        assert _said(language, "merged_further_along", status=value) in page, language
        assert "Merged with a duplicate record" not in page


def test_typed_reason_is_shown_as_typed(
    users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    actor = users[Role.COORDINATOR]
    person = report_person(actor, **KHALIL_LATIN).person
    typed = "رأتها جارتها في السوق <b>أمس</b>"
    change = person_status_change(actor=actor, person=person, status="located", reason=typed)
    assert (change.reason, change.reason_key, change.reason_params) == (typed, "", {})
    escaped = '<span dir="auto">رأتها جارتها في السوق &lt;b&gt;أمس&lt;/b&gt;</span>'
    client = client_for(Role.COORDINATOR)
    for language in ("en", "ar", "kmr"):
        assert escaped in _status_lines(_page(client, person, language))[-1], language
    person_status_change(actor=actor, person=person, status="contact", reason="She called.")
    arabic = _status_lines(_page(client, person, "ar"))[-1]
    assert '<span dir="auto">She called.</span>' in arabic  # typed in English: as typed


def test_old_english_reasons_keep_showing(
    users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    actor = users[Role.COORDINATOR]
    person = report_person(actor, **KHALIL_LATIN).person
    old = StatusChange(
        person=person,
        from_status="missing",
        to_status="located",
        reason="Operation Olive ended (aborted) without her.",
        changed_by=actor,
    )
    old.save()
    page = _page(client_for(Role.COORDINATOR), person, "ar")
    assert '<span dir="auto">Operation Olive ended (aborted) without her.</span>' in page


def test_an_unknown_key_falls_back_to_the_kept_english(users: dict[str, User]) -> None:
    change = StatusChange(reason="Operation Olive started.", reason_key="gone", reason_params={})
    with translation.override("ar"):
        assert status_reasons.render(change) == ('<span dir="auto">Operation Olive started.</span>')


def test_dates_in_reasons_are_isolated_on_right_to_left_pages() -> None:
    change = StatusChange(
        reason="Arrived on 2026-11-20.",
        reason_key="arrived_on",
        reason_params={"date": "2026-11-20"},
    )
    with translation.override("ar"):
        assert status_reasons.render(change) == _said(
            "ar", "arrived_on", date="<bdi>2026-11-20</bdi>"
        )
    with translation.override("en"):
        assert status_reasons.text(change) == "Arrived on 2026-11-20."


def test_api_gives_reasons_in_the_callers_language(
    users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    world = _world(users)
    person_status_change(
        actor=world.coordinator, person=world.person, status="located", reason="رأتها جارتها"
    )
    client = client_for(Role.COORDINATOR)
    url = f"/api/persons/{world.person.pk}/"
    english = [c["reason"] for c in client.get(url).json()["status_changes"]]
    assert "Operation Olive started." in english and "رأتها جارتها" in english
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    arabic = [c["reason"] for c in client.get(url).json()["status_changes"]]
    assert _said("ar", "operation_started", operation="Olive") in arabic
    assert "رأتها جارتها" in arabic
    assert all("<" not in r and "&" not in r for r in arabic)


def test_every_date_on_her_arabic_page_is_in_one_style(
    users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    actor = users[Role.COORDINATOR]
    # Her page: the date she was taken, the family's report, her contact, her statuses (the
    # first, the plan's approval and its start), the rescue request.
    person = report_person(actor, abducted_on=datetime.date(2014, 8, 3), **KHALIL_LATIN).person
    second = make_user("heron-two", Role.COORDINATOR)
    underway(actor, second, users[Role.FIELD], person=person)
    contact_create(
        actor=actor,
        person=person,
        contact=ContactDetails(occurred_at=timezone.now(), channel="phone", answers={}),
    )
    page = _page(client_for(Role.COORDINATOR), person, "ar")
    timeline = re.search(r'<ol class="timeline" id="timeline">(.*?)</ol>', page, re.S)
    assert timeline
    lines = re.findall(r'<li class="(\w+)">(.*?)</li>', timeline.group(1), re.S)
    assert sorted({kind for kind, _ in lines}) == ["contact", "report", "status"]
    day = r'<time datetime="(\d{4}-\d\d-\d\d)" dir="ltr">\1</time>'
    moment = r'<time datetime="[^"]+" dir="ltr">\d{4}-\d\d-\d\d \d\d:\d\d</time>'
    for kind, line in lines:
        when = day if kind == "report" else moment
        assert re.match(rf"\s*<strong>[^<]+</strong> {when} — ", line), line
    assert '<time datetime="2024-03-01" dir="ltr">2024-03-01</time>' in lines[0][1]
    assert '<dd><time datetime="2014-08-03" dir="ltr">2014-08-03</time></dd>' in page
    requests = re.search(r'<p><a href="/verification/requests/[^"]+/">(.*?)</a>', page)
    assert requests and re.fullmatch(moment, requests.group(1))
    # No date is written the language's own way (with month names) anywhere on the page.
    with translation.override("ar"):
        months = {str(m) for table in (dates.MONTHS, dates.MONTHS_AP) for m in table.values()}
    assert [m for m in months if m in page] == []
