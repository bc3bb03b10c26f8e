"""The operations API: the same services and rules as the pages."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from safepassage.accounts.models import Role, User
from safepassage.conftest import sign_in
from safepassage.operations import clock
from safepassage.operations.models import Alert
from safepassage.operations.tests.factories import (
    CODE,
    DURESS,
    START,
    clear,
    make_member,
    make_person,
    make_place,
    make_request,
    underway,
)

pytestmark = pytest.mark.django_db


def test_plan_approve_start_check_in_and_end_over_the_api(
    users: dict[str, User], second_coordinator: User, client_for: Callable[[str], Client]
) -> None:
    coordinator = users["coordinator"]
    api = client_for(Role.COORDINATOR)
    created = api.post(
        "/api/operations/",
        {"codename": "Basil", "check_in_code": CODE, "duress_code": DURESS},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    op = created.json()["id"]
    request = make_request(coordinator, make_person(coordinator))
    member = make_member(coordinator, "basil-lead", user=users["field"])
    places = [make_place(coordinator, "P1"), make_place(coordinator, "P2", kind="crossing")]

    def post(path: str, data: dict[str, object]) -> Any:
        return api.post(f"/api/operations/{op}/{path}/", data, content_type="application/json")

    assert post("persons", {"rescue_request": str(request.pk)}).status_code == 201
    assert post("team", {"member": str(member.pk), "role": "lead"}).status_code == 201
    for i, place in enumerate(places):
        answer = post(
            "waypoints",
            {
                "kind": "pickup",
                "place": str(place.pk),
                "planned_arrival": f"2026-03-0{i + 2}T08:00:00Z",
            },
        )
        assert answer.status_code == 201
    bad = post("supplies", {"kind": "water", "quantity": 2, "carried_by": str(request.pk)})
    assert bad.status_code == 400 and "carried_by" in bad.json()
    assert post("supplies", {"kind": "water", "quantity": 2}).status_code == 201
    assert post("approve", {}).status_code == 200
    clear(request, [coordinator, second_coordinator])
    started = post("start", {})
    assert started.status_code == 200 and started.json()["operation"]["status"] == "underway"

    field = Client()
    sign_in(field, users["field"])
    listing = field.get("/api/field/operations/").json()
    assert [o["codename"] for o in listing] == ["Basil"]
    ok = field.post(
        f"/api/field/operations/{op}/check-in/",
        {"pressed": "ok", "code": CODE},
        content_type="application/json",
    )
    duress = field.post(
        f"/api/field/operations/{op}/check-in/",
        {"pressed": "ok", "code": DURESS},
        content_type="application/json",
    )
    assert (
        (ok.status_code, ok.content)
        == (duress.status_code, duress.content)
        == (201, b'{"received":true}')
    )
    log = api.get(f"/api/operations/{op}/check-ins/").json()
    assert sorted(c["status"] for c in log) == ["duress", "ok"]

    team_member = started.json()["team"][0]["id"]
    ended = post(
        "end",
        {
            "status": "completed",
            "notes": "Safe.",
            "brought_out": [str(request.person_id)],
            "member_outcomes": {team_member: "unharmed"},
        },
    )
    assert ended.status_code == 200 and ended.json()["operation"]["status"] == "completed"
    assert post("start", {}).status_code == 400


def test_errors_are_messages_and_roles_are_checked(
    users: dict[str, User], second_coordinator: User, client_for: Callable[[str], Client]
) -> None:
    with clock.frozen_at(START):
        world = underway(users["coordinator"], second_coordinator, users["field"])
    api = client_for(Role.COORDINATOR)
    answer = api.post(
        f"/api/operations/{world.operation.pk}/end/",
        {"status": "won", "notes": ""},
        content_type="application/json",
    )
    assert answer.status_code == 400
    relay = api.post(
        f"/api/operations/{world.operation.pk}/check-ins/",
        {"pressed": "ok", "code": CODE},
        content_type="application/json",
    )
    assert relay.status_code == 400 and "team_member" in relay.json()
    with clock.frozen_at(START + datetime.timedelta(minutes=5)):
        relay = api.post(
            f"/api/operations/{world.operation.pk}/check-ins/",
            {"pressed": "ok", "code": CODE, "team_member": str(world.lead.pk)},
            content_type="application/json",
        )
    assert relay.status_code == 201
    for role in (Role.CASEWORKER, Role.ANALYST, Role.FIELD):
        client = client_for(role)
        assert client.get("/api/operations/").status_code == 404
        assert client.get(f"/api/operations/{world.operation.pk}/").status_code == 404
    assert client_for(Role.CASEWORKER).get("/api/field/operations/").status_code == 404
    with clock.frozen_at(START + datetime.timedelta(hours=2, minutes=5)):
        from safepassage.operations.services import deadlines_check

        deadlines_check()
    detail = api.get(f"/api/operations/{world.operation.pk}/").json()
    assert "overdue" in [a["kind"] for a in detail["alerts"]]
    assert Alert.objects.filter(kind="overdue").count() == 1
