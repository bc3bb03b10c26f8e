"""Merge keeps every spelling, report, contact, secret, link and status change; undo restores."""

from __future__ import annotations

import datetime
import re
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from safepassage.accounts.models import User
from safepassage.accounts.permissions import ActionRefused, can_access_record
from safepassage.accounts.services import grant_create
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
from safepassage.tracing.services import (
    ContactDetails,
    auth_question_add,
    contact_create,
    merge_undo,
    person_link_create,
    person_set_status,
    persons_merge,
)
from safepassage.tracing.tests.conftest import KHALIL_ARABIC, KHALIL_LATIN, report_person

pytestmark = pytest.mark.django_db


def _setup(users: dict[str, User]) -> tuple[User, Person, Person, Person]:
    actor = users["coordinator"]
    survivor = report_person(actor, phones=("+964 1",), **KHALIL_LATIN).person
    merged = report_person(actor, reporter="Saeed", phones=("+964 2",), **KHALIL_ARABIC).person
    child = report_person(actor, given_names=("Dilvîn",), father_names=("Bapîr",)).person
    person_link_create(actor=actor, person=merged, other=child, kind="child")
    contact_create(
        actor=actor,
        person=merged,
        contact=ContactDetails(
            occurred_at=timezone.now() - datetime.timedelta(hours=2),
            channel="sms",
            number_used="+963 9",
        ),
    )
    auth_question_add(actor=actor, person=merged, question="Goat?", answer="Spîndar")
    person_set_status(actor=actor, person=merged, status="contact", reason="Called.")
    return actor, survivor, merged, child


def test_merge_keeps_everything_and_undo_moves_it_back(users) -> None:
    actor, survivor, merged, _child = _setup(users)
    before_keys = set(BlockingKey.objects.filter(person=survivor).values_list("key", flat=True))
    merge = persons_merge(actor=actor, survivor=survivor, merged=merged, reason="Same woman.")
    survivor.refresh_from_db()
    merged.refresh_from_db()
    assert survivor.given_names == ["Xelîl", "خليل"]
    assert survivor.father_names == ["Hesen", "حسن"]
    assert survivor.family_names == ["Şingalî", "الشنگالي"]
    assert merged.merged_into == survivor
    assert Report.objects.filter(person=survivor).count() == 2
    assert Contact.objects.filter(person=survivor).count() == 1
    assert AuthSecret.objects.filter(person=survivor).count() == 1
    assert PersonLink.objects.get().person == survivor
    # Her 1 + the merged record's 2, and the merge's own: she takes "contact", further along.
    assert StatusChange.objects.filter(person=survivor).count() == 4
    assert PhoneSighting.objects.filter(person=survivor).count() == 3
    assert not BlockingKey.objects.filter(person=merged).exists()
    assert (
        set(BlockingKey.objects.filter(person=survivor).values_list("key", flat=True))
        >= before_keys
    )

    merge_undo(actor=actor, merge=merge)
    survivor.refresh_from_db()
    merged.refresh_from_db()
    assert survivor.given_names == ["Xelîl"] and merged.given_names == ["خليل"]
    assert merged.merged_into is None
    assert Report.objects.filter(person=survivor).count() == 1
    assert Report.objects.filter(person=merged).count() == 1
    assert Contact.objects.get().person == merged
    assert AuthSecret.objects.get().person == merged
    assert PersonLink.objects.get().person == merged
    assert StatusChange.objects.filter(person=merged).count() == 2
    assert (
        set(BlockingKey.objects.filter(person=survivor).values_list("key", flat=True))
        == before_keys
    )
    assert BlockingKey.objects.filter(person=merged).exists()
    with pytest.raises(ValidationError):
        merge_undo(actor=actor, merge=merge)


def test_merge_needs_access_to_both(users) -> None:
    actor, survivor, merged, _child = _setup(users)
    caseworker = users["caseworker"]
    grant_create(actor=actor, user=caseworker, obj=survivor)
    with pytest.raises(ActionRefused):
        persons_merge(actor=caseworker, survivor=survivor, merged=merged)
    grant_create(actor=actor, user=caseworker, obj=merged)
    merge = persons_merge(actor=caseworker, survivor=survivor, merged=merged)
    assert merge.merged_by == caseworker
    with pytest.raises(ValidationError):
        persons_merge(actor=actor, survivor=survivor, merged=survivor)


def test_grants_follow_the_merge_and_are_withdrawn_by_undo(users) -> None:
    actor, survivor, merged, _child = _setup(users)
    liaison = users["liaison"]
    grant_create(actor=actor, user=liaison, obj=merged)
    merge = persons_merge(actor=actor, survivor=survivor, merged=merged)
    assert can_access_record(liaison, survivor)
    merge_undo(actor=actor, merge=merge)
    assert not can_access_record(liaison, survivor) and can_access_record(liaison, merged)


def test_undo_refused_when_a_later_merge_exists(users) -> None:
    actor, survivor, merged, child = _setup(users)
    first = persons_merge(actor=actor, survivor=survivor, merged=merged)
    persons_merge(actor=actor, survivor=survivor, merged=child)
    with pytest.raises(ValidationError):
        merge_undo(actor=actor, merge=first)


def test_other_apps_records_follow_the_merge_and_come_back_on_undo(users) -> None:
    from safepassage.aftercare.models import Arrival
    from safepassage.aftercare.tests.factories import arrived
    from safepassage.verification.models import RescueRequest
    from safepassage.verification.tests.factories import make_request

    actor = users["coordinator"]
    survivor = report_person(actor, **KHALIL_LATIN).person
    merged = report_person(actor, reporter="Saeed", **KHALIL_ARABIC).person
    request = make_request(actor, merged)
    arrival = arrived(actor, merged)
    record = persons_merge(actor=actor, survivor=survivor, merged=merged)
    assert RescueRequest.objects.get(pk=request.pk).person_id == survivor.pk
    assert Arrival.objects.get(pk=arrival.pk).person_id == survivor.pk
    merge_undo(actor=actor, merge=record)
    assert RescueRequest.objects.get(pk=request.pk).person_id == merged.pk
    assert Arrival.objects.get(pk=arrival.pk).person_id == merged.pk


def test_her_photo_follows_the_merge_and_comes_back_on_undo(users, client_for) -> None:
    from safepassage.tracing.services import person_photo_set

    actor = users["coordinator"]
    survivor = report_person(actor, **KHALIL_LATIN).person
    merged = report_person(actor, reporter="Saeed", **KHALIL_ARABIC).person
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64 + b"merged-record-photo"
    person_photo_set(actor=actor, person=merged, data=png, consent=True)
    record = persons_merge(actor=actor, survivor=survivor, merged=merged)
    client = client_for("coordinator")
    response = client.get(f"/persons/{survivor.pk}/photo/")
    assert response.status_code == 200 and response.content == png
    merge_undo(actor=actor, merge=record)
    survivor.refresh_from_db()
    merged.refresh_from_db()
    assert not survivor.photo and not survivor.photo_consent
    assert merged.photo_consent
    assert client.get(f"/persons/{merged.pk}/photo/").content == png
    assert client.get(f"/persons/{survivor.pk}/photo/").status_code == 404


def test_the_survivor_keeps_her_own_photo(users) -> None:
    from safepassage.tracing.services import person_photo_set

    actor = users["coordinator"]
    survivor = report_person(actor, **KHALIL_LATIN).person
    merged = report_person(actor, reporter="Saeed", **KHALIL_ARABIC).person
    own = person_photo_set(
        actor=actor, person=survivor, data=b"\xff\xd8\xff" + b"hers", consent=False
    ).photo.name
    person_photo_set(actor=actor, person=merged, data=b"\xff\xd8\xff" + b"other", consent=True)
    record = persons_merge(actor=actor, survivor=survivor, merged=merged)
    survivor.refresh_from_db()
    assert survivor.photo.name == own and not survivor.photo_consent
    merge_undo(actor=actor, merge=record)
    survivor.refresh_from_db()
    merged.refresh_from_db()
    assert survivor.photo.name == own and merged.photo and merged.photo_consent


def test_undo_keeps_an_edit_made_after_the_merge(users) -> None:
    # Sisters merged by mistake; meanwhile a caseworker corrected the kept record. Undo takes
    # out what the merge brought and keeps the correction.
    from dataclasses import replace

    from safepassage.tracing.keys import PersonDetails
    from safepassage.tracing.services import person_update

    actor = users["coordinator"]
    survivor = report_person(actor, **KHALIL_LATIN).person
    merged = report_person(actor, reporter="Saeed", **KHALIL_ARABIC).person
    record = persons_merge(actor=actor, survivor=survivor, merged=merged)
    survivor.refresh_from_db()
    details = PersonDetails.of(survivor)
    person_update(
        actor=actor,
        person=survivor,
        details=replace(
            details,
            given_names=(*details.given_names, "Khalil"),
            birth_year=1999,
            birth_year_uncertainty=1,
            distinguishing_marks="Scar on her left hand.",
        ),
        expected_version=survivor.version,
    )
    merge_undo(actor=actor, merge=record)
    survivor.refresh_from_db()
    assert survivor.given_names == ["Xelîl", "Khalil"]
    assert survivor.father_names == ["Hesen"]
    assert (survivor.birth_year, survivor.birth_year_uncertainty) == (1999, 1)
    assert survivor.distinguishing_marks == "Scar on her left hand."
    assert survivor.home_place == "Kocho" and survivor.home_place_variants == []


def _person_rows_locked(statements: list[dict[str, str]]) -> list[uuid.UUID]:
    """The persons whose rows the statements locked (SELECT ... FOR UPDATE), in order."""
    locked: list[uuid.UUID] = []
    for statement in statements:
        sql = statement["sql"]
        if 'FROM "tracing_person"' in sql and "FOR UPDATE" in sql:
            where = sql.split(" WHERE ", 1)[1]
            locked.extend(uuid.UUID(found) for found in _UUID.findall(where))
    return locked


_UUID = re.compile(r"[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}")


@pytest.mark.skipif(
    not connection.features.has_select_for_update,
    reason="SQLite has no row locks: a writer holds the whole database, so no order to keep",
)
@pytest.mark.parametrize("direction", ["lower into higher", "higher into lower"])
def test_merge_and_undo_lock_the_pair_in_one_order(users, direction: str) -> None:
    """A into B and B into A at the same instant must not lock the two rows in opposite
    orders: PostgreSQL would end one of them with a deadlock error. Both lock by id."""
    actor = users["coordinator"]
    one = report_person(actor, **KHALIL_LATIN).person
    two = report_person(actor, reporter="Saeed", **KHALIL_ARABIC).person
    low, high = sorted((one, two), key=lambda p: uuid.UUID(str(p.pk)))
    survivor, merged = (high, low) if direction == "lower into higher" else (low, high)
    with CaptureQueriesContext(connection) as merging:
        merge = persons_merge(actor=actor, survivor=survivor, merged=merged)
    with CaptureQueriesContext(connection) as undoing:
        merge_undo(actor=actor, merge=merge)
    for captured in (merging, undoing):
        assert _person_rows_locked(captured.captured_queries)[:2] == [low.pk, high.pk]
