"""Test data for intel and verification. Tracing records are made directly (their services
belong to another part of the system); intel and verification records go through services."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from safepassage.accounts.models import User
from safepassage.intel import services
from safepassage.intel.models import Holder, Incident, LocationReport, Member, Place
from safepassage.tracing.models import (
    AuthSecret,
    Contact,
    Person,
    PhoneSighting,
    SecretKind,
)
from safepassage.vault.crypto import get_vault, normalise_phone


def make_person(**fields: Any) -> Person:
    fields.setdefault("given_names", ["Berfîn"])
    fields.setdefault("family_names", ["Xelîl"])
    fields.setdefault("sex", "f")
    return Person.objects.create(**fields)


def make_contact(
    person: Person,
    *,
    number: str = "",
    ago: datetime.timedelta = datetime.timedelta(hours=1),
    **fields: Any,
) -> Contact:
    fields.setdefault("channel", "phone")
    index = get_vault().blind_index(normalise_phone(number), "phone") if number else ""
    contact = Contact.objects.create(
        person=person,
        occurred_at=timezone.now() - ago,
        number_used=number,
        number_index=index,
        **fields,
    )
    if index:
        PhoneSighting.objects.create(
            number_index=index,
            source_type=Contact._meta.label,
            source_id=contact.pk,
            person=person,
            seen_at=contact.occurred_at,
        )
    return contact


def make_secret(person: Person, kind: str = SecretKind.ALL_CLEAR_WORD) -> AuthSecret:
    secret = AuthSecret.objects.create(person=person, kind=kind, answer_hash="argon2$fake")
    AuthSecret.objects.filter(pk=secret.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=30)
    )
    secret.refresh_from_db()
    return secret


def make_place(actor: User, name: str = "Tel Qasab", **fields: Any) -> Place:
    fields.setdefault("kind", "village")
    return services.place_create(actor=actor, names=[name], **fields)


def make_member(actor: User, codename: str = "wren", **fields: Any) -> Member:
    fields.setdefault("role", "source")
    return services.member_create(actor=actor, codename=codename, **fields)


def make_holder(actor: User, name: str = "Abu Hamza", **fields: Any) -> Holder:
    return services.holder_create(actor=actor, names=[name], **fields)


def make_incident(actor: User, **fields: Any) -> Incident:
    fields.setdefault("kind", "trap")
    fields.setdefault("occurred_on", datetime.date(2024, 3, 1))
    return services.incident_create(actor=actor, **fields)


def make_report(
    actor: User, person: Person, *, member: Member | None = None, **fields: Any
) -> LocationReport:
    fields.setdefault("source_reliability", "B")
    fields.setdefault("info_credibility", 2)
    if member is None and "source_contact" not in fields:
        member = make_member(actor, codename=f"src-{Member.objects.count() + 1}")
    return services.location_report_create(
        actor=actor, person=person, source_member=member, **fields
    )
