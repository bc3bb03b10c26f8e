"""The queue and the request page name the person, linked to her page, on need-to-know."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from safepassage.accounts.models import Role, User
from safepassage.accounts.services import grant_create
from safepassage.audit.models import AuditEvent
from safepassage.verification.tests.factories import make_contact, make_person, make_request

pytestmark = pytest.mark.django_db
NAME = "Gulîzar"


@pytest.fixture
def request_id(users: dict[str, User]) -> str:
    person = make_person(given_names=[NAME])
    call = make_contact(person, auth_outcome="failed")
    return str(make_request(users[Role.COORDINATOR], person, contacts=[call]).pk)


def test_coordinator_sees_her_name_and_link_in_queue_and_request(
    request_id: str, client_for: Callable[[str], Client]
) -> None:
    client = client_for(Role.COORDINATOR)
    queue = client.get("/verification/").content.decode()
    detail = client.get(f"/verification/requests/{request_id}/").content.decode()
    from safepassage.verification.models import RescueRequest

    person_id = RescueRequest.objects.get(pk=request_id).person_id
    for page in (queue, detail):
        assert NAME in page
        assert f'href="/persons/{person_id}/"' in page
    assert 'id="person"' in detail
    shown = AuditEvent.objects.filter(action="view", object_id=str(person_id))
    assert shown.count() >= 2  # once for the queue, once for the request page


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.LIAISON])
def test_request_granted_without_her_record_hides_her_name(
    role: str,
    request_id: str,
    users: dict[str, User],
    client_for: Callable[[str], Client],
) -> None:
    from safepassage.verification.models import RescueRequest

    rescue = RescueRequest.objects.get(pk=request_id)
    client = client_for(role)
    assert client.get(f"/verification/requests/{request_id}/").status_code == 404

    grant_create(actor=users[Role.COORDINATOR], user=users[role], obj=rescue)
    page = client.get(f"/verification/requests/{request_id}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert NAME not in html and 'id="person"' not in html
    assert f'href="/persons/{rescue.person_id}/"' not in html

    grant_create(actor=users[Role.COORDINATOR], user=users[role], obj=rescue.person)
    html = client.get(f"/verification/requests/{request_id}/").content.decode()
    assert NAME in html and 'id="person"' in html
