"""Need-to-know on tracing reads: grants, coordinators, decoys, merged records, search."""

from __future__ import annotations

import pytest
from django.http import Http404

from safepassage.accounts.models import User
from safepassage.accounts.services import grant_create
from safepassage.audit.models import AuditEvent
from safepassage.tracing import selectors
from safepassage.tracing.keys import PersonDetails
from safepassage.tracing.services import duplicate_merge
from safepassage.tracing.tests.conftest import KHALIL_ARABIC, KHALIL_LATIN, report_person

pytestmark = pytest.mark.django_db


def _decoy_of(user: User) -> User:
    decoy = User.objects.create(username="decoy-x", role=user.role, is_decoy=True, decoy_of=user)
    return decoy


def test_caseworker_sees_only_granted_persons(users) -> None:
    coordinator, caseworker = users["coordinator"], users["caseworker"]
    person = report_person(coordinator, **KHALIL_LATIN).person
    assert selectors.person_list_for_user(user=caseworker) == []
    with pytest.raises(Http404):
        selectors.person_get_for_user(user=caseworker, person_id=person.pk)
    assert selectors.persons_search_for_user(user=caseworker, query="Xelil") == []
    grant_create(actor=coordinator, user=caseworker, obj=person)
    assert selectors.person_list_for_user(user=caseworker) == [person]
    assert selectors.person_get_for_user(user=caseworker, person_id=person.pk) == person
    assert AuditEvent.objects.filter(action="view", object_id=str(person.pk)).exists()


def test_decoy_and_other_roles_see_nothing(users) -> None:
    person = report_person(users["coordinator"], **KHALIL_LATIN).person
    decoy = _decoy_of(users["coordinator"])
    for user in (decoy, users["analyst"], users["auditor"], users["administrator"]):
        assert selectors.person_list_for_user(user=user) == []
        assert selectors.duplicates_open_for_user(user=user) == []
        assert selectors.persons_search_for_user(user=user, query="Xelil") == []
        with pytest.raises(Http404):
            selectors.person_get_for_user(user=user, person_id=person.pk)


def test_bad_ids_are_404() -> None:
    with pytest.raises(Http404):
        selectors.person_get_for_user(user=User(), person_id="not-a-uuid")


def test_search_finds_any_spelling_in_any_script(users) -> None:
    coordinator = users["coordinator"]
    person = report_person(coordinator, **KHALIL_LATIN).person
    other = report_person(coordinator, given_names=("Nesrîn",), family_names=("Hemdanî",)).person
    for query in ("Xelîl", "khalil", "خليل", "Khaleel Hasan", "حسن", "shingali"):
        assert selectors.persons_search_for_user(user=coordinator, query=query) == [person], query
    assert selectors.persons_search_for_user(user=coordinator, query="نسرين") == [other]
    assert selectors.persons_search_for_user(user=coordinator, query="Xelîl Nesrîn") == []
    assert selectors.persons_search_for_user(user=coordinator, query="  ") == []


def test_merged_person_is_hidden_and_resolves_to_survivor(users) -> None:
    coordinator = users["coordinator"]
    first = report_person(coordinator, **KHALIL_LATIN).person
    second = report_person(coordinator, **KHALIL_ARABIC).person
    [row] = selectors.duplicates_open_for_user(user=coordinator)
    duplicate_merge(actor=coordinator, candidate=row, survivor=first)
    assert selectors.person_list_for_user(user=coordinator) == [first]
    assert selectors.person_get_for_user(user=coordinator, person_id=second.pk) == first
    assert selectors.duplicates_open_for_user(user=coordinator) == []


def test_candidates_only_among_visible_persons(users) -> None:
    coordinator, caseworker = users["coordinator"], users["caseworker"]
    person = report_person(coordinator, **KHALIL_LATIN).person
    details = PersonDetails(**KHALIL_ARABIC).record()
    assert selectors.candidates_for_user(user=caseworker, details=details) == []
    [found] = selectors.candidates_for_user(user=coordinator, details=details)
    assert found.person == person and found.score > 0.9
    assert {e["field"] for e in found.evidence} >= {"given", "father", "sex", "birth"}


def test_match_against_open_reports_skips_closed_cases(users) -> None:
    from safepassage.tracing.services import person_set_status

    coordinator = users["coordinator"]
    person = report_person(coordinator, **KHALIL_LATIN).person
    details = PersonDetails(**KHALIL_ARABIC).record()
    assert [
        c.person for c in selectors.match_against_open_reports(user=coordinator, details=details)
    ] == [person]
    person_set_status(actor=coordinator, person=person, status="reunited", reason="Home.")
    assert selectors.match_against_open_reports(user=coordinator, details=details) == []


def test_candidate_lookup_decrypts_only_candidates(users, django_assert_max_num_queries) -> None:
    coordinator = users["coordinator"]
    report_person(coordinator, **KHALIL_LATIN)
    for n in range(8):
        report_person(coordinator, given_names=(f"Zed{n}x",), family_names=(f"Qor{n}",))
    from safepassage.tracing.services import find_candidates
    from safepassage.vault import crypto

    decrypted: list[int] = []
    original = crypto.Vault.decrypt

    def counting(self: crypto.Vault, blob: bytes, aad: bytes) -> bytes:
        decrypted.append(1)
        return original(self, blob, aad)

    crypto.Vault.decrypt = counting  # type: ignore[method-assign]
    try:
        with django_assert_max_num_queries(3):
            found = find_candidates(PersonDetails(**KHALIL_ARABIC).record())
    finally:
        crypto.Vault.decrypt = original  # type: ignore[method-assign]
    assert len(found) == 1
    per_person = 1  # one sealed record per person
    assert len(decrypted) <= per_person  # one person's columns, not nine persons'


def test_person_list_query_count_does_not_grow(users, django_assert_num_queries) -> None:
    coordinator = users["coordinator"]
    report_person(coordinator, **KHALIL_LATIN)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        selectors.person_list_for_user(user=coordinator)
    for n in range(6):
        report_person(coordinator, given_names=(f"Name{n}",))
    with CaptureQueriesContext(connection) as many:
        assert len(selectors.person_list_for_user(user=coordinator)) == 7
    assert len(many.captured_queries) == len(few.captured_queries)


def _khalil_and_namesake(coordinator: User) -> tuple[str, str]:
    """Khalil (shares every key with KHALIL_LATIN) and a namesake sharing only given+father."""
    full = report_person(coordinator, **KHALIL_LATIN).person
    namesake = report_person(
        coordinator,
        given_names=("Xelîl",),
        father_names=("Hesen",),
        family_names=("Qasimî",),
        sex="m",
        birth_year=1960,
        home_place="Sinune",
    ).person
    return str(full.pk), str(namesake.pk)


def test_candidate_ids_rank_by_keys_shared_and_keep_the_limit(users) -> None:
    from safepassage.tracing.services.matching import candidate_ids

    full, namesake = _khalil_and_namesake(users["coordinator"])
    report_person(users["coordinator"], given_names=("Zerdeşt",), family_names=("Mîran",))
    record = PersonDetails(**KHALIL_LATIN).record()
    assert candidate_ids(record) == [full, namesake]  # the stranger shares no key
    assert candidate_ids(record, limit=1) == [full]
    assert candidate_ids(PersonDetails(given_names=("Nobody",)).record()) == []


def test_candidate_ids_skip_merged_persons_and_oversized_blocks(users, monkeypatch) -> None:
    from safepassage.tracing.models import Person
    from safepassage.tracing.services import matching

    full, namesake = _khalil_and_namesake(users["coordinator"])
    record = PersonDetails(**KHALIL_LATIN).record()
    # Keys shared by two persons make a block of two: over a limit of one, it is skipped,
    # and the namesake shares no other key.
    monkeypatch.setattr(matching, "MAX_BLOCK", 1)
    assert matching.candidate_ids(record) == [full]
    monkeypatch.undo()
    # A merged person never comes back, even from keys left behind, nor takes a place.
    Person.objects.filter(pk=full).update(merged_into=namesake)
    assert matching.candidate_ids(record, limit=1) == [namesake]


def test_candidate_ids_within_a_narrower_set(users) -> None:
    from safepassage.tracing.models import Person
    from safepassage.tracing.services.matching import candidate_ids

    _, namesake = _khalil_and_namesake(users["coordinator"])
    record = PersonDetails(**KHALIL_LATIN).record()
    assert candidate_ids(record, within=Person.objects.filter(pk=namesake)) == [namesake]
    assert candidate_ids(record, within=Person.objects.none()) == []


def test_candidates_for_a_coordinator_in_few_statements(
    users, django_assert_max_num_queries
) -> None:
    """Seeing every person, the check ranks, reads the candidates and audits: no filter."""
    coordinator = users["coordinator"]
    full, _ = _khalil_and_namesake(coordinator)
    details = PersonDetails(**KHALIL_ARABIC).record()
    selectors.candidates_for_user(user=coordinator, details=details)  # weights looked up
    # rank, read the candidates; the audit: begin, head, insert, update
    with django_assert_max_num_queries(6):
        found = selectors.candidates_for_user(user=coordinator, details=details)
    assert str(found[0].person.pk) == full
