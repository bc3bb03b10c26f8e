"""Intake: one check saves one report, however often "save" is tapped.

On a slow link a caseworker taps "new person" (or "same person") again before the first
answer comes; both posts carry the same mark of the check. The first saves; the second
writes nothing and leads to what the first made, saying so.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.test import Client

from safepassage.audit.models import AuditEvent
from safepassage.tracing.keys import PersonDetails
from safepassage.tracing.models import BlockingKey, Person, PhoneSighting, Report
from safepassage.tracing.services import IntakeAlreadySaved, ReportDetails, intake_submit
from safepassage.tracing.tests.conftest import KHALIL_LATIN, check_mark, report_person

pytestmark = pytest.mark.django_db
Response = Any  # a test client answer

ALREADY = "This report was already saved. It was not saved again."
UNKNOWN = {
    "given_names": "Qwertyuiop",
    "sex": "f",
    "reporter_name": "Leyla",
    "relationship": "sister",
    "reporter_phones": "+964 750 123 4567",
}
# The same woman as KHALIL_LATIN, in Arabic script: the check finds her.
KNOWN = {
    **UNKNOWN,
    "given_names": "خليل",
    "father_names": "حسن",
    "family_names": "الشنگالي",
    "birth": "1998",
}


def _texts(response: Response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _written() -> dict[str, int]:
    return {
        "persons": Person.objects.count(),
        "reports": Report.objects.count(),
        "keys": BlockingKey.objects.count(),
        "sightings": PhoneSighting.objects.count(),
        "audit": AuditEvent.objects.exclude(action__startswith="view").count(),
    }


def _save_twice(client: Client, data: dict[str, str], decision: str) -> tuple[Response, Response]:
    shown = client.post("/persons/new/", {**data, "decision": "check"})
    assert shown.status_code == 200
    posted = {**data, "decision": decision, "checked": check_mark(shown)}
    first = client.post("/persons/new/", posted)
    assert first.status_code == 302
    return first, client.post("/persons/new/", posted)


def test_new_person_tapped_twice_enters_her_once(client_for) -> None:
    client = client_for("caseworker")
    first, second = _save_twice(client, UNKNOWN, "new")
    assert _texts(first) == ["New person entered."]
    person = Person.objects.get()
    assert first["Location"] == f"/persons/{person.pk}/"
    # The second tap saved nothing and leads to her page, saying why.
    assert second.status_code == 302 and second["Location"] == first["Location"]
    assert _texts(second)[-1] == ALREADY
    assert Report.objects.count() == 1
    assert ALREADY in client.get(second["Location"]).content.decode()


def test_same_person_tapped_twice_attaches_the_report_once(users, client_for) -> None:
    stored = report_person(users["coordinator"], **KHALIL_LATIN).person
    client = client_for("coordinator")
    first, _ = _save_twice(client, KNOWN, f"attach:{stored.pk}")
    after_first = _written()
    stored.refresh_from_db()
    version = stored.version
    shown = client.post("/persons/new/", {**KNOWN, "decision": "check"})
    # A third and a fourth tap on one check: still one report, nothing written at all.
    posted = {**KNOWN, "decision": f"attach:{stored.pk}", "checked": check_mark(shown)}
    assert client.post("/persons/new/", posted).status_code == 302
    after_third = _written()
    again = client.post("/persons/new/", posted)
    assert again.status_code == 302 and again["Location"] == first["Location"]
    assert _texts(again)[-1] == ALREADY
    assert _written() == after_third
    assert after_third["reports"] == after_first["reports"] + 1  # the new check saved once
    assert stored.reports.count() == 3
    stored.refresh_from_db()
    assert stored.version == version  # her spellings were added once, by the first save


def test_the_second_tap_writes_nothing(client_for) -> None:
    client = client_for("caseworker")
    shown = client.post("/persons/new/", {**UNKNOWN, "decision": "check"})
    posted = {**UNKNOWN, "decision": "new", "checked": check_mark(shown)}
    client.post("/persons/new/", posted)
    before = _written()
    for decision in ("new", f"attach:{Person.objects.get().pk}"):
        answer = client.post("/persons/new/", {**posted, "decision": decision})
        assert answer.status_code == 302 and _texts(answer)[-1] == ALREADY
    assert _written() == before


def test_details_changed_after_a_save_are_a_new_report(client_for) -> None:
    client = client_for("caseworker")
    shown = client.post("/persons/new/", {**UNKNOWN, "decision": "check"})
    mark = check_mark(shown)
    client.post("/persons/new/", {**UNKNOWN, "decision": "new", "checked": mark})
    # Back to the page of that check, another woman typed in: matched against no one, saved.
    other = {**UNKNOWN, "given_names": "Asdfghjkl"}
    answer = client.post("/persons/new/", {**other, "decision": "new", "checked": mark})
    assert answer.status_code == 302 and _texts(answer)[-1] == "New person entered."
    assert Person.objects.count() == 2


def _report() -> ReportDetails:
    return ReportDetails(
        reporter_name="Nadia", relationship="sister", reported_on=datetime.date(2024, 3, 1)
    )


def test_the_service_saves_one_check_once_for_one_user(users) -> None:
    details = PersonDetails(**KHALIL_LATIN)
    first = intake_submit(actor=users["coordinator"], details=details, report=_report(), once="n1")
    with pytest.raises(IntakeAlreadySaved) as refused:
        intake_submit(actor=users["coordinator"], details=details, report=_report(), once="n1")
    assert refused.value.person_id == first.person_id
    with pytest.raises(IntakeAlreadySaved):
        intake_submit(
            actor=users["coordinator"],
            details=details,
            report=_report(),
            once="n1",
            attach_to=first.person,
        )
    assert Report.objects.count() == 1
    # Another check, another user, or without a check (imports, tests): saved.
    intake_submit(actor=users["coordinator"], details=details, report=_report(), once="n2")
    intake_submit(actor=users["caseworker"], details=details, report=_report(), once="n1")
    intake_submit(actor=users["coordinator"], details=details, report=_report())
    intake_submit(actor=users["coordinator"], details=details, report=_report())
    assert Report.objects.count() == 5
