"""Demo tracing records: fictional persons, reports in several scripts, a contact, questions.

Two relatives report the same woman, one in Latin (Kurmanji) and one in Arabic script, so the
review queue has a pair waiting. Every name here is invented.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from safepassage.accounts.models import User
from safepassage.accounts.services import grant_create
from safepassage.tracing.keys import PersonDetails
from safepassage.tracing.services import (
    ContactDetails,
    ReportDetails,
    auth_question_add,
    contact_create,
    intake_submit,
    person_set_status,
)


def load(*, users: dict[str, User]) -> None:
    falcon, olive, cedar = users["falcon"], users["olive"], users["cedar"]
    first = intake_submit(
        actor=falcon,
        details=PersonDetails(
            given_names=("Xelîl",),
            father_names=("Hesen",),
            grandfather_names=("Bapîr",),
            family_names=("Şingalî",),
            sex="f",
            birth_year=1998,
            birth_year_uncertainty=1,
            home_place="Girzerik",
            abduction_place="Mount Sinjar road",
        ),
        report=ReportDetails(
            reporter_name="Nadia (demo)",
            relationship="sister",
            reporter_phones=("+964 750 000 0101",),
            reporter_village="Xanesor",
            preferred_language="kmr",
            knowledge="Taken with her two children in August 2014.",
            reported_on=datetime.date(2023, 5, 2),
        ),
    )
    second = intake_submit(
        actor=falcon,
        details=PersonDetails(
            given_names=("خليل",),
            father_names=("حسن",),
            family_names=("الشنگالي",),
            sex="f",
            birth_year=1997,
            home_place="كرزرك",
        ),
        report=ReportDetails(
            reporter_name="سعيد (تجريبي)",
            relationship="uncle",
            reporter_phones=("+964 751 000 0202",),
            preferred_language="ar",
            knowledge="Seen in a market in 2019.",
            reported_on=datetime.date(2024, 1, 15),
        ),
    )
    third = intake_submit(
        actor=falcon,
        details=PersonDetails(
            given_names=("Berfîn",),
            father_names=("Mîrza",),
            family_names=("Kanîsorî",),
            mother_names=("Gulê",),
            sex="f",
            birth_year=2004,
        ),
        report=ReportDetails(
            reporter_name="Gulê (demo)",
            relationship="mother",
            reporter_phones=("+964 750 000 0303",),
            preferred_language="kmr",
            reported_on=datetime.date(2024, 6, 1),
        ),
    )
    fourth = intake_submit(
        actor=falcon,
        details=PersonDetails(
            given_names=("نسرين",),
            father_names=("قاسم",),
            family_names=("الحمداني",),
            sex="f",
            birth_year=2001,
        ),
        report=ReportDetails(reporter_name="قاسم (تجريبي)", relationship="father"),
    )
    berfin = third.person
    auth_question_add(
        actor=falcon,
        person=berfin,
        question="What did she call her goat?",
        answer="Spîndar",
    )
    contact_create(
        actor=falcon,
        person=berfin,
        contact=ContactDetails(
            occurred_at=timezone.now() - datetime.timedelta(days=3),
            channel="phone",
            number_used="+963 944 000 0404",
            location_said="A house with a blue gate (demo).",
            condition="Tired, not injured.",
            answers={},
        ),
    )
    person_set_status(
        actor=falcon, person=berfin, status="contact", reason="She called her mother (demo)."
    )
    for person in (first.person, second.person, berfin):
        grant_create(actor=falcon, user=olive, obj=person, reason="demo caseload")
    grant_create(actor=falcon, user=cedar, obj=berfin, reason="family liaison (demo)")
    grant_create(actor=falcon, user=cedar, obj=fourth.person, reason="family liaison (demo)")
