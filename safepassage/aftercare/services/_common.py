"""Helpers shared by the aftercare services (not part of their public surface)."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from safepassage.accounts.models import User
from safepassage.accounts.permissions import (
    ActionRefused,
    Capability,
    can_access_record,
    require_capability,
)
from safepassage.operations import clock
from safepassage.tracing.models import Person

LANGUAGE_RE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")


def today() -> datetime.date:
    """The local date that follow-up and "not in the future" checks see (tests move it)."""
    return timezone.localtime(clock.now()).date()


def require_person_write(actor: User, person: Person) -> None:
    """The actor may change this person's aftercare: write capability and need-to-know."""
    require_capability(actor, Capability.CASES_WRITE)
    if not can_access_record(actor, person):
        raise ActionRefused("You cannot do this.")
    if person.merged_into_id is not None:
        raise ValidationError(_("This person was merged into another record; open that one."))


def parse_date(value: Any, field: str, *, required: bool = False) -> datetime.date | None:
    """A date from a date or a YYYY-MM-DD string; a clear field error otherwise."""
    if value in (None, ""):
        if required:
            raise ValidationError({field: _("Give a date as YYYY-MM-DD.")})
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValidationError({field: _("Enter a valid date as YYYY-MM-DD.")}) from None


def parse_moment(value: Any, field: str) -> datetime.datetime:
    """A time from a datetime or "YYYY-MM-DD HH:MM" text; now when empty."""
    if value in (None, ""):
        return clock.now()
    moment: datetime.datetime | None
    if isinstance(value, datetime.datetime):
        moment = value
    else:
        try:
            moment = parse_datetime(str(value).strip())
        except ValueError:
            moment = None
        if moment is None:
            raise ValidationError({field: _("Enter a valid date and time, e.g. 2024-05-01 14:30.")})
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def not_in_future(day: datetime.date | None, field: str, message: str) -> None:
    """Refuse a day after today with ``message`` (already translated)."""
    if day is not None and day > today():
        raise ValidationError({field: message})


def clean_text(value: str, field: str, *, max_length: int | None = None) -> str:
    text = (value or "").strip()
    if max_length is not None and len(text) > max_length:
        raise ValidationError({field: _("At most %(n)d characters.") % {"n": max_length}})
    return text


def clean_language(value: str, field: str = "language") -> str:
    code = (value or "").strip()
    if not LANGUAGE_RE.match(code):
        raise ValidationError(
            {field: _("Give the language as a code, for example ar, ckb, kmr or en.")}
        )
    return code
