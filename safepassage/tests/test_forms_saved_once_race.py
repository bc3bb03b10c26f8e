"""Two copies of one form sent at the same moment (a double tap) save it once.

The first copy is held inside its transaction, its record saved but its token not yet kept,
until the second copy is on its way: on SQLite the second waits for the first's write lock, on
PostgreSQL it saves too and one of the two keeps the token first. Either way one record
stands, and both answers open it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from safepassage import submissions
from safepassage.accounts.models import Role, User
from safepassage.tests.test_forms_saved_once import CASES, _her, _token
from safepassage.tracing.tests.test_concurrency import (  # noqa: F401  (fixture)
    WAIT,
    _database_with_real_locks,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("kind", ["place", "testimony", "location report"])
def test_two_copies_sent_at_once_save_once(
    kind: str,
    users: dict[str, User],
    client_for: Callable[[str], Client],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    case = CASES[kind]
    records: Any = case.model._default_manager
    url = case.address.format(_her(users[Role.CASEWORKER]).pk)
    first_client = client_for(Role.CASEWORKER)
    second_client = Client()
    second_client.cookies = first_client.cookies  # the same session: one phone, two taps
    form = {**case.form, **case.needs(users)}
    form["submission"] = _token(first_client.get(url).content.decode())

    first_inside = threading.Event()
    second_on_its_way = threading.Event()
    keep = submissions._keep

    def held_keep(key: str, address: str) -> None:
        if threading.current_thread().name == "first" and not first_inside.is_set():
            first_inside.set()
            assert second_on_its_way.wait(WAIT)
            time.sleep(0.5)  # the second copy now waits on the lock, or saves too
        keep(key, address)

    monkeypatch.setattr(submissions, "_keep", held_keep)
    answers: dict[str, Any] = {}

    def send(name: str, client: Client) -> None:
        try:
            if name == "second":
                assert first_inside.wait(WAIT)
                second_on_its_way.set()
            answers[name] = client.post(url, form)
        except Exception as exc:  # the test inspects what each copy got
            answers[name] = exc
        finally:
            connection.close()

    threads = [
        threading.Thread(target=send, args=(name, client), name=name)
        for name, client in (("first", first_client), ("second", second_client))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT * 3)
        assert not thread.is_alive(), f"{thread.name} hangs"

    assert records.count() == 1
    first, second = answers["first"], answers["second"]
    assert not isinstance(first, Exception), first
    assert not isinstance(second, Exception), second
    assert (first.status_code, second.status_code) == (302, 302)
    assert first["Location"] == second["Location"]
    assert first_client.get(first["Location"]).status_code == 200
