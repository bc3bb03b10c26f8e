"""Reunification with her family, and referrals to the services she needs."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from safepassage.accounts.decoy import pretend_clean, require_decoy_writer
from safepassage.accounts.models import User
from safepassage.accounts.permissions import ActionRefused
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
from safepassage.tracing.models import Person, PersonStatus, Report, StatusChange
from safepassage.tracing.services import person_set_status
from safepassage.tracing.status_reasons import Said, said, stored

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
    with transaction.atomic():
        member = _family_member_row(
            actor=actor,
            person=person,
            name=name,
            relationship=relationship,
            contact=contact,
            report=report,
            notes=notes,
        )
        member.full_clean()
        member.save()
        audit_record(actor=actor, action="create", obj=member, detail={"person": str(person.pk)})
    return member


def _family_member_row(
    *,
    actor: User,
    person: Person,
    name: str,
    relationship: str,
    contact: str,
    report: Report | None,
    notes: str,
) -> FamilyMember:
    """Every check of a new relative, then the unsaved row."""
    name = family_member_check(name=name, relationship=relationship, contact=contact)
    if report is not None and report.person_id != person.pk:
        raise ValidationError({"report": _("That report is about someone else.")})
    return FamilyMember(
        person=person,
        name=name,
        relationship=clean_text(relationship, "relationship", max_length=100),
        contact=clean_text(contact, "contact", max_length=200),
        report=report,
        notes=notes.strip(),
        created_by=actor,
    )


def _arrived_on(person_id: Any) -> datetime.date | None:
    """The day she arrived (the first arrival recorded), if any."""
    return (
        Arrival.objects.filter(person_id=person_id)
        .order_by("arrived_on")
        .values_list("arrived_on", flat=True)
        .first()
    )


def _not_before_earlier_steps(
    row: FamilyMember, day: datetime.date, field: str, arrived_on: datetime.date | None
) -> None:
    """Dates keep their order: her arrival ≤ the notification ≤ the meeting ≤ the reunion."""
    notified_on = timezone.localtime(row.notified_at).date() if row.notified_at else None
    earlier: list[tuple[datetime.date | None, str]] = [
        (arrived_on, _("The date cannot be before her arrival (%(date)s).")),
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


def _not_reunited(row: FamilyMember) -> FamilyMember:
    if row.stage == FamilyStage.REUNITED:
        raise ValidationError({"stage": _("This relative is already reunited with her.")})
    return row


def _locked(member: FamilyMember) -> FamilyMember:
    return _not_reunited(
        FamilyMember.objects.select_for_update().select_related("person").get(pk=member.pk)
    )


def _notify_check(how: str, at: Any) -> datetime.datetime:
    if how not in NotifyChannel.values:
        raise ValidationError({"how": _("Choose how the family was told.")})
    when = parse_moment(at, "at")
    if when > clock.now() + datetime.timedelta(minutes=5):
        raise ValidationError({"at": _("The time of notification cannot be in the future.")})
    return when


def _notify_apply(
    row: FamilyMember,
    *,
    actor: User,
    how: str,
    when: datetime.datetime,
    note: str,
    arrived_on: datetime.date | None,
) -> None:
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


def family_notify(
    *, actor: User, member: FamilyMember, how: str, at: Any = None, note: str = ""
) -> FamilyMember:
    """Record that the relative was told she is safe: by whom (the actor), how, when."""
    require_person_write(actor, member.person)
    when = _notify_check(how, at)
    with transaction.atomic():
        row = _locked(member)
        _notify_apply(
            row, actor=actor, how=how, when=when, note=note, arrived_on=_arrived_on(row.person_id)
        )
        row.full_clean()
        row.save()
        audit_record(actor=actor, action="family.notify", obj=row, detail={"how": how})
    return row


def _met_check(on: Any) -> datetime.date:
    day = parse_date(on, "met_on", required=True)
    not_in_future(day, "met_on", _("The date of meeting cannot be in the future."))
    assert day is not None  # noqa: S101  (required=True guarantees it)  # nosec B101
    return day


def _met_apply(row: FamilyMember, day: datetime.date, arrived_on: datetime.date | None) -> None:
    if row.stage == FamilyStage.IDENTIFIED:
        raise ValidationError({"stage": _("Record how the family was notified first.")})
    _not_before_earlier_steps(row, day, "met_on", arrived_on)
    row.stage = FamilyStage.MET
    row.met_on = day


def family_met(*, actor: User, member: FamilyMember, on: Any) -> FamilyMember:
    """Record the day she and the relative met."""
    require_person_write(actor, member.person)
    day = _met_check(on)
    with transaction.atomic():
        row = _locked(member)
        _met_apply(row, day, _arrived_on(row.person_id))
        row.full_clean()
        row.save()
        audit_record(actor=actor, action="family.met", obj=row)
    return row


def _reunite_check(on: Any) -> datetime.date:
    day = parse_date(on, "reunited_on", required=True)
    not_in_future(day, "reunited_on", _("The date of reunion cannot be in the future."))
    assert day is not None  # noqa: S101  (required=True guarantees it)  # nosec B101
    return day


def _reunite_apply(
    row: FamilyMember, person: Person, day: datetime.date, arrived_on: datetime.date | None
) -> None:
    if person.status not in (PersonStatus.ARRIVED, PersonStatus.REUNITED):
        raise ValidationError({"stage": _("Record her arrival before the reunion.")})
    if row.stage == FamilyStage.IDENTIFIED:
        raise ValidationError({"stage": _("Record how the family was notified first.")})
    _not_before_earlier_steps(row, day, "reunited_on", arrived_on)
    row.stage = FamilyStage.REUNITED
    row.reunited_on = day
    row.met_on = row.met_on or day
    row.hold_reason = ""


def _reunited_reason(reason: str, day: datetime.date) -> str | Said:
    return reason.strip() or said("reunited_on", date=day.isoformat())


def family_reunite(*, actor: User, member: FamilyMember, on: Any, reason: str = "") -> FamilyMember:
    """She is back with this relative; her status moves to reunited (who, when, why kept)."""
    require_person_write(actor, member.person)
    day = _reunite_check(on)
    with transaction.atomic():
        row = _locked(member)
        person = Person.objects.select_for_update().get(pk=row.person_id)
        _reunite_apply(row, person, day, _arrived_on(row.person_id))
        row.full_clean()
        row.save()
        if person.status != PersonStatus.REUNITED:
            person_set_status(
                actor=actor,
                person=person,
                status=PersonStatus.REUNITED,
                reason=_reunited_reason(reason, day),
            )
        audit_record(actor=actor, action="family.reunite", obj=row)
    return row


def _hold_check(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the reunion cannot happen yet.")})
    return reason


def family_hold(*, actor: User, member: FamilyMember, reason: str) -> FamilyMember:
    """Record why the reunion cannot happen yet (the family refuses, danger at home...)."""
    require_person_write(actor, member.person)
    reason = _hold_check(reason)
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


FOLLOW_UP_AHEAD = datetime.timedelta(days=366)


def _follow_up(value: Any, current: datetime.date | None = None) -> datetime.date | None:
    """The follow-up date; a new or changed one is not in the past (an unchanged one may be:
    that is what makes a referral overdue)."""
    day = parse_date(value, "follow_up_on")
    if day is None or day == current:
        return day
    if day < today():
        raise ValidationError({"follow_up_on": _("The follow-up date cannot be in the past.")})
    if day > today() + FOLLOW_UP_AHEAD:  # far off, it would never show as overdue
        raise ValidationError(
            {"follow_up_on": _("Set the follow-up within a year; set the next one then.")}
        )
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


def _referral_apply(row: Referral, *, status: str, follow_up_on: Any, note: str) -> list[str]:
    """Move ``row`` on as :func:`referral_update` asks; the fields changed (none: an error)."""
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
    return changed


def _referral_status_check(status: str) -> None:
    if status and status not in ReferralStatus.values:
        raise ValidationError({"status": _("Choose a status from the list.")})


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
    _referral_status_check(status)
    note = note.strip()
    with transaction.atomic():
        row = Referral.objects.select_for_update().get(pk=referral.pk)
        changed = _referral_apply(row, status=status, follow_up_on=follow_up_on, note=note)
        row.full_clean()
        row.save()
        audit_record(
            actor=actor,
            action="update",
            obj=row,
            detail={"fields": changed, "status": row.status},
        )
    return row


# --- a decoy's pretend saves on its pretend care page --------------------------------------
# The same checks as the saves above, on unsaved rows kept in the decoy's session only
# (:mod:`safepassage.aftercare.decoy`): no row, no audit event, no status change stored.


def family_member_pretend(
    *,
    actor: User,
    person: Person,
    name: str,
    relationship: str = "",
    contact: str = "",
    report: Report | None = None,
    notes: str = "",
) -> FamilyMember:
    """:func:`family_member_add` on a decoy's pretend person: the relative it would store."""
    require_decoy_writer(actor)
    member = _family_member_row(
        actor=actor,
        person=person,
        name=name,
        relationship=relationship,
        contact=contact,
        report=report,
        notes=notes,
    )
    pretend_clean(member, "person", "created_by", "report", "notified_by", new_id=True)
    member.created_at = timezone.now()
    return member


def family_step_pretend(
    *,
    actor: User,
    member: FamilyMember,
    step: str,
    arrived_on: datetime.date | None,
    how: str = "",
    at: Any = None,
    note: str = "",
    on: Any = None,
    reason: str = "",
) -> StatusChange | None:
    """:func:`family_notify`, :func:`family_met`, :func:`family_reunite` or
    :func:`family_hold` (``step``) on a decoy's pretend relative (``arrived_on``: her
    pretend arrival's day): ``member`` is moved on in memory; a reunion hands back the
    status change it would store for her (None when she is reunited already)."""
    require_decoy_writer(actor)
    change: StatusChange | None = None
    if step == "notify":
        when = _notify_check(how, at)
        _notify_apply(
            _not_reunited(member), actor=actor, how=how, when=when, note=note, arrived_on=arrived_on
        )
    elif step == "met":
        day = _met_check(on)
        _met_apply(_not_reunited(member), day, arrived_on)
    elif step == "reunite":
        day = _reunite_check(on)
        person = member.person
        _reunite_apply(_not_reunited(member), person, day, arrived_on)
        if person.status != PersonStatus.REUNITED:
            text, key, params = stored(_reunited_reason(reason, day))
            change = StatusChange(
                person=person,
                from_status=person.status,
                to_status=PersonStatus.REUNITED,
                reason=text,
                reason_key=key,
                reason_params=params,
                changed_by=actor,
            )
            change.changed_at = timezone.now()
    elif step == "hold":
        held = _hold_check(reason)
        _not_reunited(member).stage = FamilyStage.ON_HOLD
        member.hold_reason = held
    else:
        raise ActionRefused("You cannot do this.")
    pretend_clean(member, "person", "created_by", "report", "notified_by")
    return change


def referral_pretend(
    *,
    actor: User,
    person: Person,
    kind: str,
    service: str,
    she_consents: bool,
    follow_up_on: Any = None,
    notes: str = "",
) -> Referral:
    """:func:`referral_create` on a decoy's pretend person: the referral it would store."""
    require_decoy_writer(actor)
    day = referral_check(
        kind=kind, service=service, she_consents=she_consents, follow_up_on=follow_up_on
    )
    referral = Referral(
        person=person,
        kind=kind,
        service=service.strip(),
        consent_at=timezone.now(),
        follow_up_on=day,
        notes=notes.strip(),
        created_by=actor,
    )
    pretend_clean(referral, "person", "created_by", new_id=True)
    referral.created_at = timezone.now()
    return referral


def referral_update_pretend(
    *,
    actor: User,
    referral: Referral,
    status: str = "",
    follow_up_on: Any = UNCHANGED,
    note: str = "",
) -> Referral:
    """:func:`referral_update` of a decoy's pretend referral: moved on in memory only."""
    require_decoy_writer(actor)
    _referral_status_check(status)
    _referral_apply(referral, status=status, follow_up_on=follow_up_on, note=note.strip())
    pretend_clean(referral, "person", "created_by")
    return referral
