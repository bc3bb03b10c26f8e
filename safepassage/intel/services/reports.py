"""Location reports: where a person is held, graded on the Admiralty scale."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from safepassage.accounts.decoy import pretend_clean, require_decoy_writer
from safepassage.accounts.models import User
from safepassage.accounts.permissions import (
    Capability,
    require_capability,
)
from safepassage.audit.services import audit_record
from safepassage.intel.geo import parse_coordinates
from safepassage.intel.models import (
    Holder,
    InfoCredibility,
    LocationReport,
    Member,
    Place,
    SourceReliability,
)
from safepassage.intel.services._common import recompute_for
from safepassage.tracing.models import Contact, Person
from safepassage.tracing.services.persons import EARLIEST_EVENT


def parse_grade(reliability: Any, credibility: Any) -> tuple[str, int]:
    """Source reliability A-F and information credibility 1-6, or a clear error."""
    errors: dict[str, str] = {}
    letter = str(reliability or "").strip().upper()
    if letter not in SourceReliability.values:
        errors["source_reliability"] = _("Source reliability is a letter from A to F.")
    number = 0
    try:
        number = int(str(credibility).strip())
    except (TypeError, ValueError):
        number = 0
    if number not in InfoCredibility.values:
        errors["info_credibility"] = _("Information credibility is a number from 1 to 6.")
    if errors:
        raise ValidationError(errors)
    return letter, number


def _location_report_row(
    *,
    actor: User,
    person: Person,
    source_reliability: Any,
    info_credibility: Any,
    source_member: Member | None,
    source_contact: Contact | None,
    place: Place | None,
    place_text: str,
    latitude: Any,
    longitude: Any,
    holder: Holder | None,
    held_since: datetime.date | None,
    reported_at: datetime.datetime | None,
    children_count: int | None,
    corroborated_by: LocationReport | None,
    notes: str,
) -> LocationReport:
    """Every check of a new location report, then the unsaved row (corroboration set)."""
    reliability, credibility = parse_grade(source_reliability, info_credibility)
    errors: dict[str, str] = {}
    if (source_member is None) == (source_contact is None):
        errors["source"] = _("Give exactly one source: a member or a contact.")
    if source_contact is not None and source_contact.person_id != person.pk:
        errors["source_contact"] = _("That contact is about another person.")
    coordinates = None
    try:
        coordinates = parse_coordinates(latitude, longitude)
    except ValidationError as exc:
        errors.update({k: v[0] for k, v in exc.message_dict.items()})
    place_text = place_text.strip()
    if place is None and not place_text and coordinates is None and "latitude" not in errors:
        errors["place"] = _("Say where: a place from the gazetteer, a description or coordinates.")
    if children_count is not None and not 0 <= children_count <= 30:
        errors["children_count"] = _("Children with her: a number from 0 to 30.")
    now = timezone.now()
    reported_at = reported_at or now
    if reported_at > now + datetime.timedelta(minutes=5):
        errors["reported_at"] = _("The report cannot be dated in the future.")
    if held_since is not None and held_since > reported_at.date():
        errors["held_since"] = _("She cannot have been held there since a date after the report.")
    elif held_since is not None and held_since < EARLIEST_EVENT:  # tracing's floor for dates
        errors["held_since"] = _("She cannot have been held there since before %(year)d.") % {
            "year": EARLIEST_EVENT.year
        }
    elif (
        held_since is not None
        and person.birth_year is not None
        and held_since.year < person.birth_year - person.birth_year_uncertainty
    ):
        errors["held_since"] = _(
            "She cannot have been held there since before she was born (born %(born)s)."
        ) % {"born": _born(person)}
    if corroborated_by is not None and corroborated_by.person_id != person.pk:
        errors["corroborated_by"] = _("The corroborating report is about another person.")
    if errors:
        raise ValidationError(errors)
    report = LocationReport(
        person=person,
        source_member=source_member,
        source_contact=source_contact,
        place=place,
        place_text=place_text,
        coordinates=list(coordinates) if coordinates else None,
        holder=holder,
        held_since=held_since,
        reported_at=reported_at,
        children_count=children_count,
        source_reliability=reliability,
        info_credibility=credibility,
        notes=notes.strip(),
        created_by=actor,
    )
    if corroborated_by is not None:
        if corroborated_by.source_key == report.source_key:
            raise ValidationError(
                {"corroborated_by": _("That report has the same source: it is not independent.")}
            )
        report.corroborated = True
        report.corroborated_by = corroborated_by
    return report


def location_report_create(
    *,
    actor: User,
    person: Person,
    source_reliability: Any,
    info_credibility: Any,
    source_member: Member | None = None,
    source_contact: Contact | None = None,
    place: Place | None = None,
    place_text: str = "",
    latitude: Any = None,
    longitude: Any = None,
    holder: Holder | None = None,
    held_since: datetime.date | None = None,
    reported_at: datetime.datetime | None = None,
    children_count: int | None = None,
    corroborated_by: LocationReport | None = None,
    notes: str = "",
) -> LocationReport:
    """Record where a person is held; the person's open rescue requests are re-assessed."""
    require_capability(actor, Capability.CASES_WRITE)
    with transaction.atomic():
        report = _location_report_row(
            actor=actor,
            person=person,
            source_reliability=source_reliability,
            info_credibility=info_credibility,
            source_member=source_member,
            source_contact=source_contact,
            place=place,
            place_text=place_text,
            latitude=latitude,
            longitude=longitude,
            holder=holder,
            held_since=held_since,
            reported_at=reported_at,
            children_count=children_count,
            corroborated_by=corroborated_by,
            notes=notes,
        )
        report.full_clean()
        report.save()
        if corroborated_by is not None and not corroborated_by.corroborated:
            corroborated_by.corroborated = True
            corroborated_by.corroborated_by = report
            corroborated_by.save(update_fields=["corroborated", "corroborated_by"])
        audit_record(
            actor=actor,
            action="create",
            obj=report,
            detail={"grade": report.grade, "corroborated": report.corroborated},
        )
    recompute_for(persons=[person], trigger="location_report")
    return report


def location_report_pretend(
    *,
    actor: User,
    person: Person,
    source_reliability: Any,
    info_credibility: Any,
    source_member: Member | None = None,
    source_contact: Contact | None = None,
    place: Place | None = None,
    place_text: str = "",
    latitude: Any = None,
    longitude: Any = None,
    holder: Holder | None = None,
    held_since: datetime.date | None = None,
    reported_at: datetime.datetime | None = None,
    children_count: int | None = None,
    corroborated_by: LocationReport | None = None,
    notes: str = "",
) -> LocationReport:
    """What a decoy's location report about its pretend person gets back instead of
    :func:`location_report_create`'s save: the same checks, the unsaved row (with an id and
    its time), and nothing written: no row, no audit event, no assessment, no alert. (A decoy
    sees no record of the network: the member, contact, place, holder and report it names are
    its pretend ones.) The caller keeps it in the decoy's session
    (:mod:`safepassage.intel.decoy`)."""
    require_decoy_writer(actor)
    report = _location_report_row(
        actor=actor,
        person=person,
        source_reliability=source_reliability,
        info_credibility=info_credibility,
        source_member=source_member,
        source_contact=source_contact,
        place=place,
        place_text=place_text,
        latitude=latitude,
        longitude=longitude,
        holder=holder,
        held_since=held_since,
        reported_at=reported_at,
        children_count=children_count,
        corroborated_by=corroborated_by,
        notes=notes,
    )
    pretend_clean(
        report,
        "person",
        "source_member",
        "source_contact",
        "place",
        "holder",
        "corroborated_by",
        "created_by",
        new_id=True,
    )
    report.created_at = timezone.now()
    return report


def _born(person: Person) -> str:
    year, uncertainty = person.birth_year, person.birth_year_uncertainty
    return f"{year} ±{uncertainty}" if uncertainty else str(year)
