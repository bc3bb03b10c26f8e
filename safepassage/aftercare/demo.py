"""Demo aftercare: one woman who arrived, with referrals (one follow-up overdue), her consent
and a testimony that caseworker "olive" recorded (so only olive can read it).

Built through the services on top of the tracing demo persons; without them it adds nothing.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from safepassage.accounts.models import User
from safepassage.accounts.services import grant_create
from safepassage.aftercare import services
from safepassage.aftercare.models import ConsentPurpose
from safepassage.intel.models import Place, PlaceKind
from safepassage.operations import clock
from safepassage.tracing.models import Person, PersonStatus

OPEN = (PersonStatus.MISSING, PersonStatus.CONTACT, PersonStatus.LOCATED)


def _person() -> Person | None:
    """A sought person no demo operation is bringing out (oldest first)."""
    try:
        from safepassage.operations.models import OperationPerson

        busy = set(OperationPerson.objects.values_list("person_id", flat=True))
    except ImportError:  # pragma: no cover - operations is always installed
        busy = set()
    for person in Person.objects.filter(status__in=OPEN, merged_into__isnull=True).order_by(
        "created_at"
    ):
        if person.pk not in busy:
            return person
    return None


def load(*, users: dict[str, User]) -> None:
    falcon, olive = users.get("falcon"), users.get("olive")
    person = _person()
    if falcon is None or olive is None or person is None:
        return
    grant_create(actor=falcon, user=olive, obj=person, reason="aftercare (demo)")
    today = timezone.localdate()
    place = Place.objects.filter(kind=PlaceKind.RECEPTION).order_by("created_at").first()
    services.arrival_record(
        actor=falcon,
        person=person,
        details=services.ArrivalDetails(
            arrived_on=today - datetime.timedelta(days=12),
            reception_place=place,
            reception_text="" if place else "Reception tent at the crossing (demo)",
            received_by="olive",
            condition="Exhausted, a healed wound on the left foot (demo).",
            immediate_needs="Shoes, a doctor, a call to her family (demo).",
            children_with_her="A boy of about 5 (demo).",
        ),
    )
    for purpose in (ConsentPurpose.CARE, ConsentPurpose.TESTIMONY, ConsentPurpose.STATISTICS):
        services.consent_record(actor=olive, person=person, purpose=purpose, language="kmr")
    # Referred ten days ago, with a follow-up date then ahead and now three days past.
    with clock.frozen_at(timezone.now() - datetime.timedelta(days=10)):
        services.referral_create(
            actor=olive,
            person=person,
            kind="medical",
            service="Clinic at the reception centre (demo)",
            she_consents=True,
            follow_up_on=today - datetime.timedelta(days=3),
        )
    services.referral_create(
        actor=olive,
        person=person,
        kind="psychosocial",
        service="Women's counselling centre (demo)",
        she_consents=True,
        follow_up_on=today + datetime.timedelta(days=14),
    )
    report = person.reports.order_by("reported_on").first()
    relative = services.family_member_add(
        actor=olive,
        person=person,
        name=report.reporter_name if report else "Her sister (demo)",
        relationship=report.relationship if report else "sister",
        report=report,
    )
    services.family_notify(actor=olive, member=relative, how="phone")
    services.testimony_record(
        actor=olive,
        person=person,
        details=services.TestimonyDetails(
            account=(
                "Demo testimony. She was taken from her village, held in a house in a town, "
                "then sold to another man and moved twice before she could call her family."
            ),
            language="kmr",
            events=[
                {"on": "2014-08-03", "kind": "taken", "note": "From her village (demo)."},
                {"on": "2016-02-10", "kind": "sold", "note": "In a market (demo)."},
                {"on": "2019-05-01", "kind": "transferred", "note": "Moved east (demo)."},
            ],
        ),
    )
