"""The network's members (with status history), holders, and incidents."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Collection, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from safepassage.accounts.decoy import pretend_clean, require_decoy_writer
from safepassage.accounts.models import User
from safepassage.accounts.permissions import Capability, require_capability
from safepassage.audit.services import audit_record
from safepassage.intel.geo import parse_coordinates
from safepassage.intel.member_reasons import Said, stored
from safepassage.intel.models import (
    Holder,
    HolderNameKey,
    Incident,
    IncidentKind,
    Member,
    MemberRole,
    MemberStatus,
    MemberStatusChange,
    Place,
)
from safepassage.intel.names import clean_names, name_keys
from safepassage.intel.services._common import (
    clean_phone_numbers,
    grant_creator,
    recompute_for,
    record_phone_sightings,
)
from safepassage.operations import clock
from safepassage.tracing.models import Person

CHANNEL_KINDS = ("phone", "messenger", "other")
# Statuses that mean the other side may hold the member, their phone or their account.
ALERT_STATUSES = frozenset(
    {MemberStatus.COMPROMISED, MemberStatus.CAPTURED, MemberStatus.KILLED, MemberStatus.MISSING}
)
# Marked so, by hand or by an operation's outcome, his account is locked and its API tokens
# and sessions end (missing or compromised he may come back: those only close his field pages
# and stop his approvals counting).
LOST_STATUSES = frozenset({MemberStatus.CAPTURED, MemberStatus.KILLED})


def _clean_channels(channels: Sequence[Any]) -> list[dict[str, str]]:
    cleaned: list[dict[str, str]] = []
    for channel in channels:
        if not isinstance(channel, dict):
            raise ValidationError({"channels": _("Each channel has a kind and a value.")})
        kind = str(channel.get("kind", "")).strip()
        value = str(channel.get("value", "")).strip()
        if kind not in CHANNEL_KINDS:
            raise ValidationError(
                {
                    "channels": _("A channel kind is one of: %(kinds)s.")
                    % {"kinds": ", ".join(CHANNEL_KINDS)}
                }
            )
        if not value or len(value) > 200:
            raise ValidationError({"channels": _("A channel value has 1 to 200 characters.")})
        if kind == "phone":
            clean_phone_numbers([value], "channels")
        cleaned.append({"kind": kind, "value": value})
    return cleaned


def _phones(channels: list[dict[str, str]]) -> list[str]:
    return [c["value"] for c in channels if c["kind"] == "phone"]


def member_create(
    *,
    actor: User,
    codename: str,
    role: str,
    region: str = "",
    channels: Sequence[Any] = (),
    user: User | None = None,
    notes: str = "",
) -> Member:
    """Add a member of the network (coordinators only: members are the network's lifeline)."""
    require_capability(actor, Capability.OPERATIONS_MANAGE)

    def taken(name: str) -> bool:
        return Member.objects.filter(codename__iexact=name).exists()

    member = _member_row(
        actor=actor,
        codename=codename,
        role=role,
        region=region,
        channels=channels,
        user=user,
        notes=notes,
        taken=taken,
    )
    with transaction.atomic():
        member.full_clean()
        member.save()
        record_phone_sightings(numbers=_phones(member.channels), source=member)
        audit_record(actor=actor, action="create", obj=member, detail={"role": role})
    return member


def _member_row(
    *,
    actor: User,
    codename: str,
    role: str,
    user: User | None,
    taken: Callable[[str], bool],
    region: str = "",
    channels: Sequence[Any] = (),
    notes: str = "",
) -> Member:
    """Every check of a new member, then the unsaved row (``taken``: whether a codename is
    another member's already, in any case)."""
    codename = codename.strip()
    if not codename:
        raise ValidationError({"codename": _("Give a codename.")})
    if role not in MemberRole.values:
        raise ValidationError(
            {
                "role": _("Unknown role; choose one of: %(choices)s.")
                % {"choices": ", ".join(MemberRole.values)}
            }
        )
    if taken(codename):
        raise ValidationError({"codename": _("That codename is taken.")})
    if user is not None and (user.is_decoy or Member.objects.filter(user=user).exists()):
        raise ValidationError({"user": _("That account already belongs to a member.")})
    return Member(
        codename=codename,
        role=role,
        region=region.strip(),
        channels=_clean_channels(channels),
        user=user,
        notes=notes.strip(),
        created_by=actor,
    )


def member_pretend(*, actor: User, codenames: Collection[str] = (), **values: Any) -> Member:
    """:func:`member_create` for a decoy coordinator (its ``values`` but an account): the same
    checks, nothing written; the unsaved member (a random id, as a stored row's) is what the
    decoy's session keeps. Its ``codenames`` (its own pretend members') are the ones taken:
    the network's are no concern of it, and asking would tell it one exists."""
    require_decoy_writer(actor, Capability.OPERATIONS_MANAGE)
    folded = {c.casefold() for c in codenames}
    member = _member_row(
        actor=actor, user=None, taken=lambda name: name.casefold() in folded, **values
    )
    pretend_clean(member, "user", new_id=True)
    member.created_at = timezone.now()
    return member


def _status_change(
    *, actor: User, member: Member, status: str, reason: str | Said
) -> MemberStatusChange:
    """Every check of a member's new status, then the unsaved change."""
    if status not in MemberStatus.values:
        raise ValidationError(
            {
                "status": _("Unknown status; choose one of: %(choices)s.")
                % {"choices": ", ".join(MemberStatus.values)}
            }
        )
    reason, reason_key, reason_params = stored(reason)
    if not reason:
        raise ValidationError({"reason": _("Say why the status changes.")})
    if status == member.status:
        raise ValidationError({"status": _("The member already has this status.")})
    return MemberStatusChange(
        member=member,
        from_status=member.status,
        to_status=status,
        reason=reason,
        reason_key=reason_key,
        reason_params=reason_params,
        changed_by=actor,
    )


def member_set_status_pretend(
    *, actor: User, member: Member, status: str, reason: str | Said
) -> MemberStatusChange:
    """:func:`member_set_status` for a decoy coordinator's pretend member: the same checks,
    nothing written; the unsaved change (the member's status changed in memory) is what the
    decoy's session keeps in the member's history."""
    require_decoy_writer(actor, Capability.OPERATIONS_MANAGE)
    change = pretend_clean(
        _status_change(actor=actor, member=member, status=status, reason=reason),
        "member",
        new_id=True,
    )
    change.changed_at = timezone.now()
    member.status = status
    return change


def member_set_status(*, actor: User, member: Member, status: str, reason: str | Said) -> Member:
    """Change a member's status, keep the history; losing a member raises an alert at once,
    and one captured or killed loses his account (:data:`LOST_STATUSES`).

    A reason typed by a coordinator is a str, kept and shown as typed; a flow (an operation
    ending with the member captured) gives a :class:`~safepassage.sentences.Said` of
    :mod:`safepassage.intel.member_reasons`, so the history says it in each reader's language.
    """
    require_capability(actor, Capability.OPERATIONS_MANAGE)
    change = _status_change(actor=actor, member=member, status=status, reason=reason)
    from safepassage.verification.services import approver_trust_change

    # Marked compromised, captured, missing or killed, a coordinator's approvals stop counting
    # (active again, they count again): the requests they cleared are followed up.
    with transaction.atomic(), approver_trust_change(approver=member.user, actor=actor):
        change.full_clean()
        change.save()
        member.status = status
        member.save(update_fields=["status"])
        audit_record(
            actor=actor,
            action="member.status",
            obj=member,
            detail={"from": change.from_status, "to": status},
        )
        if status in LOST_STATUSES and member.user is not None:
            # His phone may be in other hands: as when an operation's outcome marks him.
            from safepassage.accounts.services import account_lock_lost

            account_lock_lost(actor=actor, user=member.user, reason=f"member {status}")
        if status in ALERT_STATUSES:
            from safepassage.operations.services import alert_raise

            alert_raise(
                kind="danger",
                key="member_status",
                params={"codename": member.codename, "member_status": member.status},
                subject=member,
            )
    recompute_for(trigger="member.status")
    return member


def _holder_row(*, actor: User, names: Sequence[str], aliases: Sequence[str], notes: str) -> Holder:
    """Every check of a new holder, then the unsaved row (names and aliases cleaned)."""
    cleaned, cleaned_aliases = clean_names(names), clean_names(aliases)
    if not cleaned and not cleaned_aliases:
        raise ValidationError({"names": _("Give at least one name or alias.")})
    if any(len(n) > 200 for n in (*cleaned, *cleaned_aliases)):
        raise ValidationError({"names": _("A name has at most 200 characters.")})
    return Holder(names=cleaned, aliases=cleaned_aliases, notes=notes.strip(), created_by=actor)


def holder_pretend(
    *, actor: User, names: Sequence[str], aliases: Sequence[str] = (), notes: str = ""
) -> Holder:
    """:func:`holder_create` for a decoy: the same checks, nothing written; the unsaved
    holder (a random id, as a stored row's) is what the decoy's session keeps, with the
    places it links (its own pretend ones, resolved before)."""
    require_decoy_writer(actor)
    holder = pretend_clean(
        _holder_row(actor=actor, names=names, aliases=aliases, notes=notes), new_id=True
    )
    holder.created_at = timezone.now()
    return holder


def holder_create(
    *,
    actor: User,
    names: Sequence[str],
    aliases: Sequence[str] = (),
    places: Sequence[Place] = (),
    notes: str = "",
) -> Holder:
    """Record someone who holds captives, with aliases and the places linked to them."""
    require_capability(actor, Capability.CASES_WRITE)
    holder = _holder_row(actor=actor, names=names, aliases=aliases, notes=notes)
    with transaction.atomic():
        holder.full_clean()
        holder.save()
        holder.places.set(places)
        HolderNameKey.objects.bulk_create(
            HolderNameKey(holder=holder, key=key)
            for key in sorted(name_keys([*holder.names, *holder.aliases], purpose="holder"))
        )
        grant_creator(actor, holder)
        audit_record(actor=actor, action="create", obj=holder, detail={"places": len(places)})
    return holder


def _incident_row(
    *,
    actor: User,
    kind: str,
    occurred_on: datetime.date,
    place: Place | None,
    latitude: Any,
    longitude: Any,
    description: str,
    phone_numbers: Sequence[str],
) -> Incident:
    """Every check of a new incident, then the unsaved row (its phone numbers cleaned)."""
    if kind not in IncidentKind.values:
        raise ValidationError(
            {
                "kind": _("Unknown kind; choose one of: %(choices)s.")
                % {"choices": ", ".join(IncidentKind.values)}
            }
        )
    if not isinstance(occurred_on, datetime.date):
        raise ValidationError({"occurred_on": _("Enter a date as YYYY-MM-DD.")})
    # A date to come would weigh on every trap check near it as the most recent incident.
    if occurred_on > timezone.localtime(clock.now()).date():
        raise ValidationError({"occurred_on": _("The incident cannot be dated in the future.")})
    coordinates = parse_coordinates(latitude, longitude)
    return Incident(
        kind=kind,
        occurred_on=occurred_on,
        place=place,
        coordinates=list(coordinates) if coordinates else None,
        description=description.strip(),
        phone_numbers=clean_phone_numbers(phone_numbers, "phone_numbers"),
        created_by=actor,
    )


def incident_create(
    *,
    actor: User,
    kind: str,
    occurred_on: datetime.date,
    place: Place | None = None,
    latitude: Any = None,
    longitude: Any = None,
    description: str = "",
    phone_numbers: Sequence[str] = (),
    members: Sequence[Member] = (),
    holders: Sequence[Holder] = (),
    places: Sequence[Place] = (),
    persons: Sequence[Person] = (),
) -> Incident:
    """Record a trap, ambush, arrest or betrayal; every open rescue request is re-assessed."""
    require_capability(actor, Capability.CASES_WRITE)
    incident = _incident_row(
        actor=actor,
        kind=kind,
        occurred_on=occurred_on,
        place=place,
        latitude=latitude,
        longitude=longitude,
        description=description,
        phone_numbers=phone_numbers,
    )
    numbers = incident.phone_numbers
    with transaction.atomic():
        incident.full_clean()
        incident.save()
        incident.members.set(members)
        incident.holders.set(holders)
        incident.places.set(places)
        incident.persons.set(persons)
        record_phone_sightings(numbers=numbers, source=incident)
        grant_creator(actor, incident)
        audit_record(
            actor=actor,
            action="create",
            obj=incident,
            detail={"kind": kind, "phone_numbers": len(numbers), "members": len(members)},
        )
    recompute_for(trigger="incident")
    return incident


def incident_pretend(
    *,
    actor: User,
    kind: str,
    occurred_on: datetime.date,
    place: Place | None = None,
    latitude: Any = None,
    longitude: Any = None,
    description: str = "",
    phone_numbers: Sequence[str] = (),
) -> Incident:
    """What a decoy's incident gets back instead of :func:`incident_create`'s save: the same
    checks, the unsaved row (with an id and its time), and nothing written: no row, no phone
    sighting, no audit event, no assessment. (A decoy sees no record of the network: the
    place, members, holders and persons it names are its pretend ones.) The caller keeps it in
    the decoy's session (:mod:`safepassage.intel.decoy`)."""
    require_decoy_writer(actor)
    incident = _incident_row(
        actor=actor,
        kind=kind,
        occurred_on=occurred_on,
        place=place,
        latitude=latitude,
        longitude=longitude,
        description=description,
        phone_numbers=phone_numbers,
    )
    pretend_clean(incident, "place", "created_by", new_id=True)
    incident.created_at = timezone.now()
    return incident
