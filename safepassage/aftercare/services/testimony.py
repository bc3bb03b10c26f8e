"""Testimony: what she chose to tell, kept encrypted and readable only by the users named on it.

Roles do not open a testimony: a coordinator who is not named sees nothing of it (not even
that it exists). Whoever records it is named; a named user may name other caseworkers or
coordinators. Recording needs her consent to "testimony"; sharing needs "investigators".
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from safepassage.accounts.decoy import require_decoy_writer
from safepassage.accounts.models import Role, User
from safepassage.accounts.permissions import ActionRefused, Capability, require_capability
from safepassage.aftercare.models import (
    ConsentPurpose,
    EventKind,
    Testimony,
    TestimonyReader,
)
from safepassage.aftercare.services._common import (
    clean_language,
    not_in_future,
    parse_date,
    require_person_write,
)
from safepassage.aftercare.services.consent import consent_given
from safepassage.audit.services import audit_record
from safepassage.intel.models import Holder, Place
from safepassage.tracing.models import Person

# Roles a testimony may be shared with.
READER_ROLES = frozenset({Role.CASEWORKER, Role.COORDINATOR})
MAX_EVENTS = 200


@dataclass(frozen=True)
class TestimonyDetails:
    """Her account and what it names. Events refer to places and holders by id."""

    account: str
    language: str
    captivity_from: Any = None
    captivity_to: Any = None
    perpetrators: Sequence[Holder] = ()
    places: Sequence[Place] = ()
    events: Sequence[Mapping[str, Any]] = field(default_factory=tuple)


def _clean_events(details: TestimonyDetails) -> list[dict[str, str]]:
    if len(details.events) > MAX_EVENTS:
        raise ValidationError({"events": _("At most %(n)d events.") % {"n": MAX_EVENTS}})
    place_ids = {str(p.pk) for p in details.places}
    holder_ids = {str(h.pk) for h in details.perpetrators}
    out: list[dict[str, str]] = []
    for number, event in enumerate(details.events, start=1):
        if not isinstance(event, Mapping):
            raise ValidationError({"events": _("Event %(n)d is not a record.") % {"n": number}})
        kind = str(event.get("kind", ""))
        if kind not in EventKind.values:
            raise ValidationError(
                {
                    "events": _("Event %(n)d: kind is one of %(kinds)s.")
                    % {"n": number, "kinds": ", ".join(EventKind.values)}
                }
            )
        day = parse_date(event.get("on"), "events")
        not_in_future(day, "events", _("The date of an event cannot be in the future."))
        place = str(event.get("place") or "")
        if place and place not in place_ids:
            raise ValidationError(
                {"events": _("Event %(n)d: name the place in places too.") % {"n": number}}
            )
        holder = str(event.get("holder") or "")
        if holder and holder not in holder_ids:
            raise ValidationError(
                {"events": _("Event %(n)d: name the holder in perpetrators too.") % {"n": number}}
            )
        out.append(
            {
                "on": day.isoformat() if day else "",
                "kind": kind,
                "place": place,
                "holder": holder,
                "note": str(event.get("note") or "").strip()[:2000],
            }
        )
    return out


@dataclass(frozen=True)
class _Checked:
    account: str
    language: str
    start: datetime.date | None
    end: datetime.date | None
    events: list[dict[str, str]]


def testimony_check(
    *, actor: User, details: TestimonyDetails, consented: Callable[[], bool]
) -> _Checked:
    """Check a testimony as :func:`testimony_record` does once it may write to her (writes
    nothing): who may record one, her account, dates and events, then ``consented``, whether
    she agreed to her testimony being recorded. Its cleaned values."""
    if actor.role not in READER_ROLES:
        raise ActionRefused("You cannot do this.")
    account = details.account.strip()
    if not account:
        raise ValidationError({"account": _("Write what she chose to tell.")})
    language = clean_language(details.language)
    start = parse_date(details.captivity_from, "captivity_from")
    end = parse_date(details.captivity_to, "captivity_to")
    not_in_future(start, "captivity_from", _("The start of captivity cannot be in the future."))
    not_in_future(end, "captivity_to", _("The end of captivity cannot be in the future."))
    if start and end and end < start:
        raise ValidationError({"captivity_to": _("The end of captivity is before its start.")})
    events = _clean_events(details)
    if not consented():
        raise ValidationError(
            {"consent": _("Record her consent to recording her testimony first.")}
        )
    return _Checked(account, language, start, end, events)


def testimony_record(*, actor: User, person: Person, details: TestimonyDetails) -> Testimony:
    """Keep her testimony (she agreed to it being recorded); the actor is its first reader."""
    require_person_write(actor, person)
    checked = testimony_check(
        actor=actor,
        details=details,
        consented=lambda: consent_given(person, ConsentPurpose.TESTIMONY),
    )
    events = checked.events
    with transaction.atomic():
        testimony = Testimony(
            person=person,
            account=checked.account,
            language=checked.language,
            captivity_from=checked.start,
            captivity_to=checked.end,
            events=events,
            recorded_by=actor,
        )
        testimony.full_clean()
        testimony.save()
        testimony.perpetrators.set(details.perpetrators)
        testimony.places.set(details.places)
        TestimonyReader.objects.create(testimony=testimony, user=actor, named_by=actor)
        audit_record(
            actor=actor,
            action="create",
            obj=testimony,
            detail={
                "person": str(person.pk),
                "perpetrators": len(details.perpetrators),
                "places": len(details.places),
                "events": len(events),
            },
        )
    return testimony


def testimony_pretend(
    *, actor: User, person: Person, details: TestimonyDetails, consented: Callable[[], bool]
) -> Testimony:
    """:func:`testimony_record` on a decoy's pretend person (``consented``: her pretend
    consent): checked as a real one, the testimony it would keep, unsaved, with a random id
    as a real one's. Its perpetrators and places (the decoy's own pretend holders and places)
    go with it as ``pretend_perpetrators`` and ``pretend_places``."""
    require_decoy_writer(actor)
    checked = testimony_check(actor=actor, details=details, consented=consented)
    testimony = Testimony(
        id=uuid.uuid4(),
        person=person,
        account=checked.account,
        language=checked.language,
        captivity_from=checked.start,
        captivity_to=checked.end,
        events=checked.events,
        recorded_by=actor,
    )
    testimony.recorded_at = timezone.now()
    testimony.pretend_perpetrators = list(details.perpetrators)  # type: ignore[attr-defined]
    testimony.pretend_places = list(details.places)  # type: ignore[attr-defined]
    return testimony


def testimony_reader_pretend(
    *, actor: User, readers: Sequence[User], user_id: Any, remove: bool
) -> None:
    """:func:`testimony_name_reader` or :func:`testimony_unname_reader` (``remove``) on a
    decoy's pretend testimony, named on by ``readers`` only: a real testimony's refusals
    (naming its reader again, taking off its last one). A decoy sees no other user: any other
    id is unknown, as an id that is no user's."""
    require_decoy_writer(actor)
    if not any(str(reader.pk) == str(user_id) for reader in readers):
        raise ValidationError({"user": _("Unknown user.")})
    if not remove:
        raise ValidationError({"user": _("This user is already named.")})
    raise ValidationError({"user": _("The last named reader cannot be removed.")})


def _require_reader(actor: User, testimony: Testimony) -> None:
    require_capability(actor, Capability.CASES_WRITE)
    if not TestimonyReader.objects.filter(testimony=testimony, user=actor).exists():
        raise ActionRefused("You cannot do this.")


def testimony_name_reader(*, actor: User, testimony: Testimony, user: User) -> TestimonyReader:
    """Name one more caseworker or coordinator who may read this testimony."""
    _require_reader(actor, testimony)
    if user.role not in READER_ROLES or user.is_decoy or not user.is_active or user.is_locked:
        raise ValidationError({"user": _("Only active caseworkers and coordinators can be named.")})
    with transaction.atomic():
        reader, created = TestimonyReader.objects.get_or_create(
            testimony=testimony, user=user, defaults={"named_by": actor}
        )
        if not created:
            raise ValidationError({"user": _("This user is already named.")})
        audit_record(
            actor=actor, action="testimony.name", obj=testimony, detail={"user": str(user.pk)}
        )
    return reader


def testimony_unname_reader(*, actor: User, testimony: Testimony, user: User) -> None:
    """Take a reader off the list (the last reader stays, or nobody could read it)."""
    _require_reader(actor, testimony)
    with transaction.atomic():
        readers = TestimonyReader.objects.select_for_update().filter(testimony=testimony)
        if not readers.filter(user=user).exists():
            raise ValidationError({"user": _("This user is not named.")})
        if readers.count() <= 1:
            raise ValidationError({"user": _("The last named reader cannot be removed.")})
        readers.filter(user=user).delete()
        audit_record(
            actor=actor, action="testimony.unname", obj=testimony, detail={"user": str(user.pk)}
        )
