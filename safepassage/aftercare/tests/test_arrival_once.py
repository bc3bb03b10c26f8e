"""One arrival per person, even when two receptionists record her at the same moment: each
records on the person as her page showed it, so the check must read her as she is now, under
a lock on her row that the second one waits for."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from safepassage.accounts.models import Role, User
from safepassage.aftercare.models import Arrival
from safepassage.aftercare.tests.factories import arrived, reported_person
from safepassage.tracing.models import Person, PersonStatus, StatusChange

pytestmark = pytest.mark.django_db


def test_the_second_of_two_arrivals_read_before_the_first_is_refused(
    users: dict[str, User],
) -> None:
    coordinator = users[Role.COORDINATOR]
    person = reported_person(coordinator)
    first, second = Person.objects.get(pk=person.pk), Person.objects.get(pk=person.pk)
    arrived(coordinator, first, condition="Tired")
    with pytest.raises(ValidationError, match="already recorded"):
        arrived(coordinator, second, condition="Thirsty")
    assert Arrival.objects.count() == 1
    assert StatusChange.objects.filter(person=person, to_status=PersonStatus.ARRIVED).count() == 1


@pytest.mark.skipif(
    not connection.features.has_select_for_update,
    reason="SQLite has no row locks: a writer holds the whole database",
)
def test_recording_an_arrival_locks_her_row_before_it_checks(users: dict[str, User]) -> None:
    coordinator = users[Role.COORDINATOR]
    person = reported_person(coordinator)
    with CaptureQueriesContext(connection) as captured:
        arrived(coordinator, person)
    sql = [q["sql"] for q in captured.captured_queries]
    locks = [i for i, s in enumerate(sql) if 'FROM "tracing_person"' in s and "FOR UPDATE" in s]
    inserts = [i for i, s in enumerate(sql) if s.startswith('INSERT INTO "aftercare_arrival"')]
    assert locks and inserts and locks[0] < inserts[0]
    assert person.pk.hex in sql[locks[0]].replace("-", "")
