"""Rebuild the keyed name hashes of places and holders (after a change in how names read)."""

from __future__ import annotations

from typing import TypeVar

from django.db import transaction
from django.db.models import Model

from safepassage.audit.services import audit_record
from safepassage.intel.models import Holder, HolderNameKey, Place, PlaceNameKey
from safepassage.intel.names import name_keys

K = TypeVar("K", PlaceNameKey, HolderNameKey)


def name_keys_rebuild() -> tuple[int, int]:
    """Every place's and holder's stored name keys, made again from their names as the
    matcher now reads them: (places and holders read, those whose keys changed). One
    transaction; run again, it changes nothing."""
    read = changed = 0
    with transaction.atomic():
        for place in Place.objects.all():
            read += 1
            changed += _replace(
                PlaceNameKey, "place", place, name_keys(place.names or [], purpose="place")
            )
        for holder in Holder.objects.all():
            read += 1
            wanted = name_keys([*(holder.names or []), *(holder.aliases or [])], purpose="holder")
            changed += _replace(HolderNameKey, "holder", holder, wanted)
        audit_record(
            actor=None,
            action="keys.rebuild",
            object_type="intel.Place",
            detail={"places_and_holders": read, "changed": changed},
        )
    return read, changed


def _replace(model: type[K], field: str, owner: Model, wanted: set[str]) -> bool:
    rows = model.objects.filter(**{field: owner})
    have = set(rows.values_list("key", flat=True))
    if have == wanted:
        return False
    rows.filter(key__in=have - wanted).delete()
    model.objects.bulk_create([model(**{field: owner, "key": k}) for k in sorted(wanted - have)])
    return True
