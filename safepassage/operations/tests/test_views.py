"""Operation pages: coordinators plan and run; the field page shows its operation, nothing else."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable

import pytest
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.test import Client

from safepassage.accounts.models import Role, User
from safepassage.audit.models import AuditEvent
from safepassage.conftest import make_user, sign_in
from safepassage.intel.models import Member
from safepassage.operations import clock, services
from safepassage.operations.models import Alert, CheckIn, Operation
from safepassage.operations.tests.factories import (
    CODE,
    DURESS,
    START,
    World,
    make_member,
    make_person,
    make_place,
    make_request,
    underway,
)
from safepassage.tracing.models import Person
from safepassage.tracing.services import (
    ContactDetails,
    ReportDetails,
    contact_create,
    report_create,
)

pytestmark = pytest.mark.django_db
FIELD_LIMIT = 20 * 1024
ASSET = re.compile(r'(?:href|src)="(/static/[^"]+)"')
CSRF = re.compile(rb'(name="csrfmiddlewaretoken" value="|name="csrf-token" content=")[^"]+"')


def _weight(html: bytes) -> int:
    total = len(html)
    for url in set(ASSET.findall(html.decode())):
        path = finders.find(url.removeprefix("/static/"))
        assert path, url
        with open(str(path), "rb") as handle:
            total += len(handle.read())
    return total


@pytest.fixture
def world(users: dict[str, User], second_coordinator: User) -> World:
    with clock.frozen_at(START):
        return underway(users["coordinator"], second_coordinator, users["field"])


@pytest.fixture
def field_client(world: World, users: dict[str, User]) -> Client:
    client = Client()
    sign_in(client, users["field"])
    return client


def test_coordinator_plans_approves_starts_and_ends_through_the_pages(
    users: dict[str, User], second_coordinator: User, client_for: Callable[[str], Client]
) -> None:
    coordinator = users["coordinator"]
    client = client_for(Role.COORDINATOR)
    response = client.post(
        "/operations/new/",
        {
            "codename": "Cedar",
            "channel": "web",
            "check_in_interval_minutes": 30,
            "grace_minutes": 10,
            "check_in_code": CODE,
            "duress_code": DURESS,
        },
    )
    operation = Operation.objects.get(codename="Cedar")
    assert response.status_code == 302 and response["Location"].endswith(f"/{operation.pk}/")
    base = f"/operations/{operation.pk}/"
    person = make_person(coordinator)
    request = make_request(coordinator, person)
    member = make_member(coordinator, "cedar-lead", user=users["field"])
    place_a, place_b = (
        make_place(coordinator, "Ain"),
        make_place(coordinator, "Bir", kind="crossing"),
    )
    client.post(base + "plan/person/", {"rescue_request": request.pk})
    client.post(base + "plan/team/", {"member": member.pk, "role": "lead"})
    for place, when in ((place_a, "2026-03-02T08:00"), (place_b, "2026-03-02T14:00")):
        client.post(
            base + "plan/waypoint/",
            {"kind": "pickup", "place": place.pk, "planned_arrival": when, "transport": "foot"},
        )
    team_member = operation.team.get()
    client.post(
        base + "plan/supply/", {"kind": "shoes", "quantity": 3, "carried_by": team_member.pk}
    )
    bad = client.post(base + "plan/supply/", {"kind": "shoes", "quantity": 0}, follow=True)
    assert "Quantity" in bad.content.decode()
    assert operation.supplies.count() == 1 and operation.waypoints.count() == 2

    page = client.get(base)
    assert page.status_code == 200 and "cedar-lead" in page.content.decode()
    from safepassage.operations.tests.factories import clear

    clear(request, [coordinator, second_coordinator])
    client.post(base + "approve/")
    operation.refresh_from_db()
    assert operation.status == "approved"
    client.post(base + "start/")
    operation.refresh_from_db()
    assert operation.status == "underway"
    client.post(
        base + "end/",
        {
            "status": "completed",
            "notes": "Arrived.",
            "brought_out": [operation.persons.get().pk],
            f"outcome-{team_member.pk}": "unharmed",
        },
    )
    operation.refresh_from_db()
    person.refresh_from_db()
    assert operation.status == "completed" and person.status == "arrived"


def test_start_refusal_names_the_request_on_the_page(
    users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    from safepassage.operations.tests.factories import plan_operation

    coordinator = users["coordinator"]
    operation, *_ = plan_operation(coordinator, users["field"])
    risky_person = make_person(coordinator, given="Nesrîn")
    risky = make_request(
        coordinator,
        risky_person,
        urgency_claimed=True,
        holder_away_claimed=True,
        pickup_at_captive_location=True,
        network_chosen_meeting_point=False,
    )
    services.operation_add_request(actor=coordinator, operation=operation, rescue_request=risky)
    services.operation_approve(actor=coordinator, operation=operation)
    page = client_for(Role.COORDINATOR).post(f"/operations/{operation.pk}/start/", follow=True)
    assert str(risky.pk)[:8] in page.content.decode() and "Nesrîn" in page.content.decode()
    operation.refresh_from_db()
    assert operation.status == "approved"


def test_operation_pages_show_and_poll_alerts(
    world: World, client_for: Callable[[str], Client]
) -> None:
    services.deadlines_check(now=START + datetime.timedelta(hours=2))
    client = client_for(Role.COORDINATOR)
    for path in ("/operations/", f"/operations/{world.operation.pk}/"):
        html = client.get(path).content.decode()
        assert "Overdue check-in" in html and 'hx-get="/alerts/panel/' in html and "sp.js" in html
    alert = Alert.objects.get(kind="overdue")
    back = client.post(
        f"/alerts/{alert.pk}/acknowledge/",
        {"note": "Called the guide.", "next": f"/operations/{world.operation.pk}/"},
    )
    assert back["Location"] == f"/operations/{world.operation.pk}/"
    alert.refresh_from_db()
    assert alert.acknowledged_at is not None


@pytest.mark.parametrize(
    "role", [Role.CASEWORKER, Role.LIAISON, Role.ANALYST, Role.AUDITOR, Role.FIELD]
)
def test_coordinator_pages_are_closed_to_other_roles(
    world: World, role: str, client_for: Callable[[str], Client]
) -> None:
    client = client_for(role) if role != Role.FIELD else None
    if client is None:
        client = Client()
        sign_in(client, world.field_user)
    for path in ("/operations/", f"/operations/{world.operation.pk}/", "/operations/compromise/"):
        assert client.get(path).status_code == 404
    assert client.post(f"/operations/{world.operation.pk}/approve/").status_code == 404


# --- the field page ------------------------------------------------------------------------


def test_field_page_shows_its_operation_light_and_without_javascript(
    world: World, field_client: Client
) -> None:
    home = field_client.get("/field/")
    assert home.status_code == 302 and home["Location"] == f"/field/{world.operation.pk}/"
    response = field_client.get(home["Location"])
    html = response.content.decode()
    assert response.status_code == 200
    assert world.operation.codename in html and world.member.codename in html
    assert "Berfîn" in html and "Berfîne" not in html and "Xelîl" not in html
    assert "Knock twice" in html and "Reception" in html
    assert "<script" not in html
    assert 'name="pressed" value="ok"' in html and 'name="code"' in html
    assert _weight(response.content) <= FIELD_LIMIT, _weight(response.content)
    # The codes never reach the page, not even hashed.
    assert world.operation.duress_code_hash not in html and "kite" not in html


def test_duress_check_in_answers_byte_for_byte_like_an_ok_one(
    world: World, field_client: Client
) -> None:
    from django.db import transaction

    url = f"/field/{world.operation.pk}/"
    answers, recorded = [], []
    for code in (CODE, DURESS):
        # Each from the same starting state (rolled back after), as a watcher would compare.
        with transaction.atomic():
            with clock.frozen_at(START + datetime.timedelta(minutes=5)):
                posted = field_client.post(url, {"pressed": "ok", "code": code, "position": "well"})
                followed = field_client.get(posted["Location"])
                page = field_client.get(url)
            answers.append(
                (
                    posted.status_code,
                    posted["Location"],
                    posted.content,
                    CSRF.sub(b"", followed.content),
                    CSRF.sub(b"", page.content),
                )
            )
            recorded.append(
                (
                    CheckIn.objects.get().status,
                    list(world.operation.alerts.values_list("kind", flat=True)),
                )
            )
            transaction.set_rollback(True)
    assert answers[0] == answers[1]
    assert answers[0][1] == f"/field/{world.operation.pk}/checked-in/"
    assert recorded == [("ok", []), ("duress", ["duress"])]


def test_field_member_sees_nothing_beyond_their_operation(
    world: World, users: dict[str, User], second_coordinator: User, field_client: Client
) -> None:
    coordinator = users["coordinator"]
    # Another operation, with its own person, member, places; a report and a contact.
    other_field = make_user("wren", Role.FIELD)
    with clock.frozen_at(START):
        other = underway(coordinator, second_coordinator, other_field, codename="Juniper")
    other_person = Person.objects.get(pk=other.person.pk)
    report_create(
        actor=coordinator,
        person=world.person,
        report=ReportDetails(
            reporter_name="Xezal Mother",
            reporter_phones=("+964 750 111 2222",),
            reported_on=datetime.date(2025, 5, 1),
            knowledge="Taken in May",
        ),
    )
    contact_create(
        actor=coordinator,
        person=world.person,
        contact=ContactDetails(
            occurred_at=START,
            channel="phone",
            number_used="+964 770 999 8888",
            notes="Called her brother",
        ),
    )
    lonely_place = make_place(coordinator, "Lonely Hill")
    lonely_member = make_member(coordinator, "stranger")
    services.deadlines_check(now=START + datetime.timedelta(hours=3))

    html = field_client.get(f"/field/{world.operation.pk}/").content.decode()
    for secret in (
        "Juniper",
        other.member.codename,
        other_person.given_names[0] + "x",
        "Xezal",
        "2222",
        "8888",
        "Called her brother",
        "Taken in May",
        "Lonely Hill",
        "stranger",
        "Overdue",
        "missed",
        "Bring her out",
    ):
        assert secret not in html, secret
    assert "Juniper" not in field_client.get("/field/").content.decode()
    # Other operations, photos of persons not on it, other apps' pages and the alerts: 404.
    for path in (
        f"/field/{other.operation.pk}/",
        f"/field/{other.operation.pk}/checked-in/",
        f"/field/{world.operation.pk}/photo/{other.person.pk}/",
        f"/operations/{world.operation.pk}/",
        f"/persons/{world.person.pk}/",
        "/alerts/panel/",
        "/audit/",
        "/api/alerts/",
        f"/api/operations/{world.operation.pk}/",
        f"/api/field/operations/{other.operation.pk}/",
    ):
        assert field_client.get(path).status_code == 404, path
    posted = field_client.post(f"/field/{other.operation.pk}/", {"pressed": "ok", "code": CODE})
    assert (
        posted.status_code == 404 and not CheckIn.objects.filter(operation=other.operation).exists()
    )
    api = field_client.get(f"/api/field/operations/{world.operation.pk}/").json()
    text = str(api)
    assert (
        lonely_place.name not in text and lonely_member.codename not in text and "Xezal" not in text
    )
    assert {m["codename"] for m in api["team"]} == {world.member.codename}
    assert [p["first_name"] for p in api["persons"]] == ["Berfîn"]
    assert not Member.objects.filter(codename="stranger", user__isnull=False).exists()


def test_the_field_page_shows_her_first_name_only_when_her_whole_name_is_in_one_field(
    users: dict[str, User], second_coordinator: User
) -> None:
    """A whole name typed into the given-name field (or a PFIF record with only a full name)
    shows its first word to the team: never her father's, grandfather's or family name."""
    coordinator = users["coordinator"]
    with clock.frozen_at(START):
        person = make_person(coordinator, given="Berfîn Mîrza Kanîsorî", family="")
        world = underway(coordinator, second_coordinator, users["field"], person=person)
    client = Client()
    sign_in(client, users["field"])
    html = client.get(f"/field/{world.operation.pk}/").content.decode()
    api = client.get(f"/api/field/operations/{world.operation.pk}/").json()
    assert [p["first_name"] for p in api["persons"]] == ["Berfîn"]
    assert "Berfîn" in html
    for name in ("Mîrza", "Kanîsorî"):
        assert name not in html and name not in str(api), name


def test_photos_only_with_consent_through_the_access_checked_view(
    world: World, field_client: Client
) -> None:
    person = world.person
    person.photo.save("x", ContentFile(b"\xff\xd8\xff\xe0fake-jpeg"), save=True)
    url = f"/field/{world.operation.pk}/photo/{person.pk}/"
    assert field_client.get(url).status_code == 404  # no consent recorded yet
    Person.objects.filter(pk=person.pk).update(photo_consent=True)
    response = field_client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert response.content.startswith(b"\xff\xd8\xff") and "no-store" in response["Cache-Control"]
    assert AuditEvent.objects.filter(action="view", object_id=str(person.pk)).exists()
    assert f'src="{url}"' in field_client.get(f"/field/{world.operation.pk}/").content.decode()


def test_no_photo_of_a_person_the_field_page_hides_once_her_request_is_closed(
    world: World, field_client: Client
) -> None:
    """A closed request (a trap, withdrawn) hides her from the team's page: her photo, which
    whoever set the trap may be after, is not served either."""
    from safepassage.verification.services import request_close

    person = world.person
    person.photo.save("x", ContentFile(b"\xff\xd8\xff\xe0fake-jpeg"), save=True)
    Person.objects.filter(pk=person.pk).update(photo_consent=True)
    url = f"/field/{world.operation.pk}/photo/{person.pk}/"
    assert field_client.get(url).status_code == 200
    request_close(actor=world.coordinator, request=world.request, reason="A trap.")
    assert field_client.get(url).status_code == 404
    assert f'src="{url}"' not in field_client.get(f"/field/{world.operation.pk}/").content.decode()


def test_a_decoy_field_session_sees_no_operation(world: World, users: dict[str, User]) -> None:
    from safepassage.accounts.services import user_set_duress_password

    user_set_duress_password(actor=users["field"], duress_password="decoy-passage-123")
    client = Client()
    sign_in(client, users["field"], password="decoy-passage-123")
    assert client.get(f"/field/{world.operation.pk}/").status_code == 404
    assert world.operation.codename not in client.get("/field/").content.decode()


OK, DENY = 200, 404
MATRIX: dict[str, dict[str, int]] = {
    "/operations/": {**dict.fromkeys(Role.values, DENY), Role.COORDINATOR: OK},
    "/operations/new/": {**dict.fromkeys(Role.values, DENY), Role.COORDINATOR: OK},
    "/operations/compromise/": {**dict.fromkeys(Role.values, DENY), Role.COORDINATOR: OK},
    "/field/": {**dict.fromkeys(Role.values, DENY), Role.COORDINATOR: OK, Role.FIELD: OK},
    "/api/operations/": {**dict.fromkeys(Role.values, DENY), Role.COORDINATOR: OK},
    "/api/field/operations/": {
        **dict.fromkeys(Role.values, DENY),
        Role.COORDINATOR: OK,
        Role.FIELD: OK,
    },
}


@pytest.mark.parametrize("role", Role.values)
def test_every_role_against_every_operations_page(
    role: str, client_for: Callable[[str], Client]
) -> None:
    client = client_for(role)
    got = {path: client.get(path).status_code for path in MATRIX}
    assert got == {path: expected[role] for path, expected in MATRIX.items()}
    for path in ("/operations/", "/operations/new/", "/field/"):
        response = client.get(path)
        if response.status_code == OK:
            assert _weight(response.content) <= 50 * 1024
