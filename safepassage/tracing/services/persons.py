"""Persons and the family's reports: intake, names, status, links, phone sightings."""

from __future__ import annotations

import datetime
import hashlib
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field, fields, replace
from functools import partial

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from safepassage.accounts.models import User
from safepassage.accounts.permissions import Capability, require_capability
from safepassage.audit.services import Entry, audit_record, audit_records
from safepassage.concurrency import version_check
from safepassage.matching import parse_birth_year
from safepassage.matching.records import tidy_spelling
from safepassage.tracing.journey import FLOW_SET, MANUAL_STATUSES
from safepassage.tracing.keys import PersonDetails, keys_refresh
from safepassage.tracing.models import (
    NAME_PARTS,
    Person,
    PersonLink,
    PersonLinkKind,
    PersonStatus,
    PhoneSighting,
    Report,
    StatusChange,
)
from safepassage.tracing.services._common import (
    clean_new,
    enqueue_rematch,
    grant_creator,
    home_places_union,
    lock_pair,
    lock_unmerged,
    merged_refusal,
    require_person_write,
    union,
)
from safepassage.tracing.services.matching import intake_fingerprint
from safepassage.tracing.status_reasons import Said, stored
from safepassage.vault.crypto import get_vault, normalise_phone

PHONE_PURPOSE = "phone"
REF_PURPOSE = "person.source_ref"


@dataclass(frozen=True)
class ReportDetails:
    """Who reported, and what they know."""

    reporter_name: str
    relationship: str = ""
    reporter_phones: tuple[str, ...] = ()
    reporter_village: str = ""
    preferred_language: str = ""
    knowledge: str = ""
    reported_on: datetime.date | None = None
    names_as_reported: dict[str, list[str]] = field(default_factory=dict)


# --- phone numbers -----------------------------------------------------------------------


def phone_index(number: str) -> str:
    """The blind index of a phone number ("" when it holds no digits)."""
    digits = normalise_phone(number)
    return get_vault().blind_index(digits, PHONE_PURPOSE) if digits else ""


def phone_sighting_add(
    *, number: str, source: Model, person: Person | None, seen_at: datetime.datetime | None = None
) -> PhoneSighting | None:
    """Record that ``number`` appeared in ``source`` (any app's record); None if no digits."""
    index = phone_index(number)
    if not index:
        return None
    sighting = PhoneSighting(
        number_index=index,
        source_type=source._meta.label,
        source_id=source.pk,
        person=person,
        seen_at=seen_at or timezone.now(),
    )
    clean_new(sighting, known=["person"])
    sighting.save()
    return sighting


# --- persons -----------------------------------------------------------------------------

# No event the network records (an abduction, a report, a contact) happened before this day:
# an earlier date is a typing slip (0001-01-01, 1900 for 2019...), so it is refused.
EARLIEST_EVENT = datetime.date(1950, 1, 1)
# A name part holds at most this many spellings, each at most this long.
MAX_SPELLINGS = 20
MAX_SPELLING_LENGTH = 100
# Each spelling of her home place may be as long as the field holding the first one.
MAX_PLACE_LENGTH = 200
# A minus sign before a number that does not end a range ("-5", "about -5"; not "1996-1999").
_NEGATIVE = re.compile(r"(?:^|[^\d\s])\s*[-\u2212\u2013]\s*\d")


def birth_parse(text: str) -> tuple[int | None, int]:
    """A birth as typed (1998, about 25, 1996-1999) as (year, uncertainty in years).

    The one reading of a typed birth for the pages and the API; refuses, with a message for
    whoever typed it, what the matching engine's lenient parser would turn into a wrong year.
    """
    if _NEGATIVE.search(text):
        raise ValidationError(_("A birth year or an age cannot be negative."))
    digits = re.findall(r"\d+", text)
    # More than four digits is no year and no age (and more than 4,300 is no Python integer).
    years = [int(number) for number in digits] if all(len(n) <= 4 for n in digits) else []
    if years and max(years) >= 1000 and max(years) > timezone.localdate().year:
        raise ValidationError(_("The birth year cannot be in the future."))
    if len(years) == 2 and min(years) >= 1000 and years[0] > years[1]:
        raise ValidationError(
            _("Write the range from the earlier year to the later one: %(low)d-%(high)d.")
            % {"low": years[1], "high": years[0]}
        )
    try:
        return parse_birth_year(text)
    except ValueError:
        raise ValidationError(
            _("Give a birth year (1998), an age (25, about 25) or a range (1996-1999).")
        ) from None


def _validate_spellings(
    errors: dict[str, str], name: str, values: tuple[str, ...], longest: int = MAX_SPELLING_LENGTH
) -> None:
    if len(values) > MAX_SPELLINGS:
        errors[name] = _("Give at most %(n)d spellings of one name.") % {"n": MAX_SPELLINGS}
    elif any(len(value.strip()) > longest for value in values):
        errors[name] = _("A spelling may be at most %(n)d characters long.") % {"n": longest}


def _validate_details(details: PersonDetails) -> None:
    errors: dict[str, str] = {}
    # A spelling in which nothing shows (a direction mark pasted alone) is no name.
    spellings = (*details.names().values(), details.nicknames)
    if not any(tidy_spelling(value) for values in spellings for value in values):
        errors["given_names"] = _("Give at least one name (any part, any spelling).")
    for part, values in details.names().items():
        _validate_spellings(errors, part, tuple(values))
    _validate_spellings(errors, "nicknames", details.nicknames)
    _validate_spellings(errors, "home_place", details.home_places(), MAX_PLACE_LENGTH)
    today = timezone.localdate()
    if details.birth_year is not None and not 1900 <= details.birth_year <= 2100:
        errors["birth_year"] = _("Give a birth year between 1900 and 2100, or leave it empty.")
    elif details.birth_year is not None and details.birth_year > today.year:
        errors["birth_year"] = _("The birth year cannot be in the future.")
    if not 0 <= details.birth_year_uncertainty <= 30:
        errors["birth_year_uncertainty"] = _("The uncertainty is 0 to 30 years.")
    if details.sex not in ("", "f", "m"):
        errors["sex"] = _("Sex is f, m or unknown.")
    abducted = details.abducted_on
    if abducted is not None and abducted > today:
        errors["abducted_on"] = _("The date of abduction cannot be in the future.")
    elif abducted is not None and abducted < EARLIEST_EVENT:
        errors["abducted_on"] = _("The date of abduction cannot be before %(year)d.") % {
            "year": EARLIEST_EVENT.year
        }
    elif (
        abducted is not None
        and details.birth_year is not None
        and abducted.year < details.birth_year - details.birth_year_uncertainty
    ):
        errors["abducted_on"] = _(
            "The date of abduction is before she was born (born %(born)s)."
        ) % {"born": _born(details)}
    if errors:
        raise ValidationError(errors)


def person_validate(details: PersonDetails) -> None:
    """Check a person's details as :func:`person_create` will, every problem at once
    (imports check each row before they write any)."""
    _validate_details(details)


def _born(details: PersonDetails) -> str:
    year, uncertainty = details.birth_year, details.birth_year_uncertainty
    return f"{year} ±{uncertainty}" if uncertainty else str(year)


def _person_from_details(person: Person, details: PersonDetails) -> None:
    for part, values in details.names().items():
        setattr(person, part, union(values))
    person.nicknames = union(details.nicknames)
    person.sex = details.sex
    person.birth_year = details.birth_year
    person.birth_year_uncertainty = details.birth_year_uncertainty
    person.community = details.community.strip()
    person.home_place, person.home_place_variants = home_places_union(
        details.home_place, details.home_place_variants
    )
    person.abducted_on = details.abducted_on
    person.abduction_place = details.abduction_place.strip()
    person.distinguishing_marks = details.distinguishing_marks.strip()


def person_create(
    *, actor: User | None, details: PersonDetails, source_ref: str = "", once: str = ""
) -> Person:
    """Enter a person (without a report: imports). ``actor`` None means the command line.

    ``once``, as :func:`intake_submit` takes it: the same request saved again (the same nonce
    and details, by the same actor) enters no one and raises :class:`IntakeAlreadySaved`
    naming her; the person's unique ``intake_key`` decides.
    """
    if actor is not None:
        require_capability(actor, Capability.CASES_WRITE)
    _validate_details(details)
    person = _new_person(actor, details, source_ref)
    key = intake_key(actor=actor, once=once, details=details) if once and actor else None
    person.intake_key = key
    try:
        with transaction.atomic():
            audit_records(actor=actor, entries=[_person_insert(actor, person)])
    except IntegrityError:
        if key is None:
            raise
        first = Person.objects.filter(intake_key=key).values_list("pk", flat=True).first()
        if first is None:
            raise
        raise IntakeAlreadySaved(first) from None
    return person


def _new_person(actor: User | None, details: PersonDetails, source_ref: str = "") -> Person:
    """A new person from validated ``details``, cleaned and not yet stored: built outside
    the transaction, as on SQLite every writer waits while one holds the write lock."""
    person = Person(created_by=actor)
    _person_from_details(person, details)
    if source_ref:
        person.source_ref = source_ref
        person.source_ref_index = get_vault().blind_index(source_ref, REF_PURPOSE)
    # Her constraints: the birth year was validated with the details, and a new row is
    # merged into no one.
    clean_new(person, known=["created_by"], constraints=False)
    return person


def _person_insert(actor: User | None, person: Person) -> Entry:
    """Store a new person (in the caller's transaction): her first status, her search keys,
    her creator's grant and her re-match. Returns the audit entry the caller records."""
    person.save(force_insert=True)
    StatusChange.objects.create(
        person=person, from_status="", to_status=person.status, changed_by=actor
    )
    keys_refresh(person, new=True)
    grant_creator(actor, person)
    enqueue_rematch(person)
    return Entry("create", person)


def person_add_spellings(*, actor: User | None, person: Person, details: PersonDetails) -> Person:
    """Add what a new report says to a known person: new spellings, facts she lacked."""
    require_person_write(actor, person)
    with transaction.atomic():
        person = lock_unmerged(person)  # a report "same person" merged away meanwhile: refused
        changed = _absorb(person, details)
        if changed:
            person.version += 1
            person.full_clean()
            person.save()
            keys_refresh(person)
            audit_record(actor=actor, action="update", obj=person, detail={"fields": changed})
            enqueue_rematch(person)
    return person


def _absorb(person: Person, details: PersonDetails) -> list[str]:
    changed: list[str] = []
    for part, values in details.names().items():
        merged = union(getattr(person, part), values)
        if merged != list(getattr(person, part)):
            setattr(person, part, merged)
            changed.append(part)
    nicknames = union(person.nicknames, details.nicknames)
    if nicknames != list(person.nicknames):
        person.nicknames = nicknames
        changed.append("nicknames")
    fills: dict[str, object] = {
        "sex": details.sex,
        "birth_year": details.birth_year,
        "community": details.community.strip(),
        "abducted_on": details.abducted_on,
        "abduction_place": details.abduction_place.strip(),
        "distinguishing_marks": details.distinguishing_marks.strip(),
    }
    for name, value in fills.items():
        if value not in (None, "") and getattr(person, name) in (None, ""):
            setattr(person, name, value)
            changed.append(name)
            if name == "birth_year":
                person.birth_year_uncertainty = details.birth_year_uncertainty
    # Her home place as this report spells it: hers if she had none, else kept beside hers
    # as a name's spellings are.
    home_place, variants = home_places_union(
        person.home_place, person.home_place_variants or [], details.home_places()
    )
    if home_place != person.home_place:
        person.home_place = home_place
        changed.append("home_place")
    if variants != list(person.home_place_variants or []):
        person.home_place_variants = variants
        changed.append("home_place_variants")
    return changed


# The stored fields an edit replaces (the PersonDetails fields, birth as year and uncertainty).
EDIT_FIELDS = (
    *NAME_PARTS,
    "nicknames",
    "sex",
    "birth_year",
    "birth_year_uncertainty",
    "community",
    "home_place",
    "home_place_variants",
    "abducted_on",
    "abduction_place",
    "distinguishing_marks",
)
DETAIL_FIELDS = frozenset(f.name for f in fields(PersonDetails))


def person_update(
    *,
    actor: User,
    person: Person,
    details: PersonDetails,
    expected_version: int,
    only: Collection[str] | None = None,
) -> Person:
    """Replace a person's details (the edit form) unless someone changed her meanwhile.

    Names given here are the full lists. ``expected_version`` is the version the editor read;
    if the stored row has moved on (another edit, a status change, a merge...), nothing is
    written and :class:`~safepassage.concurrency.EditConflict` says so. ``only`` (names of
    ``PersonDetails`` fields: a partial update) keeps every other field as stored. Saving the
    same values again changes nothing and keeps the version.
    """
    require_person_write(actor, person)
    if only is not None and not set(only) <= DETAIL_FIELDS:
        raise ValueError(f"unknown fields: {sorted(set(only) - DETAIL_FIELDS)}")
    if only is None:
        _validate_details(details)
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        version_check(
            stored=person.version,
            expected=expected_version,
            merged=person.merged_into_id is not None,
        )
        if only is not None:
            details = replace(
                PersonDetails.of(person), **{name: getattr(details, name) for name in only}
            )
            _validate_details(details)
        before = {name: getattr(person, name) for name in EDIT_FIELDS}
        _person_from_details(person, details)
        changed = [name for name in EDIT_FIELDS if getattr(person, name) != before[name]]
        if not changed:
            return person
        person.version += 1
        person.full_clean()
        person.save()
        keys_refresh(person)
        audit_record(actor=actor, action="update", obj=person, detail={"fields": changed})
        enqueue_rematch(person)
    return person


def person_status_change(*, actor: User, person: Person, status: str, reason: str) -> StatusChange:
    """Change her status by hand (the person page, the API): only a status set by hand.

    Rescue planned, in transit, arrived and reunited follow the operations and aftercare flows
    that record the event (:func:`person_set_status` is their path); asking for one of them
    here is refused with a message naming the flow. Every change needs a reason, and so does
    reopening a closed case or setting aside a recorded death.
    """
    require_person_write(actor, person)
    person_status_check(person=person, status=status, reason=reason)
    return person_set_status(actor=actor, person=person, status=status, reason=reason)


def person_status_check(*, person: Person, status: str, reason: str) -> None:
    """Check a change by hand as :func:`person_status_change` does before it locks her row
    (writes nothing)."""
    if status in FLOW_SET:
        raise ValidationError({"status": str(FLOW_SET[status])})
    if status not in MANUAL_STATUSES:
        raise ValidationError({"status": _("Choose a status from the list.")})
    if not reason.strip():
        if person.status == PersonStatus.CLOSED:
            message = _("Say why the case is reopened.")
        elif person.status == PersonStatus.DECEASED:
            message = _("Say why her recorded death is set aside.")
        else:
            message = _("Say why the status changes.")
        raise ValidationError({"reason": message})


def status_unchanged() -> ValidationError:
    """The refusal of a change to the status she already has."""
    return ValidationError({"status": _("The person already has this status.")})


def person_set_status(
    *, actor: User, person: Person, status: str, reason: str | Said
) -> StatusChange:
    """Move her to any status; who, when and why are kept.

    The path of the flows that record the event behind a status (an operation starting or
    ending, reception, reunification) and of data set-up. A change made by hand goes through
    :func:`person_status_change`, which refuses the statuses these flows set. A flow gives
    its ``reason`` as a :class:`~safepassage.tracing.status_reasons.Said` (a sentence key and
    its values), so her timeline says it in each reader's language; a typed reason is a str.
    """
    require_person_write(actor, person)
    reason, reason_key, reason_params = stored(reason)
    if status not in PersonStatus.values:
        raise ValidationError({"status": _("Choose a status from the list.")})
    if not reason:
        raise ValidationError({"reason": _("Say why the status changes.")})
    with transaction.atomic():
        person = lock_unmerged(person)
        if person.status == status:
            raise status_unchanged()
        change = StatusChange(
            person=person,
            from_status=person.status,
            to_status=status,
            reason=reason,
            reason_key=reason_key,
            reason_params=reason_params,
            changed_by=actor,
        )
        change.full_clean()
        change.save()
        person.status = status
        person.version += 1
        person.save(update_fields=["status", "version", "updated_at"])
        audit_record(
            actor=actor,
            action="status.change",
            obj=person,
            detail={"from": change.from_status, "to": status},
        )
    return change


def person_link_create(*, actor: User, person: Person, other: Person, kind: str) -> PersonLink:
    """Record that ``other`` was taken with ``person`` (her child, her sister...)."""
    for record in (person, other):  # merged meanwhile? (the check below reads this field)
        record.refresh_from_db(fields=["merged_into"])
    require_person_write(actor, person)
    require_person_write(actor, other)
    with transaction.atomic():
        # Both rows locked as a merge locks them: a merge of either committed since the
        # check above is seen here, and a second link of the same pair waits for this one.
        for row in lock_pair(person.pk, other.pk):
            if row.merged_into_id is not None:
                raise merged_refusal()
        person_link_check(
            person=person,
            other=other,
            kind=kind,
            linked=PersonLink.objects.filter(person=person, other=other).exists,
        )
        link = PersonLink(person=person, other=other, kind=kind)
        link.full_clean()
        link.save()
        audit_record(
            actor=actor,
            action="create",
            obj=link,
            detail={"kind": kind, "person": str(person.pk), "other": str(other.pk)},
        )
    return link


def person_link_check(
    *, person: Person, other: Person, kind: str, linked: Callable[[], bool]
) -> None:
    """Check a link as :func:`person_link_create` does (writes nothing); ``linked`` says
    whether the two are linked already."""
    if kind not in PersonLinkKind.values:
        raise ValidationError({"kind": _("Choose how they are related.")})
    if person.pk == other.pk:
        raise ValidationError({"other": _("A person cannot be linked to herself.")})
    if linked():
        raise ValidationError({"other": _("These two are already linked.")})


def person_link_remove(*, actor: User, link: PersonLink) -> None:
    """Remove a link recorded by mistake (the audit log keeps who linked and who removed)."""
    require_person_write(actor, link.person)
    require_person_write(actor, link.other)
    with transaction.atomic():
        if not PersonLink.objects.filter(pk=link.pk).exists():
            raise ValidationError(_("This link was already removed."))
        audit_record(
            actor=actor,
            action="delete",
            obj=link,
            detail={"kind": link.kind, "person": str(link.person_id), "other": str(link.other_id)},
        )
        PersonLink.objects.filter(pk=link.pk).delete()


# --- reports -----------------------------------------------------------------------------


# The languages a family may ask to be spoken to in (the intake page's list; "" = not said).
REPORTER_LANGUAGES = ("", "ar", "ckb", "kmr", "en")


def _validate_report(report: ReportDetails) -> None:
    errors: dict[str, str] = {}
    if not report.reporter_name.strip():
        errors["reporter_name"] = _("Who reported? Give the family member's name.")
    if report.reported_on is not None and report.reported_on > timezone.localdate():
        errors["reported_on"] = _("The report date cannot be in the future.")
    elif report.reported_on is not None and report.reported_on < EARLIEST_EVENT:
        errors["reported_on"] = _("The report date cannot be before %(year)d.") % {
            "year": EARLIEST_EVENT.year
        }
    if report.preferred_language not in REPORTER_LANGUAGES:
        errors["preferred_language"] = _("Choose the language from the list, or leave it empty.")
    for number in report.reporter_phones:
        if number.strip() and not normalise_phone(number):
            errors["reporter_phones"] = _("%(number)s holds no digits.") % {"number": repr(number)}
    if errors:
        raise ValidationError(errors)


def report_create(
    *, actor: User | None, person: Person, report: ReportDetails, once: str = ""
) -> Report:
    """File a family member's report on a person and note every phone number it gives.

    ``once``: the same request saved again writes nothing and raises
    :class:`IntakeAlreadySaved` naming the first report (as :func:`intake_submit`)."""
    require_person_write(actor, person)
    key = intake_key(actor=actor, once=once, details=PersonDetails()) if once and actor else None
    row = _new_report(actor, person, report, intake_key=key)
    try:
        with transaction.atomic():
            lock_unmerged(person, whole=False)
            audit_records(actor=actor, entries=[_report_insert(row)])
            _numbers_reassess(row, actor=actor)
    except IntegrityError:
        saved = _saved_before(key)
        if saved is None:
            raise
        raise saved from None
    return row


def _saved_before(key: str | None) -> IntakeAlreadySaved | None:
    """What to raise for the report saved under ``key`` already; None if there is none (an
    integrity error then stands as it is)."""
    if key is None:
        return None
    first = Report.objects.filter(intake_key=key).values_list("pk", "person").first()
    if first is None:
        return None
    return IntakeAlreadySaved(first[1], report_id=first[0])


def _new_report(
    actor: User | None, person: Person, report: ReportDetails, *, intake_key: str | None = None
) -> Report:
    """A report on ``person`` from ``report``, checked and not yet stored."""
    _validate_report(report)
    row = Report(
        person=person,
        reporter_name=report.reporter_name.strip(),
        relationship=report.relationship.strip(),
        reporter_phones=[n.strip() for n in report.reporter_phones if n.strip()],
        reporter_village=report.reporter_village.strip(),
        preferred_language=report.preferred_language,
        names_as_reported=report.names_as_reported,
        knowledge=report.knowledge.strip(),
        reported_on=report.reported_on or timezone.localdate(),
        received_by=actor,
        intake_key=intake_key,
    )
    # The key's uniqueness is the database's to decide, at the insert (no query before it).
    clean_new(row, known=["person", "received_by", "intake_key"])
    return row


def _report_insert(row: Report) -> Entry:
    """Store a report (in the caller's transaction) and its phone sightings. Returns the
    audit entry the caller records."""
    row.save(force_insert=True)
    for number in row.reporter_phones:
        phone_sighting_add(number=number, source=row, person=row.person)
    return Entry("create", row, {"person": str(row.person_id), "phones": len(row.reporter_phones)})


def _numbers_reassess(row: Report, *, actor: User | None) -> None:
    """A report's numbers are new evidence for the open rescue requests resting on a
    contact from one of them ("number in another person's records"): those requests are
    assessed again (in the caller's transaction). A report without numbers changes no
    assessment."""
    indexes = [phone_index(number) for number in row.reporter_phones]
    if not any(indexes):
        return
    from safepassage.verification.services import assessments_recompute

    assessments_recompute(persons=[], trigger="report", actor=actor, numbers=indexes)


def intake_validate(*, details: PersonDetails, report: ReportDetails) -> None:
    """Check a report's details as :func:`intake_submit` will, every problem at once (the
    intake page's "check for matches" step asks before it shows any match)."""
    errors: dict[str, list[str]] = {}
    for check in (partial(_validate_details, details), partial(_validate_report, report)):
        try:
            check()
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)


class IntakeAlreadySaved(Exception):
    """The intake check a save was decided on has saved its report already (a second tap
    of "save", or a request sent again): nothing was written. ``person_id`` is the person
    the first save made or added the report to; ``report_id`` the report it saved (None when
    the save entered a person without a report)."""

    def __init__(self, person_id: object, *, report_id: object = None) -> None:
        super().__init__("This report was saved already.")
        self.person_id = person_id
        self.report_id = report_id


def intake_key(*, actor: User, once: str, details: PersonDetails) -> str:
    """The key a report saved on one intake check is stored under: a digest of who saves,
    the random nonce the check was given (``once``) and the details it checked, so the
    same check saves once, and details changed since (a new check) save anew."""
    text = f"{actor.pk}:{once}:{intake_fingerprint(details)}"
    return hashlib.sha256(text.encode()).hexdigest()


def intake_submit(
    *,
    actor: User,
    details: PersonDetails,
    report: ReportDetails,
    attach_to: Person | None = None,
    once: str = "",
) -> Report:
    """A new report: a new person, or (the caseworker chose "same person") an existing one.

    ``once``: the random nonce of the intake check the decision was taken on. A check saves
    one report: saved again (the same nonce and details), nothing is written and
    :class:`IntakeAlreadySaved` names the person of the first save. The database decides
    (the report's unique ``intake_key``), so two saves arriving at the same moment on two
    servers save one report between them.
    """
    require_capability(actor, Capability.CASES_WRITE)
    _validate_details(details)
    report = ReportDetails(
        **{**report.__dict__, "names_as_reported": details.names()}  # the words as given
    )
    key = intake_key(actor=actor, once=once, details=details) if once else None
    # Built and checked before the transaction, which then only writes: the rows, her
    # keys, the grant and the two audit events, without a savepoint per step.
    try:
        if attach_to is None:
            person = _new_person(actor, details)
            row = _new_report(actor, person, report, intake_key=key)
            with transaction.atomic():
                entries = [_person_insert(actor, person), _report_insert(row)]
                audit_records(actor=actor, entries=entries)  # both events, one append
                _numbers_reassess(row, actor=actor)
            return row
        row = _new_report(actor, attach_to, report, intake_key=key)
        with transaction.atomic():
            # Checks that she may be written to, and locks her row while her names grow.
            row.person = person_add_spellings(actor=actor, person=attach_to, details=details)
            audit_records(actor=actor, entries=[_report_insert(row)])
            _numbers_reassess(row, actor=actor)
        return row
    except IntegrityError:
        # The whole transaction (or its savepoint) is rolled back: nothing is half-written.
        saved = _saved_before(key)
        if saved is None:
            raise
        raise saved from None
