"""A merge keeps her status true: the survivor takes the status further along (or the one an
operation under way set), recorded in her timeline; undo puts both back; the duplicates page
lets the reviewer choose the record to keep, and a pair merged meanwhile is said so."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from safepassage.accounts.models import Role, User
from safepassage.audit.models import AuditEvent
from safepassage.conftest import make_user
from safepassage.operations.models import OperationPerson
from safepassage.operations.services import operation_end
from safepassage.operations.tests.factories import make_request, plan_operation, underway
from safepassage.tracing.models import (
    DuplicateCandidate,
    Merge,
    Person,
    PersonStatus,
    StatusChange,
)
from safepassage.tracing.services import (
    duplicate_merge,
    merge_status,
    merge_undo,
    person_set_status,
    persons_merge,
    survivor_suggested,
)
from safepassage.tracing.tests.conftest import KHALIL_ARABIC, KHALIL_LATIN, report_person
from safepassage.verification.models import RescueRequest

pytestmark = pytest.mark.django_db

S = PersonStatus


@pytest.mark.parametrize(
    ("survivor", "merged", "expected"),
    [
        (S.MISSING, S.IN_TRANSIT, S.IN_TRANSIT),
        (S.IN_TRANSIT, S.MISSING, S.IN_TRANSIT),
        (S.CONTACT, S.LOCATED, S.LOCATED),
        (S.ARRIVED, S.RESCUE_PLANNED, S.ARRIVED),
        (S.ARRIVED, S.REUNITED, S.REUNITED),
        (S.REUNITED, S.DECEASED, S.DECEASED),  # a recorded death is never hidden
        (S.DECEASED, S.REUNITED, S.DECEASED),
        (S.CLOSED, S.MISSING, S.MISSING),  # a closed duplicate never closes her case
        (S.MISSING, S.CLOSED, S.MISSING),
        (S.CLOSED, S.CLOSED, S.CLOSED),
        (S.LOCATED, S.LOCATED, S.LOCATED),
    ],
)
def test_status_rule_furthest_along(survivor: str, merged: str, expected: str) -> None:
    assert merge_status(survivor, merged) == expected


def test_status_rule_operation_under_way_wins() -> None:
    # The operation set "in transit"; a later-looking status elsewhere does not override it.
    assert merge_status(S.ARRIVED, S.IN_TRANSIT, merged_underway=True) == S.IN_TRANSIT
    assert merge_status(S.IN_TRANSIT, S.DECEASED, survivor_underway=True) == S.IN_TRANSIT
    both = {"survivor_underway": True, "merged_underway": True}
    assert merge_status(S.MISSING, S.IN_TRANSIT, **both) == S.IN_TRANSIT  # then: furthest


def _pair(users: dict[str, User]) -> tuple[User, Person, Person]:
    actor = users["coordinator"]
    older = report_person(actor, **KHALIL_LATIN).person
    newer = report_person(actor, reporter="Saeed", **KHALIL_ARABIC).person
    return actor, older, newer


def _timeline(person: Person) -> list[tuple[str, str]]:
    return list(
        StatusChange.objects.filter(person=person)
        .order_by("changed_at", "id")
        .values_list("from_status", "to_status")
    )


def test_merge_into_missing_record_takes_the_status_further_along_and_undo_restores(
    users,
) -> None:
    actor, survivor, merged = _pair(users)
    person_set_status(actor=actor, person=merged, status=S.LOCATED, reason="Seen in Tel Afar.")
    survivor_before = _timeline(survivor)
    merged_before = _timeline(merged)
    record = persons_merge(actor=actor, survivor=survivor, merged=merged)
    survivor.refresh_from_db()
    assert survivor.status == S.LOCATED
    last = StatusChange.objects.filter(person=survivor).order_by("changed_at").last()
    assert last is not None and (last.from_status, last.to_status) == (S.MISSING, S.LOCATED)
    assert "Merged" in last.reason and last.changed_by == actor
    assert record.moved["status_change"] == str(last.pk)

    merge_undo(actor=actor, merge=record)
    survivor.refresh_from_db()
    merged.refresh_from_db()
    assert survivor.status == S.MISSING and merged.status == S.LOCATED
    assert _timeline(survivor) == survivor_before
    assert _timeline(merged) == merged_before
    assert not StatusChange.objects.filter(pk=last.pk).exists()


def test_merge_keeps_the_survivors_status_when_it_is_further_along(users) -> None:
    actor, survivor, merged = _pair(users)
    person_set_status(actor=actor, person=survivor, status=S.CONTACT, reason="She called.")
    count = StatusChange.objects.count()
    record = persons_merge(actor=actor, survivor=survivor, merged=merged)
    survivor.refresh_from_db()
    assert survivor.status == S.CONTACT
    assert StatusChange.objects.count() == count  # nothing written: nothing changed
    assert "status_change" not in record.moved


def test_undo_keeps_a_status_change_made_after_the_merge(users) -> None:
    actor, survivor, merged = _pair(users)
    person_set_status(actor=actor, person=merged, status=S.LOCATED, reason="Seen.")
    record = persons_merge(actor=actor, survivor=survivor, merged=merged)
    person_set_status(actor=actor, person=survivor, status=S.RESCUE_PLANNED, reason="Plan.")
    merge_undo(actor=actor, merge=record)
    survivor.refresh_from_db()
    # The later change is real news about her: undo does not roll it back.
    assert survivor.status == S.RESCUE_PLANNED
    assert [t for _f, t in _timeline(survivor)][-2:] == [S.LOCATED, S.RESCUE_PLANNED]


def test_woman_on_an_operation_under_way_stays_in_transit_and_the_operation_follows(
    users,
) -> None:
    """The reported case: she is in transit on Olive; her duplicate says Missing."""
    coordinator = users["coordinator"]
    second = make_user("heron-two", Role.COORDINATOR)
    on_operation = report_person(coordinator, **KHALIL_ARABIC).person
    world = underway(coordinator, second, users["field"], person=on_operation)
    on_operation.refresh_from_db()
    assert on_operation.status == S.IN_TRANSIT
    missing = report_person(coordinator, reporter="Saeed", **KHALIL_LATIN).person
    assert missing.status == S.MISSING

    # The older record is kept by default unless the other is the one further along.
    row = DuplicateCandidate.objects.get()
    assert survivor_suggested(row) == on_operation
    record = persons_merge(actor=coordinator, survivor=missing, merged=on_operation)
    missing.refresh_from_db()
    assert missing.status == S.IN_TRANSIT
    entry = OperationPerson.objects.get(operation=world.operation)
    assert entry.person_id == missing.pk
    assert RescueRequest.objects.get(pk=world.request.pk).person_id == missing.pk

    # The operation ends with her brought out: her status follows on the record kept.
    operation_end(
        actor=coordinator,
        operation=world.operation,
        status="completed",
        notes="All well.",
        brought_out=[entry.pk],
    )
    missing.refresh_from_db()
    assert missing.status == S.ARRIVED
    # Her status moved on after the merge: undo moves the rows back, keeps what happened.
    merge_undo(actor=coordinator, merge=record)
    assert OperationPerson.objects.get(operation=world.operation).person_id == on_operation.pk
    assert Merge.objects.get().undone_at is not None


def test_merge_refused_when_both_records_are_on_one_unfinished_operation(users) -> None:
    coordinator = users["coordinator"]
    first = report_person(coordinator, **KHALIL_LATIN).person
    second = report_person(coordinator, reporter="Saeed", **KHALIL_ARABIC).person
    operation, *_rest = plan_operation(coordinator, users["field"], person=first)
    from safepassage.operations.services import operation_add_request

    operation_add_request(
        actor=coordinator, operation=operation, rescue_request=make_request(coordinator, second)
    )
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError, match="Both records are on operation Olive"):
        persons_merge(actor=coordinator, survivor=first, merged=second)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.merged_into is None and second.merged_into is None
    assert not Merge.objects.exists() and AuditEvent.objects.count() == events


def test_suggested_survivor_is_the_older_record_on_a_tie(users) -> None:
    actor, older, newer = _pair(users)
    row = DuplicateCandidate.objects.get()
    assert survivor_suggested(row) == older
    person_set_status(actor=actor, person=newer, status=S.CONTACT, reason="She called.")
    row.refresh_from_db()
    assert survivor_suggested(DuplicateCandidate.objects.get()) == newer
    merge = duplicate_merge(actor=actor, candidate=row)  # no survivor named: the suggestion
    assert merge.survivor_id == newer.pk


# --- the duplicates page ---------------------------------------------------------------


def test_duplicates_page_offers_keep_this_one_for_each_side(users, client_for) -> None:
    actor, older, newer = _pair(users)
    person_set_status(actor=actor, person=newer, status=S.LOCATED, reason="Seen.")
    client = client_for("coordinator")
    html = client.get("/persons/duplicates/").content.decode()
    assert html.count("Merge, keep this one") == 2
    assert f'name="survivor" value="{older.pk}"' in html
    assert f'name="survivor" value="{newer.pk}"' in html
    # The suggestion is the record whose status stays true (the newer, located one).
    suggested = html.index("(suggested")
    assert html.rindex('name="survivor"', 0, suggested) == html.index(
        f'name="survivor" value="{newer.pk}"'
    )
    row = DuplicateCandidate.objects.get()
    # Keeping the older one (the reviewer's choice): she still ends up "located".
    response = client.post(f"/persons/duplicates/{row.pk}/merge/", {"survivor": str(older.pk)})
    assert response.status_code == 302 and response["Location"] == f"/persons/{older.pk}/"
    page = client.get(f"/persons/{older.pk}/").content.decode()
    assert '<strong id="status">Located</strong>' in page
    assert "Merged with a duplicate record that was further along (Located)." in page
    newer.refresh_from_db()
    assert newer.merged_into_id == older.pk


def test_duplicates_page_refuses_a_survivor_outside_the_pair(users, client_for) -> None:
    actor, older, newer = _pair(users)
    stranger = report_person(actor, given_names=("Roza",), family_names=("Sheikh",)).person
    row = DuplicateCandidate.objects.get(left__in=[older, newer], right__in=[older, newer])
    client = client_for("coordinator")
    response = client.post(
        f"/persons/duplicates/{row.pk}/merge/", {"survivor": str(stranger.pk)}, follow=True
    )
    assert "Choose one of the two records to keep." in response.content.decode()
    assert not Merge.objects.exists()


def test_merging_a_pair_merged_meanwhile_says_so(users, client_for) -> None:
    _actor, _older, _newer = _pair(users)
    row = DuplicateCandidate.objects.get()
    first_tab = client_for("coordinator")
    assert first_tab.post(f"/persons/duplicates/{row.pk}/merge/").status_code == 302
    merge = Merge.objects.get()
    second_tab = client_for("coordinator")
    response = second_tab.post(f"/persons/duplicates/{row.pk}/merge/", follow=True)
    html = response.content.decode()
    assert response.status_code == 200
    assert "These two records were already merged. Nothing was changed." in html
    assert response.redirect_chain[-1][0] == f"/persons/{merge.survivor_id}/"
    assert Merge.objects.count() == 1
    # Dismissing it afterwards says so too, and changes nothing.
    response = second_tab.post(f"/persons/duplicates/{row.pk}/dismiss/", follow=True)
    assert "already merged" in response.content.decode()
    assert DuplicateCandidate.objects.get().status == "merged"


def test_pair_merged_meanwhile_for_a_user_who_cannot_see_the_result(users, client_for) -> None:
    from safepassage.accounts.services import grant_create

    actor, older, newer = _pair(users)
    row = DuplicateCandidate.objects.get()
    caseworker = users["caseworker"]
    grant_create(actor=actor, user=caseworker, obj=older)
    grant_create(actor=actor, user=caseworker, obj=newer)
    client = client_for("caseworker")
    assert "Merge, keep this one" in client.get("/persons/duplicates/").content.decode()
    duplicate_merge(actor=actor, candidate=row, survivor=older)
    # The grant on the merged-away record gave her access to the survivor: she is sent there.
    response = client.post(f"/persons/duplicates/{row.pk}/merge/", follow=True)
    assert "already merged" in response.content.decode()
    assert response.redirect_chain[-1][0] == f"/persons/{older.pk}/"


def test_pair_dismissed_meanwhile_says_so(users, client_for) -> None:
    _actor, _older, _newer = _pair(users)
    row = DuplicateCandidate.objects.get()
    client = client_for("coordinator")
    assert client.post(f"/persons/duplicates/{row.pk}/dismiss/").status_code == 302
    response = client.post(f"/persons/duplicates/{row.pk}/merge/", follow=True)
    assert "already marked as not the same person" in response.content.decode()
    assert not Merge.objects.exists()


def test_api_merge_of_a_pair_merged_meanwhile_is_a_clear_400(users, client_for) -> None:
    _actor, _older, _newer = _pair(users)
    row = DuplicateCandidate.objects.get()
    client = client_for("coordinator")
    first = client.post(f"/api/duplicates/{row.pk}/merge/", {}, content_type="application/json")
    assert first.status_code == 200
    again = client.post(f"/api/duplicates/{row.pk}/merge/", {}, content_type="application/json")
    assert again.status_code == 400
    assert "already merged" in str(again.json())
    assert Merge.objects.count() == 1


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("coordinator", 302),
        ("caseworker", 404),  # nothing shared with her
        ("liaison", 404),
        ("field", 404),
        ("analyst", 404),
        ("auditor", 404),
        ("administrator", 404),
    ],
)
def test_merge_with_survivor_by_role(users, client_for, role: str, expected: int) -> None:
    _actor, _older, newer = _pair(users)
    row = DuplicateCandidate.objects.get()
    client = client_for(role)
    response = client.post(f"/persons/duplicates/{row.pk}/merge/", {"survivor": str(newer.pk)})
    assert response.status_code == expected
    assert Merge.objects.exists() == (expected == 302)


@pytest.mark.parametrize("role", ["caseworker", "liaison"])
def test_merge_with_survivor_when_both_are_shared(users, client_for, role: str) -> None:
    from safepassage.accounts.services import grant_create

    actor, older, newer = _pair(users)
    for person in (older, newer):
        grant_create(actor=actor, user=users[role], obj=person)
    row = DuplicateCandidate.objects.get()
    response = client_for(role).post(
        f"/persons/duplicates/{row.pk}/merge/", {"survivor": str(newer.pk)}
    )
    assert response.status_code == 302 and Merge.objects.get().survivor_id == newer.pk


def test_decoy_session_cannot_merge(users) -> None:
    from django.test import Client

    from safepassage.accounts.services import user_set_duress_password
    from safepassage.conftest import current_code

    actor, older, _newer = _pair(users)
    row = DuplicateCandidate.objects.get()
    user_set_duress_password(actor=actor, duress_password="blue-river-duress-77")
    decoy = Client()
    decoy.post("/accounts/login/", {"username": actor.username, "password": "blue-river-duress-77"})
    decoy.post("/accounts/login/code/", {"token": current_code(actor)})
    assert "Merge, keep this one" not in decoy.get("/persons/duplicates/").content.decode()
    response = decoy.post(f"/persons/duplicates/{row.pk}/merge/", {"survivor": str(older.pk)})
    assert response.status_code == 404
    assert not Merge.objects.exists()


def test_api_refuses_a_survivor_outside_the_pair_in_her_language(users, client_for) -> None:
    from django.utils import translation

    actor, older, newer = _pair(users)
    stranger = report_person(actor, given_names=("Roza",), family_names=("Sheikh",)).person
    row = DuplicateCandidate.objects.get(left__in=[older, newer], right__in=[older, newer])
    client = client_for("coordinator")
    client.post("/i18n/setlang/", {"language": "ar"})
    response = client.post(
        f"/api/duplicates/{row.pk}/merge/",
        {"survivor": str(stranger.pk)},
        content_type="application/json",
    )
    with translation.override("ar"):
        expected = translation.gettext("The survivor must be one of the pair.")
    assert expected != "The survivor must be one of the pair."
    assert response.status_code == 400 and response.json() == {"survivor": [expected]}
    assert not Merge.objects.exists()
