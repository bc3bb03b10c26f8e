"""Two editors save the same person at the same moment: one wins, the other is told, and
nothing is lost.

Real threads, each on its own database connection, and committed transactions, against the
real locking of PostgreSQL or of SQLite in a file. In the first test the winning editor pauses
inside its transaction, after the version check and before its commit, until the other editor
is on its way to the same row: without the row lock the second would read the old version,
pass the check and overwrite the first editor's change.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.backends.sqlite3.base import DatabaseWrapper as SQLiteDatabase
from django.test import Client

from safepassage.accounts.models import User
from safepassage.accounts.services import api_token_create, grant_create
from safepassage.audit.models import AuditEvent
from safepassage.concurrency import EditConflict
from safepassage.conftest import sign_in
from safepassage.tracing.keys import PersonDetails
from safepassage.tracing.keys import keys_refresh as original_keys_refresh
from safepassage.tracing.models import Person, PersonLink, Report
from safepassage.tracing.services import (
    IntakeAlreadySaved,
    ReportDetails,
    intake_submit,
    person_link_create,
    person_update,
)
from safepassage.tracing.services import persons as persons_module
from safepassage.tracing.tests.conftest import KHALIL_LATIN, check_mark, report_person

pytestmark = pytest.mark.django_db(transaction=True)
WAIT = 10  # seconds; generous for a loaded machine, never reached when all is well


@pytest.fixture(autouse=True)
def _database_with_real_locks(tmp_path: Path) -> Iterator[None]:
    """On the suite's in-memory SQLite, run the test on a file copy of it instead.

    Connections to one in-memory database share a cache that answers "table is locked" at
    once rather than waiting for the lock: a test-harness artefact (an instance keeps SQLite
    in a file, in WAL mode, where a second writer waits). So the test database is copied into
    a file and every connection of this test, in every thread, opens that file.
    """
    memory = connections[DEFAULT_DB_ALIAS]
    if not isinstance(memory, SQLiteDatabase) or not memory.is_in_memory_db():
        yield
        return
    memory.ensure_connection()
    path = tmp_path / "race.sqlite3"
    copy = sqlite3.connect(path)
    memory.connection.backup(copy)
    copy.close()
    settings_dict = memory.settings_dict  # the very dict new threads build connections from
    name = settings_dict["NAME"]
    settings_dict["NAME"] = str(path)
    on_file = type(memory)(settings_dict, DEFAULT_DB_ALIAS)
    connections[DEFAULT_DB_ALIAS] = on_file
    try:
        yield
    finally:
        on_file.close()
        settings_dict["NAME"] = name
        connections[DEFAULT_DB_ALIAS] = memory  # still open: the in-memory database lives on


def _run(*jobs: tuple[str, Callable[[], Any]]) -> dict[str, Any]:
    """Run each job in its own thread (own connection); collect results or exceptions."""
    results: dict[str, Any] = {}

    def work(name: str, job: Callable[[], Any]) -> None:
        try:
            results[name] = job()
        except Exception as exc:  # the test inspects what each editor got
            results[name] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=job, name=job[0]) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT * 3)
        assert not thread.is_alive(), f"{thread.name} hangs"
    return results


@dataclass
class Pause:
    """The editor named "first" stops inside its transaction (row locked, version checked,
    its values not yet committed) until the other editor says it is on its way."""

    first_inside: threading.Event = field(default_factory=threading.Event)
    second_on_its_way: threading.Event = field(default_factory=threading.Event)

    def second_goes(self) -> None:
        """Called by the second editor: wait until the first holds the lock, then go."""
        assert self.first_inside.wait(WAIT)
        self.second_on_its_way.set()


@pytest.fixture
def pause(monkeypatch: pytest.MonkeyPatch) -> Pause:
    held = Pause()

    def keys_refresh(person: Person, **how: Any) -> None:  # after the check, before the commit
        if threading.current_thread().name == "first" and not held.first_inside.is_set():
            held.first_inside.set()
            assert held.second_on_its_way.wait(WAIT)
            time.sleep(0.5)  # the second editor now waits on the row lock
        original_keys_refresh(person, **how)

    monkeypatch.setattr(persons_module, "keys_refresh", keys_refresh)
    return held


def _editors(users: dict[str, User]) -> tuple[User, User, Person]:
    person = report_person(users["coordinator"], **KHALIL_LATIN).person
    grant_create(actor=None, user=users["caseworker"], obj=person)
    return users["coordinator"], users["caseworker"], person


def _assert_one_won(person: Person, winner: dict[str, Any], loser: dict[str, Any]) -> None:
    person.refresh_from_db()
    assert person.version == 2
    for name, value in winner.items():
        assert getattr(person, name) == value, name
    for name, value in loser.items():
        assert getattr(person, name) != value, name
    updates = AuditEvent.objects.filter(action="update", object_id=str(person.pk))
    assert updates.count() == 1  # one write happened, one was refused and left no trace


def test_two_editors_from_the_same_version_in_services(users, pause: Pause) -> None:
    coordinator, caseworker, person = _editors(users)
    base = PersonDetails.of(person)
    mine = PersonDetails(**{**base.__dict__, "home_place": "Tel Ezer", "community": "Yazidi"})
    theirs = PersonDetails(**{**base.__dict__, "home_place": "Sinjar", "sex": "m"})

    def second() -> Person:
        pause.second_goes()
        stale = Person.objects.get(pk=person.pk)
        assert stale.version == 1  # read while the first save is not yet committed
        return person_update(actor=caseworker, person=stale, details=theirs, expected_version=1)

    results = _run(
        (
            "first",
            lambda: person_update(
                actor=coordinator,
                person=Person.objects.get(pk=person.pk),
                details=mine,
                expected_version=1,
            ),
        ),
        ("second", second),
    )
    assert isinstance(results["first"], Person), results
    assert isinstance(results["second"], EditConflict), results
    assert results["second"].current_version == 2
    _assert_one_won(
        person, {"home_place": "Tel Ezer", "community": "Yazidi", "sex": "f"}, {"sex": "m"}
    )


def test_two_api_clients_from_the_same_etag(users, pause: Pause) -> None:
    coordinator, caseworker, person = _editors(users)
    clients = {}
    for name, user in (("first", coordinator), ("second", caseworker)):
        _, token = api_token_create(actor=None, user=user)
        clients[name] = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    etag = clients["second"].get(f"/api/persons/{person.pk}/")["ETag"]

    def put(name: str, body: dict[str, Any]) -> Any:
        if name == "second":
            pause.second_goes()
        return clients[name].patch(
            f"/api/persons/{person.pk}/",
            body,
            content_type="application/json",
            headers={"If-Match": etag},
        )

    results = _run(
        ("first", lambda: put("first", {"home_place": "Tel Ezer"})),
        ("second", lambda: put("second", {"home_place": "Sinjar", "community": "Yazidi"})),
    )
    assert results["first"].status_code == 200, results["first"].content
    assert results["second"].status_code == 409, results["second"].content
    assert results["second"].json()["current_version"] == 2
    _assert_one_won(person, {"home_place": "Tel Ezer"}, {"community": "Yazidi"})


def test_many_editors_at_once_exactly_one_wins(users) -> None:
    """No pause this time: four editors released together from the same version."""
    coordinator, _, person = _editors(users)
    start = threading.Barrier(4)

    def edit(place: str) -> Callable[[], Person]:
        def job() -> Person:
            stale = Person.objects.get(pk=person.pk)
            details = PersonDetails(**{**PersonDetails.of(stale).__dict__, "home_place": place})
            start.wait(WAIT)
            return person_update(
                actor=coordinator, person=stale, details=details, expected_version=1
            )

        return job

    places = ["Tel Ezer", "Sinjar", "Kocho village", "Dohuk"]
    results = _run(*((place, edit(place)) for place in places))
    won = [place for place, result in results.items() if isinstance(result, Person)]
    refused = [place for place, result in results.items() if isinstance(result, EditConflict)]
    assert len(won) == 1 and len(refused) == 3, results
    _assert_one_won(person, {"home_place": won[0]}, {"home_place": refused[0]})


# --- one intake check, saved twice at the same moment ----------------------------------------
# A caseworker on a slow link taps "new person" twice: two posts with the same mark of the
# check reach two server workers at once. The first pauses inside its transaction (her row
# written, her report not yet) while the second goes through; whichever order the database
# then takes them in, one person and one report are saved, and both answers lead to her.


def test_new_person_saved_twice_at_once_in_services(users, pause: Pause) -> None:
    details = PersonDetails(**KHALIL_LATIN)
    report = ReportDetails(reporter_name="Nadia", relationship="sister")

    def save(name: str) -> Any:
        if name == "second":
            pause.second_goes()
        return intake_submit(actor=users["caseworker"], details=details, report=report, once="n")

    results = _run(("first", lambda: save("first")), ("second", lambda: save("second")))
    saved = [r for r in results.values() if isinstance(r, Report)]
    refused = [r for r in results.values() if isinstance(r, IntakeAlreadySaved)]
    assert len(saved) == 1 and len(refused) == 1, results
    assert refused[0].person_id == saved[0].person_id
    assert Person.objects.get().pk == saved[0].person_id
    assert Report.objects.count() == 1
    created = AuditEvent.objects.filter(action="create")
    assert created.filter(object_type="tracing.Person").count() == 1
    assert created.filter(object_type="tracing.Report").count() == 1


def test_new_person_posted_twice_at_once_from_the_page(users, pause: Pause) -> None:
    first = Client()
    sign_in(first, users["caseworker"])
    second = Client()
    second.cookies.load(first.cookies)  # the same session: the page posted twice
    data = {"given_names": "Qwertyuiop", "sex": "f", "reporter_name": "Leyla"}
    shown = first.post("/persons/new/", {**data, "decision": "check"})
    posted = {**data, "decision": "new", "checked": check_mark(shown)}

    def post(name: str) -> Any:
        if name == "second":
            pause.second_goes()
        return (first if name == "first" else second).post("/persons/new/", posted)

    results = _run(("first", lambda: post("first")), ("second", lambda: post("second")))
    person = Person.objects.get()
    for answer in results.values():
        assert answer.status_code == 302, answer
        assert answer["Location"] == f"/persons/{person.pk}/"
    assert Report.objects.count() == 1


def test_the_same_link_saved_twice_at_once(users, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two writers link the same pair at once: one link, and the other is told it exists
    (not a database error for the unique pair)."""
    actor = users["coordinator"]
    person = report_person(actor, **KHALIL_LATIN).person
    sister = report_person(actor, given_names=("Roza",), father_names=("Xelîl",)).person
    held = Pause()
    original_check = persons_module.person_link_check

    def check(**kwargs: Any) -> None:  # the first passes its check, then holds
        original_check(**kwargs)
        if threading.current_thread().name == "first":
            held.first_inside.set()
            assert held.second_on_its_way.wait(WAIT)
            time.sleep(0.5)  # the second now checks too

    monkeypatch.setattr(persons_module, "person_link_check", check)

    def link(name: str) -> Any:
        if name == "second":
            held.second_goes()
        return person_link_create(actor=actor, person=person, other=sister, kind="sister")

    results = _run(("first", lambda: link("first")), ("second", lambda: link("second")))
    assert isinstance(results["first"], PersonLink), results
    refused = results["second"]
    assert isinstance(refused, ValidationError), results
    assert refused.messages == ["These two are already linked."]
    assert PersonLink.objects.count() == 1
