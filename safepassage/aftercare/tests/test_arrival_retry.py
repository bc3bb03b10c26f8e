"""An arrival sent again with the same ``Idempotency-Key`` is recorded once.

Reception's connection drops as often as anyone's: a retried arrival must not enter her a
second time (a new person makes a duplicate to merge later) nor be refused as recorded
already; it gets the first answer. The same key with another body is refused, as on intake.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from safepassage.accounts.models import Role, User
from safepassage.accounts.services import api_token_create
from safepassage.aftercare.models import Arrival
from safepassage.aftercare.tests.factories import reported_person
from safepassage.aftercare.tests.forms import API_ARRIVAL
from safepassage.audit.models import AuditEvent
from safepassage.tests.decoy import ApiPair
from safepassage.tracing.models import Person

pytestmark = pytest.mark.django_db

PATH = "/api/aftercare/arrivals/"
KEY = "5b0f8c7e-93d1-4c2a-8e64-1f7a2d9c0b33"
NEW = {k: v for k, v in API_ARRIVAL.items() if k != "condition"}  # no condition given


def _api(user: User) -> Client:
    _, plain = api_token_create(actor=None, user=user)
    return Client(HTTP_AUTHORIZATION=f"Bearer {plain}")


def _post(client: Client, body: Any, key: str | None = KEY) -> Any:
    headers: dict[str, Any] = {} if key is None else {"HTTP_IDEMPOTENCY_KEY": key}
    return client.post(PATH, body, content_type="application/json", **headers)


def _writes_since(seq: int | None) -> set[str]:
    actions = AuditEvent.objects.filter(seq__gt=seq or 0).values_list("action", flat=True)
    return set(actions) - {"view", "view.list"}


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.CASEWORKER, Role.LIAISON])
def test_a_new_persons_arrival_sent_again_is_recorded_once(
    users: dict[str, User], role: str
) -> None:
    client = _api(users[role])
    first = _post(client, NEW)
    assert first.status_code == 201, first.content
    seq = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first()
    again = _post(client, NEW)
    assert again.status_code == 201, again.content
    assert again.json() == first.json()
    assert Person.objects.count() == 1 and Arrival.objects.count() == 1
    assert _writes_since(seq) == set()


def test_an_arrival_on_a_reported_person_sent_again_answers_the_first(
    users: dict[str, User],
) -> None:
    coordinator = users[Role.COORDINATOR]
    person = reported_person(coordinator)
    client = _api(coordinator)
    body = {"given_names": ["Xelîl"], "person": str(person.pk), **{"arrived_on": "2024-06-01"}}
    body["reception_text"] = "Zakho"
    first = _post(client, body)
    assert first.status_code == 201, first.content
    seq = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first()
    again = _post(client, body)
    assert again.status_code == 201, again.content
    assert again.json() == first.json()
    assert Arrival.objects.count() == 1 and _writes_since(seq) == set()
    # The answer shows her arrival: read as her care page reads it.
    viewed = AuditEvent.objects.filter(seq__gt=seq or 0, action="view")
    assert viewed.filter(object_id=first.json()["id"]).exists()
    # Without the key, a second arrival is the mistake it always was.
    assert _post(client, body, key=None).status_code == 400


def test_the_same_key_on_another_arrival_is_refused_and_writes_nothing(
    users: dict[str, User],
) -> None:
    client = _api(users[Role.CASEWORKER])
    assert _post(client, NEW).status_code == 201
    counts = (Person.objects.count(), Arrival.objects.count(), AuditEvent.objects.count())
    refused = _post(client, {**NEW, "given_names": ["Nareen"]})
    assert refused.status_code == 422, refused.content
    assert "Idempotency-Key" in refused.json()["detail"]
    assert (Person.objects.count(), Arrival.objects.count(), AuditEvent.objects.count()) == counts


def test_without_a_key_each_arrival_enters_her_anew(users: dict[str, User]) -> None:
    client = _api(users[Role.CASEWORKER])
    assert _post(client, NEW, key=None).status_code == 201
    assert _post(client, NEW, key=None).status_code == 201
    assert Person.objects.count() == 2


def test_a_decoys_arrival_sent_again_answers_the_first_as_a_real_one() -> None:
    both = ApiPair.of_role(Role.CASEWORKER)
    headers = {"HTTP_IDEMPOTENCY_KEY": KEY}
    real, answer = both.send("post", PATH, NEW, **headers)
    real_again, answer_again = both.send("post", PATH, NEW, **headers)
    assert real_again.json() == real.json()
    assert answer_again.json() == answer.json()
    refused = both.send("post", PATH, {**NEW, "given_names": ["Nareen"]}, **headers)
    assert [r.status_code for r in refused] == [422, 422]
    real, answer = both.send("get", "/api/persons/")
    assert len(answer.json()) == len(real.json()) == 1


def test_the_schema_offers_the_header(users: dict[str, User]) -> None:
    schema = _api(users[Role.COORDINATOR]).get("/api/schema/?format=json").json()
    names = [p["name"] for p in schema["paths"][PATH]["post"].get("parameters", [])]
    assert "Idempotency-Key" in names
    assert set(schema["paths"][PATH]["post"]["responses"]) >= {"201", "422"}
