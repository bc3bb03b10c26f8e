"""A duress (decoy) session's new persons answer like real saves, open, and write nothing."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.test import Client

from safepassage.accounts.models import Role, User
from safepassage.aftercare.models import Arrival
from safepassage.aftercare.tests.forms import ARRIVAL
from safepassage.audit.models import AuditEvent
from safepassage.conftest import decoy_client, make_user, sign_in
from safepassage.tracing.models import BlockingKey, Person, Report, StatusChange

pytestmark = pytest.mark.django_db

Response = Any  # a test client answer

DURESS = "blue-river-duress-77"
ROLES = [Role.COORDINATOR, Role.CASEWORKER, Role.LIAISON]
REPORT = {
    "given_names": "Nareen",
    "father_names": "Qasim",
    "family_names": "Berani",
    "sex": "f",
    "birth": "2001",
    "reporter_name": "Hadiya",
    "relationship": "sister",
    "knowledge": "Taken from the market road",
}


def _decoy_client(owner: User) -> Client:
    return decoy_client(owner, DURESS)


def _real_client(username: str, role: str) -> Client:
    client = Client()
    sign_in(client, make_user(username, role))
    return client


def _texts(response: Response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _counts() -> dict[str, int]:
    return {
        "persons": Person.objects.count(),
        "reports": Report.objects.count(),
        "status": StatusChange.objects.count(),
        "keys": BlockingKey.objects.count(),
        "arrivals": Arrival.objects.count(),
    }


def _new_person(client: Client, data: dict[str, str]) -> Response:
    checked = client.post("/persons/new/", {**data, "decision": "check"})
    assert checked.status_code == 200
    mark = checked.context["check_mark"]
    answer: Response = client.post("/persons/new/", {**data, "decision": "new", "checked": mark})
    return answer


@pytest.mark.parametrize("role", ROLES)
def test_decoy_new_person_report_answers_like_a_real_save_and_writes_nothing(role: str) -> None:
    real_answer = _new_person(_real_client("real-one", role), REPORT)
    assert real_answer.status_code == 302
    assert re.fullmatch(r"/persons/[0-9a-f-]{36}/", real_answer["Location"])
    before = _counts()

    decoy = _decoy_client(make_user("watched", role))
    signed_in = AuditEvent.objects.count()
    answer = _new_person(decoy, REPORT)
    assert answer.status_code == real_answer.status_code
    assert _texts(answer) == _texts(real_answer) == ["New person entered."]
    location = answer["Location"]
    assert re.fullmatch(r"/persons/[0-9a-f-]{36}/", location)
    assert location != real_answer["Location"]
    assert _counts() == before
    assert not AuditEvent.objects.filter(action="create", seq__gt=signed_in).exists()

    # Her page opens, with her names and the report as typed, as a fresh real one does.
    page = decoy.get(location)
    assert page.status_code == 200
    html = page.content.decode()
    for typed in ("Nareen", "Qasim", "Berani", "Hadiya", "sister", "Taken from the market road"):
        assert typed in html
    assert "Nareen" in decoy.get("/persons/").content.decode()
    assert "Nareen" in decoy.post("/persons/", {"q": "nareen"}).content.decode()
    assert "Persons (1)" in decoy.get("/").content.decode()
    # Another session finds nothing there.
    other = _decoy_client(make_user("watched-too", role))
    assert other.get(location).status_code == 404
    assert "Nareen" not in other.get("/persons/").content.decode()
    assert _counts() == before


def _new_person_tapped_twice(client: Client, data: dict[str, str]) -> tuple[Response, Response]:
    checked = client.post("/persons/new/", {**data, "decision": "check"})
    posted = {**data, "decision": "new", "checked": checked.context["check_mark"]}
    return client.post("/persons/new/", posted), client.post("/persons/new/", posted)


@pytest.mark.parametrize("role", ROLES)
def test_decoy_new_person_tapped_twice_answers_like_a_real_save(role: str) -> None:
    real = _real_client("real-one", role)
    real_first, real_second = _new_person_tapped_twice(real, REPORT)
    before = _counts()
    decoy = _decoy_client(make_user("watched", role))
    first, second = _new_person_tapped_twice(decoy, REPORT)
    # As for a real account: the second tap leads to the person the first made, saying so.
    for answer, real_answer in ((first, real_first), (second, real_second)):
        assert answer.status_code == real_answer.status_code == 302
        assert _texts(answer) == _texts(real_answer)
    assert _texts(second)[-1] == "This report was already saved. It was not saved again."
    assert real_second["Location"] == real_first["Location"]
    assert second["Location"] == first["Location"] != real_first["Location"]
    assert decoy.get(first["Location"]).status_code == 200
    assert "Persons (1)" in decoy.get("/").content.decode()
    assert _counts() == before


@pytest.mark.parametrize("role", ROLES)
def test_decoy_bad_report_gets_the_real_errors(role: str) -> None:
    bad = {**REPORT, "reporter_name": "", "decision": "new", "checked": "1"}
    real_answer = _real_client("real-one", role).post("/persons/new/", bad)
    decoy_answer = _decoy_client(make_user("watched", role)).post("/persons/new/", bad)
    assert decoy_answer.status_code == real_answer.status_code == 422
    assert "This field is required." in decoy_answer.content.decode()
    assert Person.objects.count() == 0


@pytest.mark.parametrize("role", ROLES)
def test_decoy_arrival_case_page_opens_and_is_listed(role: str) -> None:
    decoy = _decoy_client(make_user("watched", role))
    assert decoy.post("/aftercare/arrival/", {**ARRIVAL, "decision": "check"}).status_code == 200
    answer = decoy.post("/aftercare/arrival/", {**ARRIVAL, "decision": "new", "checked": "1"})
    assert answer.status_code == 302
    person_id = answer["Location"].rstrip("/").rsplit("/", 1)[-1]
    care = decoy.get(answer["Location"]).content.decode()
    assert f'href="/persons/{person_id}/"' in care
    page = decoy.get(f"/persons/{person_id}/")
    assert page.status_code == 200 and "Leyla" in page.content.decode()
    assert "Leyla" in decoy.get("/persons/").content.decode()
    assert "Leyla" in decoy.get("/persons/?status=arrived").content.decode()
    assert Person.objects.count() == 0 and Arrival.objects.count() == 0


def _links(html: str) -> list[str]:
    return re.findall(r'<a href="(/[^"]*)"', html)


@pytest.mark.parametrize("role", ROLES)
def test_decoy_dashboard_has_the_real_sections_with_nothing_in_them(role: str) -> None:
    real = _real_client("real-one", role)
    decoy = _decoy_client(make_user("watched", role))
    real_page, decoy_page = real.get("/"), decoy.get("/")
    assert decoy_page.status_code == real_page.status_code == 200
    real_links, decoy_links = (
        _links(real_page.content.decode()),
        _links(decoy_page.content.decode()),
    )
    assert decoy_links == real_links
    html = decoy_page.content.decode()
    assert "Persons (0)" in html and "My follow-ups (0 overdue)" in html
    for section in ("Members", "Holders", "Incidents", "Record an arrival", "New report"):
        assert section in html
    # Every entry opens for the decoy as it does for the real account.
    for link in dict.fromkeys(decoy_links):
        if link.startswith("/accounts/logout"):
            continue
        assert decoy.get(link).status_code == real.get(link).status_code, link


def test_decoy_report_on_its_own_person_is_added_as_a_real_one() -> None:
    """The intake's "same person" on its pretend person: added to her, as a real save."""
    second = {**REPORT, "reporter_name": "Leyla", "relationship": "aunt"}
    answers = []
    decoy = _decoy_client(make_user("watched", Role.CASEWORKER))
    for client in (_real_client("real-one", Role.CASEWORKER), decoy):
        her = _new_person(client, REPORT)["Location"]
        checked = client.post("/persons/new/", {**second, "decision": "check"})
        before = _counts()
        answer = client.post(
            "/persons/new/",
            {
                **second,
                "decision": "attach:" + her.split("/")[2],
                "checked": checked.context["check_mark"],
            },
        )
        answers.append((answer, her, _counts() == before))
    (real, real_her, _), (pretend, pretend_her, nothing_written) = answers
    assert real.status_code == pretend.status_code == 302
    assert (real["Location"], pretend["Location"]) == (real_her, pretend_her)
    assert _texts(pretend) == _texts(real) == ["Report added to the existing person."]
    assert nothing_written
    page = decoy.get(pretend_her).content.decode()
    assert "Hadiya" in page and "Leyla" in page
