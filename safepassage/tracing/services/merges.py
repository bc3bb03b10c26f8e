"""Merging two records of one person, on a person's word, so that nothing is lost; and undo.

A merge moves every report, contact, secret, link, status change and phone sighting of the
merged record to the survivor, unions every name list, keeps the merged record's spellings
of her home place beside the survivor's, fills the survivor's empty fields (her photo too),
and records what moved in a ``Merge`` row. The merged record stays (``merged_into`` set), so
undo moves the same rows back and restores the survivor's fields as they were (keeping
what was changed there since).

Her status must stay true after a merge: the survivor takes the merged record's status when
that one is on an operation under way, or further along her journey (see
:func:`merge_status`), and the change is written in her timeline like any other.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from safepassage.accounts.models import Grant, User
from safepassage.accounts.permissions import ActionRefused, Capability, require_capability
from safepassage.audit.services import audit_record
from safepassage.tracing.journey import JOURNEY_ORDER
from safepassage.tracing.keys import keys_refresh
from safepassage.tracing.models import (
    NAME_PARTS,
    AuthSecret,
    Contact,
    DuplicateCandidate,
    DuplicateStatus,
    Merge,
    Person,
    PersonLink,
    PersonStatus,
    PhoneSighting,
    Report,
    StatusChange,
)
from safepassage.tracing.services._common import (
    enqueue_rematch,
    home_places_union,
    lock_pair,
    require_person_write,
    union,
)
from safepassage.tracing.status_reasons import said, stored

# Survivor fields a merge fills when hers is empty.
_FILL_FIELDS = (
    "sex",
    "birth_year",
    "birth_year_uncertainty",
    "community",
    "home_place",
    "abducted_on",
    "abduction_place",
    "distinguishing_marks",
)
# Survivor fields a merge may change (restored by undo).
SNAPSHOT_FIELDS = (*NAME_PARTS, "nicknames", "home_place_variants", *_FILL_FIELDS)


def fields_snapshot(person: Person) -> dict[str, Any]:
    """Her fields a merge may change, as undo needs them: before the merge, with those after
    it under ``"after"`` (undo keeps what changes after it)."""
    data: dict[str, Any] = {name: getattr(person, name) for name in SNAPSHOT_FIELDS}
    if isinstance(data["abducted_on"], datetime.date):
        data["abducted_on"] = data["abducted_on"].isoformat()
    return data


def _restore(person: Person, data: dict[str, Any]) -> None:
    for name in SNAPSHOT_FIELDS:
        value = data.get(name)
        if value is None and name == "home_place_variants":
            value = []  # a merge made before the field existed: she had no other spellings
        if name == "abducted_on" and isinstance(value, str):
            value = datetime.date.fromisoformat(value)
        setattr(person, name, value)


# Snapshot fields that hold lists of spellings, and fields that change only together.
_LIST_FIELDS = frozenset((*NAME_PARTS, "nicknames", "home_place_variants"))
_TOGETHER = (("birth_year", "birth_year_uncertainty"),)


def _as_before(now: dict[str, Any], before: dict[str, Any]) -> dict[str, Any]:
    """The survivor's fields once a merge is undone: as they were before it, except that a
    change made since the merge (an edit, a new report's spellings) is kept. Of a list of
    spellings only those the merge brought are taken out; a field changed since keeps its
    value. ``before["after"]`` holds the fields as the merge left them."""
    after = before.get("after")
    if not isinstance(after, dict):
        return before  # a merge recorded before the fields after it were kept
    out = dict(before)
    for name in SNAPSHOT_FIELDS:
        if name in _LIST_FIELDS:
            had, brought = before.get(name) or [], after.get(name) or []
            out[name] = [v for v in now[name] or [] if v in had or v not in brought]
    paired = {n for group in _TOGETHER for n in group}
    singles = [(n,) for n in SNAPSHOT_FIELDS if n not in _LIST_FIELDS and n not in paired]
    for group in (*_TOGETHER, *singles):
        if any(now[n] != after.get(n) for n in group):
            out.update({n: now[n] for n in group})
    return out


def fields_undo(survivor: Person, before: dict[str, Any]) -> None:
    """Put back the survivor's fields as they were before a merge, keeping what changed
    since it (nothing saved)."""
    _restore(survivor, _as_before(fields_snapshot(survivor), before))


def merge_undo_check(*, undone: bool, later: Callable[[], bool], survivor_merged: bool) -> None:
    """Refuse to undo a merge undone already, one with later merges of its survivor still
    standing (``later`` asked only then), or one whose survivor was merged again."""
    if undone:
        raise ValidationError(_("This merge was undone already."))
    if later():
        raise ValidationError(_("Undo the later merges of this person first."))
    if survivor_merged:
        raise ActionRefused(_("The survivor was merged again; undo that merge first."))


def _status_rank(status: str) -> int:
    """Closed ranks below every status, deceased above every one."""
    if status == PersonStatus.CLOSED:
        return -1
    if status == PersonStatus.DECEASED:
        return len(JOURNEY_ORDER)
    # Her journey, in order: a record further along knows more about where she is now.
    return JOURNEY_ORDER.index(PersonStatus(status))


def merge_status(
    survivor_status: str,
    merged_status: str,
    *,
    survivor_underway: bool = False,
    merged_underway: bool = False,
) -> str:
    """The status the survivor of a merge takes.

    A record on an operation under way wins: the operation set her status, and ending it sets
    the next one. Otherwise the status furthest along her journey (missing, contact, located,
    rescue planned, in transit, arrived, reunited) wins; a recorded death outranks them all,
    so a merge never hides it; a closed case ranks below them all, so closing one of two
    duplicate reports never closes the case of a woman still sought. On a tie the survivor
    keeps hers.
    """
    if survivor_underway != merged_underway:
        return merged_status if merged_underway else survivor_status
    if _status_rank(merged_status) > _status_rank(survivor_status):
        return merged_status
    return survivor_status


def _operation_persons() -> Any:
    """The operations app's rows for the persons an operation brings out (imported late:
    operations imports tracing)."""
    from safepassage.operations.models import OperationPerson

    return OperationPerson.objects


def persons_underway(persons: Iterable[Person]) -> set[Any]:
    """The ids of those of ``persons`` who are on an operation under way (one query)."""
    from safepassage.operations.models import OperationStatus

    return set(
        _operation_persons()
        .filter(person__in=[p.pk for p in persons], operation__status=OperationStatus.UNDERWAY)
        .values_list("person_id", flat=True)
    )


def _underway(person: Person) -> bool:
    """She is on an operation under way."""
    return person.pk in persons_underway([person])


def _shared_unfinished_operation(first: Person, second: Person) -> str:
    """The codename of an operation not yet ended that both records are on, or ""."""
    from safepassage.operations.models import ENDED_STATUSES

    rows = _operation_persons()
    shared = (
        rows.filter(
            person=first,
            operation__in=rows.filter(person=second).values("operation"),
        )
        .exclude(operation__status__in=[s.value for s in ENDED_STATUSES])
        .select_related("operation")
        .first()
    )
    return str(shared.operation.codename) if shared is not None else ""


def survivor_suggested(
    candidate: DuplicateCandidate, *, underway: set[Any] | None = None
) -> Person:
    """The record to keep by default: the one whose status a merge would keep, else the
    older. ``underway``: ids from :func:`persons_underway`, when the caller has them."""
    older, newer = sorted(
        (candidate.left, candidate.right), key=lambda p: (p.created_at, str(p.pk))
    )
    if underway is None:
        underway = persons_underway([older, newer])
    status = merge_status(
        older.status,
        newer.status,
        survivor_underway=older.pk in underway,
        merged_underway=newer.pk in underway,
    )
    return newer if status != older.status else older


def require_undecided(candidate: DuplicateCandidate) -> None:
    """Refuse a pair decided already (as it was read), saying how."""
    if candidate.status == DuplicateStatus.MERGED:
        raise ValidationError(_("These two records were already merged; nothing was changed."))
    if candidate.status == DuplicateStatus.DISMISSED:
        raise ValidationError(
            _("This pair was already marked as not the same person; nothing was changed.")
        )


def _require_open(candidate: DuplicateCandidate) -> None:
    """Refuse a pair someone decided meanwhile (another tab, another user), saying how."""
    candidate.refresh_from_db(fields=["status"])
    require_undecided(candidate)


def survivor_and_merged(
    candidate: DuplicateCandidate, survivor: Person | None, *, underway: set[Any] | None = None
) -> tuple[Person, Person]:
    """The record a merge of the pair keeps (``survivor``, else :func:`survivor_suggested`)
    and the one it merges into it; a survivor not of the pair is refused."""
    pair = [candidate.left, candidate.right]
    if survivor is None:
        survivor = survivor_suggested(candidate, underway=underway)
    if survivor.pk not in {p.pk for p in pair}:
        raise ValidationError(_("The survivor must be one of the pair."))
    return survivor, pair[1] if pair[0].pk == survivor.pk else pair[0]


def merge_status_change(survivor: Person, status: str, *, actor: User) -> StatusChange:
    """The change a merge writes in her timeline when she takes the merged record's status
    (unsaved, unchecked)."""
    why, why_key, why_params = stored(said("merged_further_along", status=status))
    return StatusChange(
        person=survivor,
        from_status=survivor.status,
        to_status=status,
        reason=why,
        reason_key=why_key,
        reason_params=why_params,
        changed_by=actor,
    )


def merge_details(survivor: Person, merged: Person) -> None:
    """Give ``survivor`` every name of ``merged``, the facts she lacks (her birth year with
    its uncertainty) and the merged record's spellings of her home place; nothing saved."""
    for part in (*NAME_PARTS, "nicknames"):
        setattr(survivor, part, union(getattr(survivor, part), getattr(merged, part)))
    for name in _FILL_FIELDS:
        if getattr(survivor, name) in (None, "") and getattr(merged, name) not in (None, ""):
            setattr(survivor, name, getattr(merged, name))
            if name == "birth_year":
                survivor.birth_year_uncertainty = merged.birth_year_uncertainty
    # Her home place as the merged record spells it is kept, as her names' spellings are.
    survivor.home_place, survivor.home_place_variants = home_places_union(
        survivor.home_place,
        survivor.home_place_variants or [],
        [merged.home_place],
        merged.home_place_variants or [],
    )


def duplicate_dismiss(*, actor: User, candidate: DuplicateCandidate) -> DuplicateCandidate:
    """ "Not the same person": the pair leaves the queue and is not suggested again."""
    _require_open(candidate)
    require_person_write(actor, candidate.left)
    require_person_write(actor, candidate.right)
    with transaction.atomic():
        candidate.status = DuplicateStatus.DISMISSED
        candidate.decided_by = actor
        candidate.decided_at = timezone.now()
        candidate.save(update_fields=["status", "decided_by", "decided_at"])
        audit_record(actor=actor, action="duplicate.dismiss", obj=candidate)
    return candidate


def _move(queryset: Any, **changes: Any) -> list[str]:
    ids = [str(pk) for pk in queryset.values_list("pk", flat=True)]
    if ids:
        queryset.model.objects.filter(pk__in=ids).update(**changes)
    return ids


def _references_from_other_apps() -> list[tuple[type[Model], str]]:
    """Every (model, field) outside tracing that points at a Person: requests, arrivals,
    referrals, operations' persons… They follow the person through a merge and back."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        if model._meta.app_label == "tracing":
            continue
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is Person:
                found.append((model, field.name))
    return found


def _move_references(source: Person, target: Person) -> dict[str, list[str]]:
    """Point other apps' rows at ``target``; a row that would clash with one the target
    already has (one arrival per person, one place in an operation) stays where it is."""
    moved: dict[str, list[str]] = {}
    for model, name in _references_from_other_apps():
        ids = []
        for pk in model._default_manager.filter(**{name: source}).values_list("pk", flat=True):
            try:
                with transaction.atomic():
                    model._default_manager.filter(pk=pk).update(**{name: target})
            except IntegrityError:
                continue
            ids.append(str(pk))
        if ids:
            moved[f"{model._meta.label}.{name}"] = ids
    return moved


def persons_merge(
    *,
    actor: User,
    survivor: Person,
    merged: Person,
    reason: str = "",
    candidate: DuplicateCandidate | None = None,
) -> Merge:
    """Merge ``merged`` into ``survivor`` (the actor must have access to both)."""
    require_capability(actor, Capability.CASES_WRITE)
    require_person_write(actor, survivor)
    require_person_write(actor, merged)
    if survivor.pk == merged.pk:
        raise ValidationError(_("A record cannot be merged with itself."))
    codename = _shared_unfinished_operation(survivor, merged)
    if codename:
        # One woman twice on one plan: the operation's own rows cannot be merged.
        raise ValidationError(
            _(
                "Both records are on operation %(codename)s, which has not ended. Take one of "
                "them off its plan first, or merge them after it ends."
            )
            % {"codename": codename}
        )
    with transaction.atomic():
        survivor, merged = lock_pair(survivor.pk, merged.pk)
        if survivor.merged_into_id or merged.merged_into_id:
            raise ValidationError(_("One of these records was merged already."))
        before = fields_snapshot(survivor)
        before["status"] = survivor.status
        status = merge_status(
            survivor.status,
            merged.status,
            survivor_underway=_underway(survivor),
            merged_underway=_underway(merged),
        )
        merge_details(survivor, merged)
        moved: dict[str, Any] = {
            "reports": _move(Report.objects.filter(person=merged), person=survivor),
            "contacts": _move(Contact.objects.filter(person=merged), person=survivor),
            "secrets": _move(AuthSecret.objects.filter(person=merged), person=survivor),
            "status_changes": _move(StatusChange.objects.filter(person=merged), person=survivor),
            "sightings": _move(PhoneSighting.objects.filter(person=merged), person=survivor),
            "links_out": [],
            "links_in": [],
            "grants": [],
            "candidate": str(candidate.pk) if candidate else "",
            "other_apps": _move_references(merged, survivor),
        }
        # Her photo, when the survivor has none, moves with the consent to show it.
        if not survivor.photo and merged.photo:
            before["photo_consent"] = survivor.photo_consent
            survivor.photo, survivor.photo_consent = merged.photo.name, merged.photo_consent
            merged.photo, merged.photo_consent = "", False
            moved["photo"] = survivor.photo.name
        # Links: move unless the survivor already has the same link or it would point at itself.
        for link in PersonLink.objects.filter(person=merged):
            if (
                link.other_id == survivor.pk
                or PersonLink.objects.filter(person=survivor, other_id=link.other_id).exists()
            ):
                continue
            PersonLink.objects.filter(pk=link.pk).update(person=survivor)
            moved["links_out"].append(str(link.pk))
        for link in PersonLink.objects.filter(other=merged):
            if (
                link.person_id == survivor.pk
                or PersonLink.objects.filter(person_id=link.person_id, other=survivor).exists()
            ):
                continue
            PersonLink.objects.filter(pk=link.pk).update(other=survivor)
            moved["links_in"].append(str(link.pk))
        if status != survivor.status:
            change = merge_status_change(survivor, status, actor=actor)
            change.full_clean()
            change.save()
            survivor.status = status
            moved["status_change"] = str(change.pk)
        # Whoever could see the merged record keeps seeing the same person.
        for grant in Grant.objects.filter(
            content_type__app_label="tracing",
            content_type__model="person",
            object_id=str(merged.pk),
        ):
            exists = Grant.objects.filter(
                user_id=grant.user_id,
                content_type_id=grant.content_type_id,
                object_id=str(survivor.pk),
            ).exists()
            if not exists:
                copy = Grant.objects.create(
                    user_id=grant.user_id,
                    content_type_id=grant.content_type_id,
                    object_id=str(survivor.pk),
                    reason="merged record",
                    granted_by=actor,
                    expires_at=grant.expires_at,
                )
                moved["grants"].append(str(copy.pk))
        survivor.version += 1
        survivor.full_clean()
        survivor.save()
        before["after"] = fields_snapshot(survivor)  # undo keeps what changes after this
        merged.merged_into = survivor
        merged.version += 1
        merged.save(
            update_fields=["merged_into", "photo", "photo_consent", "version", "updated_at"]
        )
        record = Merge(
            survivor=survivor,
            merged=merged,
            moved=moved,
            survivor_before=before,
            reason=reason.strip(),
            merged_by=actor,
        )
        record.full_clean()
        record.save()
        if candidate is not None:
            candidate.status = DuplicateStatus.MERGED
            candidate.decided_by = actor
            candidate.decided_at = timezone.now()
            candidate.save(update_fields=["status", "decided_by", "decided_at"])
        keys_refresh(survivor)
        keys_refresh(merged)
        audit_record(
            actor=actor,
            action="person.merge",
            obj=record,
            detail={
                "survivor": str(survivor.pk),
                "merged": str(merged.pk),
                "moved": {k: len(v) for k, v in moved.items() if isinstance(v, list | dict)},
            },
        )
        enqueue_rematch(survivor)
        # Her contacts and reports are together now: the trap check of her open rescue
        # requests (hers and those the merged record brings) must see all of them.
        _reassess([survivor], actor=actor)
    return record


def duplicate_merge(
    *, actor: User, candidate: DuplicateCandidate, survivor: Person | None = None
) -> Merge:
    """Merge a queued pair into the named survivor, else into :func:`survivor_suggested`."""
    _require_open(candidate)
    survivor, merged = survivor_and_merged(candidate, survivor)
    return persons_merge(actor=actor, survivor=survivor, merged=merged, candidate=candidate)


def _restore_status(survivor: Person, merge: Merge) -> None:
    """Put back the status the merge changed, unless her status has moved on since."""
    own = merge.moved.get("status_change")
    change = StatusChange.objects.filter(pk=own, person=survivor).first() if own else None
    if change is None:
        return
    later = StatusChange.objects.filter(person=survivor, changed_at__gt=change.changed_at)
    if survivor.status != change.to_status or later.exists():
        return  # a later change is real news: keep it, and the merge's entry before it
    survivor.status = merge.survivor_before.get("status", change.from_status)
    change.delete()


def merge_undo(*, actor: User, merge: Merge) -> Merge:
    """Move everything back where it came from and restore the survivor's fields."""
    require_capability(actor, Capability.CASES_WRITE)
    require_person_write(actor, merge.survivor)
    later = Merge.objects.filter(
        Q(survivor=merge.survivor) | Q(merged=merge.survivor),
        undone_at__isnull=True,
        merged_at__gt=merge.merged_at,
    )
    merge_undo_check(
        undone=merge.undone_at is not None,
        later=later.exists,
        survivor_merged=merge.survivor.merged_into_id is not None,
    )
    moved = merge.moved
    with transaction.atomic():
        survivor, merged = lock_pair(merge.survivor_id, merge.merged_id)
        back = {"person": merged}
        Report.objects.filter(pk__in=moved.get("reports", [])).update(**back)
        Contact.objects.filter(pk__in=moved.get("contacts", [])).update(**back)
        AuthSecret.objects.filter(pk__in=moved.get("secrets", [])).update(**back)
        StatusChange.objects.filter(pk__in=moved.get("status_changes", [])).update(**back)
        PhoneSighting.objects.filter(pk__in=moved.get("sightings", [])).update(**back)
        PersonLink.objects.filter(pk__in=moved.get("links_out", [])).update(person=merged)
        PersonLink.objects.filter(pk__in=moved.get("links_in", [])).update(other=merged)
        Grant.objects.filter(pk__in=moved.get("grants", [])).delete()
        for label, ids in moved.get("other_apps", {}).items():
            model_label, name = label.rsplit(".", 1)
            model = apps.get_model(model_label)
            model._default_manager.filter(pk__in=ids).update(**{name: merged})
        photo = moved.get("photo")
        if photo and survivor.photo.name == photo:
            # Back with the consent as it stands now (one withdrawn since stays withdrawn).
            merged.photo, merged.photo_consent = photo, survivor.photo_consent
            survivor.photo = ""
            survivor.photo_consent = merge.survivor_before.get("photo_consent", False)
        fields_undo(survivor, merge.survivor_before)
        _restore_status(survivor, merge)
        survivor.version += 1
        survivor.full_clean()
        survivor.save()
        merged.merged_into = None
        merged.version += 1
        merged.save(
            update_fields=["merged_into", "photo", "photo_consent", "version", "updated_at"]
        )
        if moved.get("candidate"):
            DuplicateCandidate.objects.filter(pk=moved["candidate"]).update(
                status=DuplicateStatus.OPEN, decided_by=None, decided_at=None
            )
        merge.undone_at = timezone.now()
        merge.undone_by = actor
        merge.save(update_fields=["undone_at", "undone_by"])
        keys_refresh(survivor)
        keys_refresh(merged)
        audit_record(actor=actor, action="person.merge_undo", obj=merge)
        _reassess([survivor, merged], actor=actor)
    return merge


def _reassess(persons: list[Person], *, actor: User) -> None:
    """Re-run the trap check of their open rescue requests (what they rest on moved)."""
    from safepassage.verification.services import assessments_recompute

    assessments_recompute(persons=persons, trigger="merge", actor=actor)
