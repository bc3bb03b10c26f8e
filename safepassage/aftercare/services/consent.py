"""Consent: what she agreed to, when, in which language; withdrawn when. Every use checks it.

A consent is never deleted or edited: withdrawing it stamps the time, so the history of what
she agreed to stays readable. At most one consent per purpose stands at a time.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from safepassage.accounts.models import User
from safepassage.aftercare.models import Consent, ConsentPurpose
from safepassage.aftercare.services._common import (
    clean_language,
    parse_moment,
    require_person_write,
)
from safepassage.audit.services import audit_record
from safepassage.operations import clock
from safepassage.tracing.models import Person
from safepassage.tracing.services.persons import EARLIEST_EVENT


def consent_given(person: Person, purpose: str) -> bool:
    """Whether she has agreed to ``purpose`` and not withdrawn it. Call before every use.

    Her latest word decides: a consent given before she withdrew one of the same purpose
    does not stand (a merge can bring one over from her other record)."""
    if purpose not in ConsentPurpose.values:
        raise ValueError(f"unknown consent purpose {purpose!r}")
    rows = Consent.objects.filter(person_id=person.pk, purpose=purpose)
    standing = rows.filter(withdrawn_at__isnull=True).values_list("given_at", flat=True).first()
    if standing is None:
        return False
    last = last_withdrawn_at(person, purpose)
    return last is None or standing >= last


def last_withdrawn_at(person: Person, purpose: str) -> datetime.datetime | None:
    """When she last withdrew a consent to ``purpose``, if ever."""
    found: datetime.datetime | None = Consent.objects.filter(
        person_id=person.pk, purpose=purpose, withdrawn_at__isnull=False
    ).aggregate(last=Max("withdrawn_at"))["last"]
    return found


def consent_before_withdrawal(when: datetime.datetime, withdrawn: datetime.datetime | None) -> None:
    """Refuse a consent dated before she last withdrew one of the same purpose."""
    if withdrawn is not None and when < withdrawn:
        raise ValidationError(
            {
                "given_at": _(
                    "She withdrew this consent on %(date)s; a consent given before that does "
                    "not stand. Give the time she agreed again."
                )
                % {"date": timezone.localtime(withdrawn).strftime("%Y-%m-%d %H:%M")}
            }
        )


def photo_consent_withdrawn(person: Person) -> bool:
    """Whether her own word on showing her photo is on record and is "no" (withdrawn, none
    standing): then no one else's consent may show it."""
    rows = Consent.objects.filter(person_id=person.pk, purpose=ConsentPurpose.PHOTO)
    return rows.exists() and not consent_given(person, ConsentPurpose.PHOTO)


def _sync_photo_flag(person: Person, purpose: str) -> None:
    # Every photo display checks Person.photo_consent; her own word, once recorded, sets it.
    if purpose == ConsentPurpose.PHOTO:
        Person.objects.filter(pk=person.pk).update(photo_consent=consent_given(person, purpose))


def consent_check(
    *, purpose: str, language: str, given_at: Any = None
) -> tuple[str, datetime.datetime]:
    """Check a consent as ``consent_record`` does (writes nothing); its language and time."""
    if purpose not in ConsentPurpose.values:
        raise ValidationError({"purpose": _("Choose what she agrees to.")})
    language = clean_language(language)
    when = parse_moment(given_at, "given_at")
    if when > clock.now():
        raise ValidationError({"given_at": _("The time of consent cannot be in the future.")})
    if when.date() < EARLIEST_EVENT:
        raise ValidationError(
            {
                "given_at": _("The time of consent cannot be before %(year)d.")
                % {"year": EARLIEST_EVENT.year}
            }
        )
    return language, when


def consent_already_given() -> ValidationError:
    """The refusal of a consent she has given already (and not withdrawn)."""
    return ValidationError({"purpose": _("She has already agreed to this.")})


def consent_already_withdrawn() -> ValidationError:
    """The refusal to withdraw a consent withdrawn already."""
    return ValidationError({"consent": _("This consent was already withdrawn.")})


def consent_record(
    *,
    actor: User,
    person: Person,
    purpose: str,
    language: str,
    given_at: Any = None,
    note: str = "",
) -> Consent:
    """Record that she agreed to ``purpose``, told in ``language``."""
    require_person_write(actor, person)
    language, when = consent_check(purpose=purpose, language=language, given_at=given_at)
    with transaction.atomic():
        if (
            Consent.objects.select_for_update()
            .filter(person=person, purpose=purpose, withdrawn_at__isnull=True)
            .exists()
        ):
            raise consent_already_given()
        consent_before_withdrawal(when, last_withdrawn_at(person, purpose))
        consent = Consent(
            person=person,
            purpose=purpose,
            given_at=when,
            language=language,
            recorded_by=actor,
            note=note.strip(),
        )
        consent.full_clean()
        consent.save()
        _sync_photo_flag(consent.person, purpose)
        audit_record(
            actor=actor,
            action="consent.give",
            obj=consent,
            detail={"person": str(person.pk), "purpose": purpose, "language": language},
        )
    return consent


def consent_withdraw(*, actor: User, consent: Consent, note: str = "") -> Consent:
    """She withdraws a consent: from now on nothing that needs it may use her data."""
    require_person_write(actor, consent.person)
    with transaction.atomic():
        row = Consent.objects.select_for_update().get(pk=consent.pk)
        if row.withdrawn_at is not None:
            raise consent_already_withdrawn()
        row.withdrawn_at = clock.now()
        row.withdrawn_by = actor
        if note.strip():
            row.note = "\n".join(x for x in (row.note, note.strip()) if x)
        row.full_clean()
        row.save()
        _sync_photo_flag(row.person, row.purpose)
        audit_record(
            actor=actor,
            action="consent.withdraw",
            obj=row,
            detail={"person": str(row.person_id), "purpose": row.purpose},
        )
    return row
