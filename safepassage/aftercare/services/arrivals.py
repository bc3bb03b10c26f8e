"""Arrival: she is received, matched to her family's report, and her status moves to arrived."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from safepassage.accounts.decoy import require_decoy_writer
from safepassage.accounts.models import User
from safepassage.accounts.permissions import Capability, has_capability, require_capability
from safepassage.aftercare.models import Arrival
from safepassage.aftercare.services._common import (
    clean_text,
    not_in_future,
    parse_date,
    require_person_write,
)
from safepassage.audit.services import audit_record
from safepassage.intel.models import Place, PlaceKind
from safepassage.operations import clock
from safepassage.tracing.keys import PersonDetails
from safepassage.tracing.models import NAME_PARTS, Person, PersonStatus, StatusChange
from safepassage.tracing.services import person_add_spellings, person_create, person_set_status
from safepassage.tracing.services.pretend import (
    flow_status_pretend,
    person_pretend,
    spellings_pretend,
)
from safepassage.tracing.status_reasons import said

# She cannot "arrive" again from these; a second arrival is a mistake to catch. "Arrived"
# without an arrival record is the one exception: an operation brought her out (its outcome
# moves her to arrived) and reception has yet to record how she came in.
NOT_ARRIVING = frozenset({PersonStatus.ARRIVED, PersonStatus.REUNITED, PersonStatus.DECEASED})


def arrival_recorded(person: Person) -> bool:
    return Arrival.objects.filter(person_id=person.pk).exists()


def awaiting_arrival(persons: QuerySet[Person]) -> QuerySet[Person]:
    """Of ``persons``: those reception may still receive (sought, in transit, or brought out
    by an operation whose arrival is not recorded yet)."""
    from safepassage.tracing.services.matching import OPEN_STATUSES

    brought_out = Q(status=PersonStatus.ARRIVED) & ~Q(pk__in=Arrival.objects.values("person_id"))
    return persons.filter(Q(status__in=OPEN_STATUSES) | brought_out)


@dataclass(frozen=True)
class ArrivalDetails:
    """What reception records. ``arrived_on`` may be a date or a YYYY-MM-DD string."""

    arrived_on: Any
    reception_place: Place | None = None
    reception_text: str = ""
    received_by: str = ""
    condition: str = ""
    immediate_needs: str = ""
    children_with_her: str = ""
    # Her name parts as she gave them (any script), added to the person's spellings.
    names_as_given: dict[str, list[str]] = field(default_factory=dict)
    match_score: float | None = None
    reason: str = ""


def _field_errors(errors: dict[str, list[str]], check: Callable[[], object]) -> None:
    """Run one check, adding its field errors to ``errors`` (so all come back together)."""
    try:
        check()
    except ValidationError as exc:
        for name, texts in exc.message_dict.items():
            errors.setdefault(name, []).extend(texts)


def _arrival_date(details: ArrivalDetails) -> datetime.date:
    arrived_on = parse_date(details.arrived_on, "arrived_on", required=True)
    assert arrived_on is not None  # noqa: S101  (required=True guarantees it)  # nosec B101
    not_in_future(arrived_on, "arrived_on", _("The date of arrival cannot be in the future."))
    return arrived_on


def _reception(details: ArrivalDetails) -> None:
    place = details.reception_place
    if place is not None and place.kind != PlaceKind.RECEPTION:
        raise ValidationError({"reception_place": _("Choose a reception point.")})
    if place is None and not details.reception_text.strip():
        raise ValidationError(
            {"reception_place": _("Choose the reception point, or describe where she arrived.")}
        )


def _details_errors(details: ArrivalDetails) -> dict[str, list[str]]:
    """Every problem with what reception entered, whoever she turns out to be."""
    errors: dict[str, list[str]] = {}
    _field_errors(errors, lambda: _arrival_date(details))
    _field_errors(errors, lambda: _reception(details))
    _field_errors(
        errors, lambda: clean_text(details.reception_text, "reception_text", max_length=200)
    )
    _field_errors(errors, lambda: clean_text(details.received_by, "received_by", max_length=200))
    if details.match_score is not None and not 0.0 <= details.match_score <= 1.0:
        errors.setdefault("match_score", []).append(_("A score is between 0 and 1."))
    unknown = set(details.names_as_given) - set(NAME_PARTS)
    if unknown:
        errors.setdefault("names_as_given", []).append(
            _("Unknown name part: %(parts)s") % {"parts": ", ".join(sorted(unknown))}
        )
    return errors


def arrival_check(*, details: ArrivalDetails) -> None:
    """Check what reception entered before a match is chosen: every field error at once.

    Writes nothing; ``arrival_record`` checks the same again, and what depends on the person.
    """
    errors = _details_errors(details)
    if errors:
        raise ValidationError(errors)


def _validate(
    details: ArrivalDetails, person: Person | None, *, recorded: bool | None = None
) -> datetime.date:
    """Her arrival's checks (``recorded``: whether her arrival is recorded, for a pretend
    person whose arrival no row holds; by default looked up)."""
    arrival_check(details=details)
    arrived_on = _arrival_date(details)
    if person is not None and person.abducted_on is not None and arrived_on < person.abducted_on:
        raise ValidationError({"arrived_on": _("The arrival cannot be before she was taken.")})
    if (
        person is not None
        and person.status in NOT_ARRIVING
        and (
            person.status != PersonStatus.ARRIVED
            or (arrival_recorded(person) if recorded is None else recorded)
        )
    ):
        raise ValidationError(
            {
                "person": _("Her arrival is already recorded (status: %(status)s).")
                % {"status": person.get_status_display()}
            }
        )
    return arrived_on


def _names(details: ArrivalDetails) -> dict[str, list[str]]:
    names = {
        part: [v for v in values if v.strip()] for part, values in details.names_as_given.items()
    }
    return {part: values for part, values in names.items() if values}


def _decoy_arrival(
    *, actor: User, details: ArrivalDetails, new_person: PersonDetails | None
) -> Arrival:
    """What a decoy's "new person" arrival gets back: checked like a real one, never saved.

    A duress session must not give itself away by refusing, so it gets an arrival on a new,
    unsaved person with what was entered (checked as :func:`person_create` checks her, and
    as entered: still missing; :func:`arrival_status_pretend` moves her on); nothing reaches
    the database or the audit log.
    """
    if new_person is None:
        raise ValidationError({"person": _("Confirm which person she is, or enter a new person.")})
    arrived_on = _validate(details, None)
    return _unsaved(actor, person_pretend(actor=actor, details=new_person), arrived_on, details)


def arrival_pretend(
    *, actor: User, person: Person, details: ArrivalDetails, recorded: bool
) -> Arrival:
    """What a decoy's arrival on one of its pretend persons gets back instead of
    :func:`arrival_record`'s save (``recorded``: her pretend arrival is kept already): the
    same checks and errors, her names as given added to her spellings on ``person``, and the
    unsaved arrival. Nothing reaches the database or the audit log."""
    require_decoy_writer(actor)
    arrived_on = _validate(details, person, recorded=recorded)
    names = _names(details)
    if names:
        spellings_pretend(actor=actor, person=person, details=_spellings(names))
    return _unsaved(actor, person, arrived_on, details)


def _spellings(names: dict[str, list[str]]) -> PersonDetails:
    """Her names as given, as the details her spellings grow by."""
    return PersonDetails(
        given_names=tuple(names.get("given_names", ())),
        father_names=tuple(names.get("father_names", ())),
        grandfather_names=tuple(names.get("grandfather_names", ())),
        family_names=tuple(names.get("family_names", ())),
        mother_names=tuple(names.get("mother_names", ())),
    )


def _unsaved(
    actor: User, person: Person, arrived_on: datetime.date, details: ArrivalDetails
) -> Arrival:
    return Arrival(
        person=person,
        arrived_on=arrived_on,
        reception_place=details.reception_place,
        reception_text=details.reception_text.strip(),
        received_by=details.received_by.strip(),
        condition=details.condition.strip(),
        immediate_needs=details.immediate_needs.strip(),
        children_with_her=details.children_with_her.strip(),
        names_as_given=_names(details),
        match_score=details.match_score,
        recorded_by=actor,
        created_at=clock.now(),
    )


def arrival_status_pretend(*, actor: User, arrival: Arrival) -> StatusChange:
    """The status change a decoy's pretend arrival would store (unsaved): she moves to
    arrived, for the reason a real arrival gives."""
    return flow_status_pretend(
        actor=actor,
        person=arrival.person,
        status=PersonStatus.ARRIVED,
        reason=said("arrived_on", date=arrival.arrived_on.isoformat()),
        at=clock.now(),
    )


def arrival_record(
    *,
    actor: User,
    person: Person | None,
    details: ArrivalDetails,
    new_person: PersonDetails | None = None,
    once: str = "",
) -> Arrival:
    """Record her arrival on the confirmed person (or a new person when nobody reported her).

    Her names as given are added to the person's spellings, and the person's status moves to
    "arrived" with a status change saying who, when and why (unless the outcome of the
    operation that brought her out did so already). All or nothing.

    ``once``, as :func:`~safepassage.tracing.services.person_create` takes it: the same
    request saved again enters no second person, writes nothing and raises
    :class:`~safepassage.tracing.services.IntakeAlreadySaved` naming the first.
    """
    if actor.is_decoy and person is None and has_capability(actor, Capability.CASES_WRITE):
        return _decoy_arrival(actor=actor, details=details, new_person=new_person)
    require_capability(actor, Capability.CASES_WRITE)
    if person is None and new_person is None:
        raise ValidationError({"person": _("Confirm which person she is, or enter a new person.")})
    if person is not None:
        require_person_write(actor, person)
    arrived_on = _validate(details, person)
    names = _names(details)
    with transaction.atomic():
        if person is not None:
            # Her row as stored now, locked: a second reception recording her at the same
            # moment waits here, then sees this arrival and is refused (not a duplicate).
            person = Person.objects.select_for_update().get(pk=person.pk)
            require_person_write(actor, person)  # merged meanwhile: refused
            _validate(details, person)
        if person is None:
            assert new_person is not None  # noqa: S101  (checked above)  # nosec B101
            person = person_create(actor=actor, details=new_person, once=once)
        elif names:
            person = person_add_spellings(
                actor=actor,
                person=person,
                details=_spellings(names),
            )
        arrival = Arrival(
            person=person,
            arrived_on=arrived_on,
            reception_place=details.reception_place,
            reception_text=details.reception_text.strip(),
            received_by=details.received_by.strip(),
            condition=details.condition.strip(),
            immediate_needs=details.immediate_needs.strip(),
            children_with_her=details.children_with_her.strip(),
            names_as_given=names,
            match_score=details.match_score,
            recorded_by=actor,
        )
        arrival.full_clean()
        arrival.save()
        if person.status != PersonStatus.ARRIVED:  # else an operation's outcome moved her
            person_set_status(
                actor=actor,
                person=person,
                status=PersonStatus.ARRIVED,
                reason=details.reason.strip() or said("arrived_on", date=arrived_on.isoformat()),
            )
        audit_record(
            actor=actor,
            action="create",
            obj=arrival,
            detail={
                "person": str(person.pk),
                "matched": details.match_score is not None,
                "place": str(details.reception_place.pk) if details.reception_place else "",
            },
        )
    return arrival
