"""Phone numbers indexed anew after a change in how numbers are read.

A number's blind index is a keyed hash of its digits as :func:`vault.crypto.normalise_phone`
reads them. When that reading changes (the national form 0750… read as +964 750…), the indexes
stored by an earlier version no longer meet the ones a new number gets, and "this number was
seen before" (the trap check's strongest link) misses. Only the running instance holds the
key, so ``safepassage rekey`` rebuilds them, from the encrypted numbers, with this module.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from safepassage.audit.services import audit_record
from safepassage.tracing.models import Contact, PhoneSighting, Report
from safepassage.tracing.services.persons import phone_index


def sightings_reindex(*, source: Model, numbers: Iterable[str], person_id: Any = None) -> bool:
    """Bring the phone sightings of ``source`` in line with its ``numbers`` as they are read
    now, keeping whose they are and when they were seen; True when they changed. (In the
    caller's transaction.)"""
    label = source._meta.label
    existing = list(PhoneSighting.objects.filter(source_type=label, source_id=source.pk))
    wanted = {phone_index(n) for n in numbers} - {""}
    if {s.number_index for s in existing} == wanted:
        return False
    seen_at = min((s.seen_at for s in existing), default=None) or timezone.now()
    if existing:
        person_id = existing[0].person_id
    sightings_replace(source=source, indexes=wanted, person_id=person_id, seen_at=seen_at)
    return True


def sightings_replace(
    *, source: Model, indexes: Iterable[str], person_id: Any, seen_at: datetime.datetime
) -> None:
    """The phone sightings of ``source``: one per blind index, replacing those it had (in the
    caller's transaction)."""
    label = source._meta.label
    PhoneSighting.objects.filter(source_type=label, source_id=source.pk).delete()
    for index in sorted(set(indexes) - {""}):
        sighting = PhoneSighting(
            number_index=index,
            source_type=label,
            source_id=source.pk,
            person_id=person_id,
            seen_at=seen_at,
        )
        sighting.full_clean(exclude=["person"])  # hers, or None: given, not looked up
        sighting.save()


def phone_indexes_rebuild(*, batch: int = 500) -> tuple[int, int]:
    """Index anew every stored phone number (contacts, family reports, members' channels,
    incidents): (records read, records whose indexes changed). When any changed, the open
    rescue requests are assessed again, as a link to an earlier trap may show only now. Each
    batch is one transaction; run again, it changes nothing."""
    from safepassage.intel.models import Incident, Member

    read = changed = 0
    for model in (Contact, Report, Member, Incident):
        ids = list(model.objects.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), batch):
            with transaction.atomic():
                for row in model.objects.filter(pk__in=ids[start : start + batch]):
                    # A record without a number never had an index (one without digits
                    # is refused when recorded).
                    numbers = _numbers(row)
                    if not numbers:
                        continue
                    read += 1
                    changed += _reindex(row, numbers)
    audit_record(
        actor=None,
        action="phones.reindex",
        object_type="tracing.PhoneSighting",
        detail={"records": read, "changed": changed},
    )
    if changed:
        from safepassage.verification.services import assessments_recompute

        assessments_recompute(trigger="phone_index")
    return read, changed


def _numbers(row: Model) -> list[str]:
    """The phone numbers the record holds, as typed."""
    if isinstance(row, Contact):
        values: list[Any] = [row.number_used]
    elif isinstance(row, Report):
        values = list(row.reporter_phones or [])
    elif row._meta.label == "intel.Member":  # the values of its phone channels
        channels = getattr(row, "channels", None) or []
        values = [c.get("value", "") for c in channels if c.get("kind") == "phone"]
    else:  # an incident
        values = list(getattr(row, "phone_numbers", None) or [])
    return [str(n) for n in values if str(n).strip()]


def _reindex(row: Model, numbers: list[str]) -> bool:
    moved = False
    person_id = getattr(row, "person_id", None)
    if isinstance(row, Contact):
        index = phone_index(row.number_used)
        if row.number_index != index:
            Contact.objects.filter(pk=row.pk).update(number_index=index)
            moved = True
    return sightings_reindex(source=row, numbers=numbers, person_id=person_id) or moved
