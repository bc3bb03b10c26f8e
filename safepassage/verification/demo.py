"""Demo rescue requests: one that looks like the trap (blocked), one genuine (cleared).

They rest on the tracing demo's persons; without them there is nothing to request.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from safepassage.accounts.models import User
from safepassage.intel.models import Holder, Member, Place
from safepassage.intel.services import location_report_create
from safepassage.tracing.models import Person
from safepassage.verification.services import request_create


def _place(name: str) -> Place | None:
    from safepassage.intel.names import query_keys

    wholes = [whole for whole, _ in query_keys(name, purpose="place")]
    return Place.objects.filter(name_keys__key__in=wholes).distinct().first()


def load(*, users: dict[str, User]) -> None:
    persons = list(Person.objects.filter(merged_into__isnull=True).order_by("created_at")[:2])
    house, kanisor, crossing = (
        _place("House 14 Tel Qasab"),
        _place("Kanisor"),
        _place("Old mill crossing"),
    )
    if len(persons) < 2 or house is None or kanisor is None or crossing is None:
        return
    from safepassage.intel.demo import TRAP_NUMBER
    from safepassage.tracing.services import ContactDetails, auth_question_add, contact_create

    falcon = users["falcon"]
    wren = Member.objects.get(codename="wren")
    robin = Member.objects.get(codename="robin")
    holder = Holder.objects.order_by("created_at").first()
    now = timezone.now()

    trap_person, genuine_person = persons
    coerced = contact_create(
        actor=falcon,
        person=trap_person,
        contact=ContactDetails(
            occurred_at=now - datetime.timedelta(hours=2),
            channel="phone",
            number_used=TRAP_NUMBER,
            location_said="House 14 in Tel Qasab",
            what_she_asked="Come now, he is away. Come to the house and get me.",
        ),
    )
    location_report_create(
        actor=falcon,
        person=trap_person,
        source_contact=coerced,
        place=house,
        holder=holder,
        source_reliability="F",
        info_credibility=6,
    )
    request_create(
        actor=falcon,
        person=trap_person,
        contacts=[coerced],
        pickup_place=house,
        stated_place=house,
        stated_holder=holder,
        urgency_claimed=True,
        holder_away_claimed=True,
        pickup_at_captive_location=True,
        notes="Demo: she called the family asking to be collected from the house tonight.",
    )

    question = auth_question_add(
        actor=falcon,
        person=genuine_person,
        question="The name of the family's first goat?",
        answer="Bizin",
    )
    genuine = contact_create(
        actor=falcon,
        person=genuine_person,
        contact=ContactDetails(
            occurred_at=now - datetime.timedelta(hours=5),
            channel="messenger",
            number_used="+964 770 444 5566",
            what_she_asked="Tell my mother I am well. I can reach the mill on Thursday.",
            answers={str(question.pk): "bizin"},
        ),
    )
    first = location_report_create(
        actor=falcon,
        person=genuine_person,
        source_member=wren,
        place=kanisor,
        source_reliability="B",
        info_credibility=2,
    )
    location_report_create(
        actor=falcon,
        person=genuine_person,
        source_member=robin,
        place=kanisor,
        source_reliability="B",
        info_credibility=2,
        corroborated_by=first,
    )
    request_create(
        actor=falcon,
        person=genuine_person,
        contacts=[genuine],
        pickup_place=crossing,
        stated_place=kanisor,
        network_chosen_meeting_point=True,
        notes="Demo: the guide meets her at the old mill crossing.",
    )
