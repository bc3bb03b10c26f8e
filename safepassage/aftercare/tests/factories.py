"""Aftercare test data, made through the real services (tracing's and intel's included)."""

from __future__ import annotations

import datetime
from typing import Any

from safepassage.accounts.models import User
from safepassage.aftercare import services
from safepassage.aftercare.models import Arrival, ConsentPurpose, Testimony
from safepassage.intel import services as intel_services
from safepassage.intel.models import Place
from safepassage.tracing.keys import PersonDetails
from safepassage.tracing.models import Person
from safepassage.tracing.services import ReportDetails, intake_submit

KHALIL_LATIN: dict[str, Any] = {
    "given_names": ("Xelîl",),
    "father_names": ("Hesen",),
    "grandfather_names": ("Bapîr",),
    "family_names": ("Şingalî",),
    "sex": "f",
    "birth_year": 1998,
    "home_place": "Kocho",
}
KHALIL_ARABIC: dict[str, Any] = {
    "given_names": ("خليل",),
    "father_names": ("حسن",),
    "grandfather_names": ("بابير",),
    "family_names": ("الشنگالي",),
    "sex": "f",
    "birth_year": 1997,
    "home_place": "كوجو",
}
# An unrelated woman, so candidates are chosen among more than one person.
OTHER: dict[str, Any] = {
    "given_names": ("Leyla",),
    "father_names": ("Murad",),
    "family_names": ("Basî",),
    "sex": "f",
    "birth_year": 2001,
}


def reported_person(actor: User, reporter: str = "Nadia", **names: Any) -> Person:
    """A person as her family reported her (intake: person, report, keys, status change)."""
    report = intake_submit(
        actor=actor,
        details=PersonDetails(**(names or KHALIL_LATIN)),
        report=ReportDetails(
            reporter_name=reporter,
            relationship="sister",
            reported_on=datetime.date(2024, 3, 1),
        ),
    )
    return report.person


def reception_point(actor: User, name: str = "Zakho reception") -> Place:
    return intel_services.place_create(actor=actor, kind="reception", names=[name])


def arrived(actor: User, person: Person, **fields: Any) -> Arrival:
    fields.setdefault("arrived_on", datetime.date(2024, 6, 1))
    fields.setdefault("reception_text", "Border post")
    return services.arrival_record(
        actor=actor, person=person, details=services.ArrivalDetails(**fields)
    )


def make_testimony(actor: User, person: Person, account: str = "Sold twice in Raqqa.") -> Testimony:
    if not services.consent_given(person, ConsentPurpose.TESTIMONY):
        services.consent_record(
            actor=actor, person=person, purpose=ConsentPurpose.TESTIMONY, language="kmr"
        )
    return services.testimony_record(
        actor=actor,
        person=person,
        details=services.TestimonyDetails(account=account, language="kmr"),
    )
