"""A worker does not keep the names it was asked about: matching's memo lives one request or
one task."""

from __future__ import annotations

import pytest
from django.core.signals import request_finished
from django.test import Client

from safepassage.matching import compare, normalize
from safepassage.tracing import tasks
from safepassage.tracing.apps import forget_names
from safepassage.tracing.tests.conftest import KHALIL_LATIN, report_person

pytestmark = pytest.mark.django_db
FORGET = "safepassage.matching.forget"


def memo_sizes() -> dict[str, int]:
    """How many entries each of matching's memo tables holds."""
    return {
        "latin_fold": normalize.latin_fold.cache_info().currsize,
        "tokens": normalize._tokens_cached.cache_info().currsize,
        "analyse": normalize._analyse.cache_info().currsize,
        "name_value": compare._name_value.cache_info().currsize,
        "interned": len(compare._INTERN),
        "pairs": len(compare._CACHE.pairs),
    }


CHECK = {
    "given_names": "خليل",
    "family_names": "الشنگالي",
    "reporter_name": "Leyla",
    "relationship": "sister",
    "decision": "check",
}


def test_a_match_check_memoises_names_and_the_memo_is_dropped_when_it_has_answered(
    users, client_for
) -> None:
    report_person(users["coordinator"], **KHALIL_LATIN)
    client: Client = client_for("coordinator")
    compare.clear_caches()
    # Without the receiver, the check leaves the names it compared in the memo...
    assert request_finished.disconnect(dispatch_uid=FORGET)
    try:
        assert client.post("/persons/new/", CHECK).status_code == 200
    finally:
        request_finished.connect(forget_names, dispatch_uid=FORGET)
    kept = memo_sizes()
    assert kept["latin_fold"] > 0 and kept["interned"] > 0 and kept["pairs"] > 0
    # ...with it, nothing is left once the page is sent.
    assert client.post("/persons/new/", CHECK).status_code == 200
    assert memo_sizes() == dict.fromkeys(kept, 0)


def test_a_rematch_task_leaves_the_memo_empty(users) -> None:
    person = report_person(users["coordinator"], **KHALIL_LATIN).person
    report_person(users["coordinator"], **{**KHALIL_LATIN, "given_names": "Khaleel"})
    compare.clear_caches()
    result = tasks.rematch_person.enqueue(str(person.pk))
    assert result.status == "SUCCESSFUL"
    assert set(memo_sizes().values()) == {0}


def test_a_search_leaves_the_memo_empty(users, client_for) -> None:
    report_person(users["coordinator"], **KHALIL_LATIN)
    compare.clear_caches()
    response = client_for("coordinator").post("/persons/", {"q": "Xelîl"})
    assert response.status_code == 200
    assert set(memo_sizes().values()) == {0}
