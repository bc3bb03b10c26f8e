"""Reunification with her family, and referrals to the services she needs."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from safepassage.accounts.models import User
from safepassage.aftercare.models import (
    CLOSED_REFERRAL_STATUSES,
    Arrival,
    FamilyMember,
    FamilyStage,
    NotifyChannel,
    Referral,
    ReferralKind,
    ReferralStatus,
)
from safepassage.aftercare.services._common import (
    clean_text,
    not_in_future,
    parse_date,
    parse_moment,
    require_person_write,
    today,
)
from safepassage.audit.services import audit_record
from safepassage.operations import clock
from safepassage.tracing.models import Person, PersonStatus, Report
from safepassage.tracing.services import person_set_status
from safepassage.tracing.status_reasons import said

# --- reunification -------------------------------------------------------------------------


def family_member_check(*, name: str, relationship: str = "", contact: str = "") -> str:
    """Check a relative's details as ``family_member_add`` does (writes nothing); the name."""
    name = clean_text(name, "name", max_length=200)
    if not name:
        raise ValidationError({"name": _("Give the relative's name.")})
    clean_text(relationship, "relationship", max_length=100)
    clean_text(contact, "contact", max_length=200)
    return name


def family_member_add(
    *,
    actor: User,
    person: Person,
    name: str,
    relationship: str = "",
    contact: str = "",
    report: Report | None = None,
    notes: str = "",
) -> FamilyMember:
    """Identify a relative she can go back to (often the one who reported her)."""
    require_person_write(actor, person)
    name = family_member_check(name=name, relationship=relationship, contact=contact)
    if report is not None and report.person_id != person.pk:
        raise ValidationError({"report": _("That report is about someone else.")})
    with transaction.atomic():
        member = FamilyMember(
            person=person,
            name=name,
            relationship=clean_text(relationship, "relationship", max_length=100),
            contact=clean_text(contact, "contact", max_length=200),
            report=report,
            notes=notes.strip(),
            created_by=actor,
        )
        member.full_clean()
        member.save()
        audit_record(actor=actor, action="create", obj=member, detail={"person": str(person.pk)})
    return member


def _arrived_on(person_id: Any) -> datetime.date | None:
    """The day she arrived (the first arrival recorded), if any."""
    return (
        Arrival.objects.filter(person_id=person_id)
        .order_by("arrived_on")
        .values_list("arrived_on", flat=True)
        .first()
    )


def _not_before_earlier_steps(row: FamilyMember, day: datetime.date, field: str) -> None:
    """Dates keep their order: her arrival ≤ the notification ≤ the meeting ≤ the reunion."""
    notified_on = timezone.localtime(row.notified_at).date() if row.notified_at else None
    earlier: list[tuple[datetime.date | None, str]] = [
        (_arrived_on(row.person_id), _("The date cannot be before her arrival (%(date)s).")),
        (
            notified_on,
            _("The date cannot be before the family was notified (%(date)s)."),
        ),
    ]
    if field == "reunited_on":
        earlier.append((row.met_on, _("The date cannot be before they met (%(date)s).")))
    for before, message in earlier:
        if before is not None and day < before:
            raise ValidationError({field: message % {"date": before.isoformat()}})


def _locked(member: FamilyMember) -> FamilyMember:
    row = FamilyMember.objects.select_for_update().select_related("person").get(pk=member.pk)
    if row.stage == FamilyStage.REUNITED:
        raise ValidationError({"stage": _("This relative is already reunited with her.")})
    return row


def family_notify(
    *, actor: User, member: FamilyMember, how: str, at: Any = None, note: str = ""
) -> FamilyMember:
    """Record that the relative was told she is safe: by whom (the actor), how, when."""
    require_person_write(actor, member.person)
    if how not in NotifyChannel.values:
        raise ValidationError({"how": _("Choose how the family was told.")})
    when = parse_moment(at, "at")
    if when > clock.now() + datetime.timedelta(minutes=5):
        raise ValidationError({"at": _("The time of notification cannot be in the future.")})
    with transaction.atomic():
        row = _locked(member)
        arrived_on = _arrived_on(row.person_id)
        if arrived_on is not None and timezone.localtime(when).date() < arrived_on:
            raise ValidationError(
                {
                    "at": _("The date cannot be before her arrival (%(date)s).")
                    % {"date": arrived_on.isoformat()}
                }
            )
        later = [d for d in (row.met_on, row.reunited_on) if d is not None]
        if later and timezone.localtime(when).date() > min(later):
            raise ValidationError(
                {
                    "at": _("The notification cannot be after they met (%(date)s).")
                    % {"date": min(later).isoformat()}
                }
            )
        row.stage = FamilyStage.NOTIFIED
        row.notified_at = when
        row.notified_by = actor
        row.notified_how = how
        if note.strip():
            row.notes = "\n".join(x for x in (row.notes, note.strip()) if x)
        row.full_clean()
        row.save()
        audit_record(actor=actor, action="family.notify", obj=row, detail={"how": how})
    return row


def family_met(*, actor: User, member: FamilyMember, on: Any) -> FamilyMember:
    """Record the day she and the relative met."""
    require_person_write(actor, member.person)
    day = parse_date(on, "met_on", required=True)
    not_in_future(day, "met_on", _("The date of meeting cannot be in the future."))
    with transaction.atomic():
        row = _locked(member)
        if row.stage == FamilyStage.IDENTIFIED:
            raise ValidationError({"stage": _("Record how the family was notified first.")})
        assert day is not None  # noqa: S101  (required=True guarantees it)  # nosec B101
        _not_before_earlier_steps(row, day, "met_on")
        row.stage = FamilyStage.MET
        row.met_on = day
        row.full_clean()
        row.save()
        audit_record(actor=actor, action="family.met", obj=row)
    return row


def family_reunite(*, actor: User, member: FamilyMember, on: Any, reason: str = "") -> FamilyMember:
    """She is back with this relative; her status moves to reunited (who, when, why kept)."""
    require_person_write(actor, member.person)
    day = parse_date(on, "reunited_on", required=True)
    not_in_future(day, "reunited_on", _("The date of reunion cannot be in the future."))
    with transaction.atomic():
        row = _locked(member)
        person = Person.objects.select_for_update().get(pk=row.person_id)
        if person.status not in (PersonStatus.ARRIVED, PersonStatus.REUNITED):
            raise ValidationError({"stage": _("Record her arrival before the reunion.")})
        if row.stage == FamilyStage.IDENTIFIED:
            raise ValidationError({"stage": _("Record how the family was notified first.")})
        assert day is not None  # noqa: S101  (required=True guarantees it)  # nosec B101
        _not_before_earlier_steps(row, day, "reunited_on")
        row.stage = FamilyStage.REUNITED
        row.reunited_on = day
        row.met_on = row.met_on or day
        row.hold_reason = ""
        row.full_clean()
        row.save()
        if person.status != PersonStatus.REUNITED:
            person_set_status(
                actor=actor,
                person=person,
                status=PersonStatus.REUNITED,
                reason=reason.strip() or said("reunited_on", date=day.isoformat()),
            )
        audit_record(actor=actor, action="family.reunite", obj=row)
    return row


def family_hold(*, actor: User, member: FamilyMember, reason: str) -> FamilyMember:
    """Record why the reunion cannot happen yet (the family refuses, danger at home...)."""
    require_person_write(actor, member.person)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the reunion cannot happen yet.")})
    with transaction.atomic():
        row = _locked(member)
        row.stage = FamilyStage.ON_HOLD
        row.hold_reason = reason
        row.full_clean()
        row.save()
        audit_record(actor=actor, action="family.hold", obj=row)
    return row


# --- referrals -----------------------------------------------------------------------------


# Where a referral may go from each status. Done and declined are final: moving one back to
# sent or accepted reopens it, and only with a note saying why.
REFERRAL_NEXT: dict[str, frozenset[str]] = {
    ReferralStatus.SENT: frozenset(
        {ReferralStatus.ACCEPTED, ReferralStatus.DONE, ReferralStatus.DECLINED}
    ),
    ReferralStatus.ACCEPTED: frozenset({ReferralStatus.DONE, ReferralStatus.DECLINED}),
    ReferralStatus.DONE: frozenset(),
    ReferralStatus.DECLINED: frozenset(),
}
REFERRAL_REOPEN = frozenset({ReferralStatus.SENT, ReferralStatus.ACCEPTED})


def _follow_up(value: Any, current: datetime.date | None = None) -> datetime.date | None:
    """The follow-up date; a new or changed one is not in the past (an unchanged one may be:
    that is what makes a referral overdue)."""
    day = parse_date(value, "follow_up_on")
    if day is not None and day != current and day < today():
        raise ValidationError({"follow_up_on": _("The follow-up date cannot be in the past.")})
    return day


def _status_move(old: str, new: str, note: str) -> None:
    """Refuse a status change the referral's course does not allow."""
    if new in REFERRAL_NEXT[old]:
        return
    labels = {"old": ReferralStatus(old).label, "new": ReferralStatus(new).label}
    if old in CLOSED_REFERRAL_STATUSES and new in REFERRAL_REOPEN:
        if note:
            return
        raise ValidationError(
            {"note": _("This referral is “%(old)s”. To reopen it, say why in the note.") % labels}
        )
    raise ValidationError(
        {"status": _("A referral cannot go from “%(old)s” to “%(new)s”.") % labels}
    )


def referral_check(
    *, kind: str, service: str, she_consents: bool, follow_up_on: Any = None
) -> datetime.date | None:
    """Check a referral as ``referral_create`` does, every error at once (writes nothing);
    the follow-up date."""
    errors: dict[str, str] = {}
    if kind not in ReferralKind.values:
        errors["kind"] = _("Choose the kind of referral.")
    service = (service or "").strip()
    if not service:
        errors["service"] = _("Name the service she is referred to.")
    elif len(service) > 200:
        errors["service"] = _("At most %(n)d characters.") % {"n": 200}
    if not she_consents:
        errors["she_consents"] = _("Record her consent to this referral first.")
    day: datetime.date | None = None
    try:
        day = _follow_up(follow_up_on)
    except ValidationError as exc:
        errors.update({field: " ".join(texts) for field, texts in exc.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    return day


def referral_create(
    *,
    actor: User,
    person: Person,
    kind: str,
    service: str,
    she_consents: bool,
    follow_up_on: Any = None,
    notes: str = "",
) -> Referral:
    """Refer her to a service; refused unless she agreed to this referral."""
    require_person_write(actor, person)
    day = referral_check(
        kind=kind, service=service, she_consents=she_consents, follow_up_on=follow_up_on
    )
    service = service.strip()
    with transaction.atomic():
        referral = Referral(
            person=person,
            kind=kind,
            service=service,
            consent_at=timezone.now(),
            follow_up_on=day,
            notes=notes.strip(),
            created_by=actor,
        )
        referral.full_clean()
        referral.save()
        audit_record(
            actor=actor,
            action="create",
            obj=referral,
            detail={"person": str(person.pk), "kind": kind},
        )
    return referral


UNCHANGED: Any = object()


def referral_update(
    *,
    actor: User,
    referral: Referral,
    status: str = "",
    follow_up_on: Any = UNCHANGED,
    note: str = "",
) -> Referral:
    """Move a referral on (accepted, done, declined) and set the next follow-up date.

    ``follow_up_on`` left out keeps the stored date. A done or declined referral is reopened
    (back to sent or accepted) only with a note saying why.
    """
    require_person_write(actor, referral.person)
    if status and status not in ReferralStatus.values:
        raise ValidationError({"status": _("Choose a status from the list.")})
    note = note.strip()
    with transaction.atomic():
        row = Referral.objects.select_for_update().get(pk=referral.pk)
        day = UNCHANGED if follow_up_on is UNCHANGED else _follow_up(follow_up_on, row.follow_up_on)
        changed: list[str] = []
        if status and status != row.status:
            _status_move(row.status, status, note)
            row.status = status
            changed.append("status")
        if day is not UNCHANGED and day != row.follow_up_on:
            row.follow_up_on = day
            changed.append("follow_up_on")
        if note:
            row.notes = "\n".join(x for x in (row.notes, note) if x)
            changed.append("notes")
        if not changed:
            raise ValidationError({"status": _("Nothing to change.")})
        row.full_clean()
        row.save()
        audit_record(
            actor=actor,
            action="update",
            obj=row,
            detail={"fields": changed, "status": row.status},
        )
    return row
