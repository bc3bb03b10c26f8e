"""The operation and field pages and the API: clear errors, ids that do not collide, a closed
request's pick-up hidden from the team, the field member's operations on the dashboard."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client

from safepassage.accounts.models import User
from safepassage.conftest import sign_in
from safepassage.operations import clock, services
from safepassage.operations.models import CheckIn
from safepassage.operations.tests.factories import (
    CODE,
    START,
    World,
    clear,
    make_member,
    plan_operation,
    underway,
)
from safepassage.verification.services import request_close

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(users: dict[str, User], second_coordinator: User) -> World:
    with clock.frozen_at(START):
        return underway(users["coordinator"], second_coordinator, users["field"])


def _field_client(world: World) -> Client:
    client = Client()
    sign_in(client, world.field_user)
    return client


def _ids(html: str) -> list[str]:
    return re.findall(r'\sid="([^"]+)"', html)


def test_the_plan_page_has_unique_ids_and_labels_point_at_fields(
    users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    operation, *_rest = plan_operation(users["coordinator"], None, codename="Juniper")
    html = client_for("coordinator").get(f"/operations/{operation.pk}/").content.decode()
    ids = _ids(html)
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    for target in re.findall(r'<label for="([^"]+)"', html):
        assert target in ids, target
    # The code hint shows once a code is set; on the new-operation page there is none yet.
    assert "Leave empty to keep the code already set." in html
    create = client_for("coordinator").get("/operations/new/").content.decode()
    assert "Leave empty to keep the code already set." not in create


def test_the_plan_page_offers_neither_busy_persons_nor_busy_members(
    world: World, client_for: Callable[[str], Client]
) -> None:
    free = make_member(world.coordinator, "free-driver")
    alpha = services.operation_create(actor=world.coordinator, codename="Alpha")
    html = client_for("coordinator").get(f"/operations/{alpha.pk}/").content.decode()
    # The choices of the plan's drop-downs (an open alert may still link to the request).
    assert f'value="{free.pk}"' in html
    assert f'value="{world.member.pk}"' not in html
    assert f'value="{world.request.pk}"' not in html
    # Posting them anyway is refused with a message, and nothing is added.
    client = client_for("coordinator")
    answer = client.post(
        f"/operations/{alpha.pk}/plan/person/", {"rescue_request": world.request.pk}, follow=True
    )
    assert "already on operation Olive" in answer.content.decode()
    answer = client.post(
        f"/operations/{alpha.pk}/plan/team/",
        {"member": world.member.pk, "role": "lead"},
        follow=True,
    )
    assert "is on operation Olive" in answer.content.decode()
    assert not alpha.persons.exists() and not alpha.team.exists()


def test_a_whitespace_code_on_the_page_is_refused(client_for: Callable[[str], Client]) -> None:
    answer = client_for("coordinator").post(
        "/operations/new/",
        {
            "codename": "Laurel",
            "channel": "web",
            "check_in_interval_minutes": 60,
            "grace_minutes": 15,
            "check_in_code": "     ",
            "duress_code": "red kite",
        },
    )
    assert answer.status_code == 422
    assert "cannot be only spaces" in answer.content.decode()


def test_a_waypoint_in_year_9999_is_refused_on_the_page(
    users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    operation, _request, _member, _lead, places = plan_operation(
        users["coordinator"], None, codename="Maple"
    )
    answer = client_for("coordinator").post(
        f"/operations/{operation.pk}/plan/waypoint/",
        {
            "kind": "other",
            "place": places[0].pk,
            "planned_arrival": "9999-12-01T08:00",
            "transport": "foot",
        },
        follow=True,
    )
    assert "more than a year ahead" in answer.content.decode()
    assert operation.waypoints.count() == 3


def test_a_long_position_gets_a_length_error(world: World) -> None:
    answer = _field_client(world).post(
        f"/field/{world.operation.pk}/", {"pressed": "ok", "code": CODE, "position": "x" * 201}
    )
    assert answer.status_code == 422
    text = answer.content.decode()
    assert "A position has at most 200 characters." in text
    assert "Press OK, delayed or danger." not in text
    assert not CheckIn.objects.exists()


def test_the_field_page_isolates_names_and_dates(world: World) -> None:
    html = _field_client(world).get(f"/field/{world.operation.pk}/").content.decode()
    assert f"<bdi>{world.places[0].name}</bdi>" in html
    assert re.search(r'<time datetime="[^"]+" dir="ltr">\d{4}-\d\d-\d\d \d\d:\d\d</time>', html)


def test_the_field_members_dashboard_links_their_operation(world: World) -> None:
    html = _field_client(world).get("/").content.decode()
    assert f"/field/{world.operation.pk}/" in html
    assert "Nothing is assigned to you yet." not in html


def test_a_closed_request_hides_the_pick_up_from_the_team(
    users: dict[str, User], second_coordinator: User
) -> None:
    coordinator = users["coordinator"]
    operation, request, _member, _lead, _places = plan_operation(coordinator, users["field"])
    clear(request, [coordinator, second_coordinator])
    services.operation_approve(actor=coordinator, operation=operation)
    field = Client()
    sign_in(field, users["field"])
    assert field.get(f"/field/{operation.pk}/").status_code == 200
    request_close(actor=coordinator, request=request, reason="A trap.")
    # Approved and closed: it cannot start, and the team no longer sees it at all.
    assert field.get(f"/field/{operation.pk}/").status_code == 404
    assert field.get(f"/api/field/operations/{operation.pk}/").status_code == 404
    assert str(operation.pk) not in field.get("/field/").content.decode()


def test_a_request_closed_while_underway_hides_its_pick_up(world: World) -> None:
    request_close(actor=world.coordinator, request=world.request, reason="A trap.")
    client = _field_client(world)
    html = client.get(f"/field/{world.operation.pk}/").content.decode()
    pickup = world.places[0].name
    assert pickup not in html and "Knock twice" not in html
    assert "Do not go to its pick-up" in html
    api = client.get(f"/api/field/operations/{world.operation.pk}/").json()
    assert [w["kind"] for w in api["waypoints"]] == ["crossing", "reception"]
    assert api["persons"] == []


# --- API -----------------------------------------------------------------------------------


def test_api_bad_and_unknown_ids_answer_json_404(client_for: Callable[[str], Client]) -> None:
    client = client_for("coordinator")
    for path in (
        "/api/operations/not-an-id/",
        "/api/operations/00000000-0000-0000-0000-000000000000/",
        "/api/operations/not-an-id/start/",
    ):
        answer = client.get(path)
        assert answer.status_code in (404, 405), path
        if answer.status_code == 404:
            assert answer["Content-Type"].startswith("application/json"), path
            assert answer.json()["detail"]
    # Pages keep their HTML 404.
    page = client.get("/operations/not-an-id/")
    assert page.status_code == 404 and page["Content-Type"].startswith("text/html")


def test_api_check_in_with_another_routes_waypoint_is_refused(
    world: World, users: dict[str, User]
) -> None:
    other, *_rest = plan_operation(world.coordinator, None, codename="Nutmeg")
    foreign = other.waypoints.first()
    assert foreign is not None
    client = _field_client(world)
    answer = client.post(
        f"/api/field/operations/{world.operation.pk}/check-in/",
        {"pressed": "ok", "code": CODE, "waypoint": str(foreign.pk)},
        content_type="application/json",
    )
    assert answer.status_code == 400 and "not on this route" in str(answer.json())
    assert not CheckIn.objects.exists()


def test_api_relay_for_a_member_of_another_team_names_the_problem(
    world: World, client_for: Callable[[str], Client]
) -> None:
    _other, _request, _member, other_lead, _places = plan_operation(
        world.coordinator, None, codename="Oak"
    )
    answer = client_for("coordinator").post(
        f"/api/operations/{world.operation.pk}/check-ins/",
        {"pressed": "ok", "code": CODE, "team_member": str(other_lead.pk)},
        content_type="application/json",
    )
    assert answer.status_code == 400
    assert "not on this operation's team" in str(answer.json())
    assert not CheckIn.objects.exists()


def test_api_waypoint_year_0001_is_refused(
    users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    operation, _request, _member, _lead, places = plan_operation(
        users["coordinator"], None, codename="Pine"
    )
    answer = client_for("coordinator").post(
        f"/api/operations/{operation.pk}/waypoints/",
        {"kind": "other", "place": str(places[0].pk), "planned_arrival": "0001-01-01T08:00:00Z"},
        content_type="application/json",
    )
    assert answer.status_code == 400 and "planned_arrival" in answer.json()
    assert operation.waypoints.count() == 3


@pytest.mark.parametrize("role", ["caseworker", "liaison", "field", "analyst", "auditor"])
def test_only_coordinators_see_the_availability_lists(
    role: str, users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    from safepassage.operations import selectors

    operation, *_rest = plan_operation(users["coordinator"], None, codename="Quince")
    assert selectors.requests_available(user=users[role], operation=operation) == []
    assert selectors.members_available(user=users[role], operation=operation) == []
    assert client_for(role).get(f"/operations/{operation.pk}/").status_code == 404
