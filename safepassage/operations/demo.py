"""Demo operations: one planned, one underway with the field member "sparrow" on its team.

Built through the services on top of the demo persons, places, members and rescue requests of
the other apps. The check-in code of both is "olive branch" and the duress code "dry leaf".
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from safepassage.accounts.models import User
from safepassage.intel.models import Member, MemberStatus, Place
from safepassage.intel.services import member_create, place_create
from safepassage.operations import clock, services
from safepassage.operations.models import Operation
from safepassage.tracing.keys import PersonDetails
from safepassage.tracing.services import person_create
from safepassage.verification.models import RescueRequest
from safepassage.verification.selectors import request_is_cleared
from safepassage.verification.services import request_approve, request_create

DEMO_CODE = "olive branch"
DEMO_DURESS = "dry leaf"


def _place(actor: User, kind: str, name: str) -> Place:
    found = Place.objects.filter(kind=kind).order_by("created_at").first()
    if found is not None:
        return found
    extra = {} if kind in ("safe_house", "reception") else {"latitude": 36.4, "longitude": 41.7}
    return place_create(actor=actor, kind=kind, names=[name], **extra)  # type: ignore[arg-type]


def _requests(actor: User) -> list[RescueRequest]:
    requests = list(RescueRequest.objects.filter(status="open").order_by("created_at"))
    while len(requests) < 2:
        person = person_create(
            actor=actor,
            details=PersonDetails(given_names=(f"Demo {len(requests) + 1}",), sex="f"),
        )
        requests.append(
            request_create(actor=actor, person=person, network_chosen_meeting_point=True)
        )
    return requests


def load(*, users: dict[str, User]) -> None:
    falcon, heron, sparrow = users["falcon"], users["heron"], users["sparrow"]
    sparrow_member = Member.objects.filter(user=sparrow).first() or member_create(
        actor=falcon, codename="sparrow", role="guide", user=sparrow
    )
    others = [
        m
        for m in Member.objects.filter(status=MemberStatus.ACTIVE).exclude(pk=sparrow_member.pk)
        if m.user_id is None
    ]
    driver = others[0] if others else member_create(actor=falcon, codename="lynx", role="driver")
    pickup = _place(falcon, "village", "Tel Qasab")
    hiding = _place(falcon, "safe_house", "Orchard house")
    crossing = _place(falcon, "crossing", "Old mill crossing")
    reception = _place(falcon, "reception", "Reception point North")
    requests = _requests(falcon)
    # The genuine request (below the threshold, or approved by two coordinators) goes underway.
    ordered = sorted(requests, key=lambda r: not request_is_cleared(r))
    going, planned_request = ordered[0], ordered[1]
    if not request_is_cleared(going):
        for approver in (falcon, heron):
            request_approve(actor=approver, request=going, reason="Demo: checked with the family.")

    now = timezone.now()
    route = [
        ("pickup", pickup, 2, "car"),
        ("hiding", hiding, 10, "foot"),
        ("crossing", crossing, 30, "foot"),
        ("reception", reception, 34, "car"),
    ]

    def plan(codename: str, request: RescueRequest, start: datetime.datetime) -> Operation:
        operation = services.operation_create(
            actor=falcon,
            codename=codename,
            objective="Demo: bring her and her children out by the old mill crossing.",
            channel="web",
            check_in_interval_minutes=60,
            grace_minutes=15,
            check_in_code=DEMO_CODE,
            duress_code=DEMO_DURESS,
        )
        services.operation_add_request(actor=falcon, operation=operation, rescue_request=request)
        lead = services.team_member_add(
            actor=falcon, operation=operation, member=sparrow_member, role="lead"
        )
        services.team_member_add(actor=falcon, operation=operation, member=driver, role="driver")
        for kind, place, hours, transport in route:
            services.waypoint_add(
                actor=falcon,
                operation=operation,
                kind=kind,
                place=place,
                planned_arrival=start + datetime.timedelta(hours=hours),
                transport=transport,
                note="Wait by the blue door." if kind == "pickup" else "",
            )
        for kind, quantity in (("water", 12), ("food", 6), ("shoes", 3), ("blankets", 3)):
            services.supply_add(
                actor=falcon, operation=operation, kind=kind, quantity=quantity, carried_by=lead
            )
        services.supply_add(actor=falcon, operation=operation, kind="phones", quantity=1)
        return operation

    plan("Juniper", planned_request, now + datetime.timedelta(days=3))
    underway = plan("Olive", going, now - datetime.timedelta(hours=3))
    services.operation_approve(actor=falcon, operation=underway)
    with clock.frozen_at(now - datetime.timedelta(hours=2, minutes=30)):
        underway = services.operation_start(actor=falcon, operation=underway)
    first = underway.waypoints.first()
    for minutes_ago, waypoint in ((110, first), (50, None)):
        with clock.frozen_at(now - datetime.timedelta(minutes=minutes_ago)):
            services.check_in_record(
                actor=sparrow,
                operation=underway,
                pressed="ok",
                code=DEMO_CODE,
                waypoint=waypoint,
                position="" if waypoint else "Olive grove east of the village",
            )
