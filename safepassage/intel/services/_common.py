"""Helpers every intel service shares: the creator's grant, phone sightings, recomputation."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from safepassage.accounts.models import User
from safepassage.accounts.permissions import Capability, has_capability
from safepassage.tracing.models import Person
from safepassage.tracing.services.persons import phone_index
from safepassage.tracing.services.phones import sightings_replace
from safepassage.vault.crypto import normalise_phone


def grant_creator(actor: User, obj: Model) -> None:
    """Whoever records something keeps seeing it (coordinators see everything anyway)."""
    if has_capability(actor, Capability.CASES_ALL):
        return
    from safepassage.accounts.services import grant_create

    grant_create(actor=None, user=actor, obj=obj, reason="recorded by this user")


def clean_phone_numbers(values: Iterable[Any], field: str) -> list[str]:
    numbers: list[str] = []
    for value in values:
        text = str(value).strip()
        if not text:
            continue
        digits = normalise_phone(text)
        if not 5 <= len(digits) <= 20:
            raise ValidationError({field: _("A phone number has 5 to 20 digits.")})
        if len(text) > 50:
            raise ValidationError({field: _("A phone number has at most 50 characters.")})
        numbers.append(text)
    return numbers


def record_phone_sightings(
    *,
    numbers: Iterable[str],
    source: Model,
    person: Person | None = None,
    seen_at: datetime.datetime | None = None,
) -> None:
    """One PhoneSighting per number, so "seen before" is one query across every app."""
    sightings_replace(
        source=source,
        indexes={phone_index(n) for n in numbers},
        person_id=person.pk if person is not None else None,
        seen_at=seen_at or timezone.now(),
    )


def recompute_for(*, persons: Iterable[Person] | None = None, trigger: str) -> None:
    """New evidence: recompute the open rescue requests it may touch."""
    from safepassage.verification.services import assessments_recompute

    assessments_recompute(persons=persons, trigger=trigger)
