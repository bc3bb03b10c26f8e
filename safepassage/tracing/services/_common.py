"""Helpers shared by the tracing services (not part of their public surface)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils.translation import gettext as _

from safepassage.accounts.models import User
from safepassage.accounts.permissions import (
    ActionRefused,
    Capability,
    can_access_record,
    has_capability,
    require_capability,
)
from safepassage.accounts.services import grant_create
from safepassage.matching.records import tidy_spelling
from safepassage.tracing.models import Person


def require_person_write(actor: User | None, person: Person) -> None:
    """The actor may change this person: write capability and need-to-know (None: the system)."""
    if actor is None:
        return
    require_capability(actor, Capability.CASES_WRITE)
    if not can_access_record(actor, person):
        raise ActionRefused("You cannot do this.")
    if person.merged_into_id is not None:
        raise merged_refusal()


def merged_refusal() -> ValidationError:
    """The refusal of a write to a record merged into another one."""
    return ValidationError(_("This person was merged into another record; open that one."))


def lock_unmerged(person: Person, *, whole: bool = True) -> Person:
    """Her row as stored now, locked in the caller's transaction (``whole=False``: only its
    id and ``merged_into`` read); refused with :func:`merged_refusal` if she was merged
    meanwhile.

    :func:`require_person_write` reads the record the request loaded, before the
    transaction: a merge committed in between would otherwise have the write land on the
    hidden record it just left (a merge locks both rows, so once hers is locked here, a
    merge of her either is seen or waits for this write and then moves it with the rest).
    """
    rows = Person.objects.select_for_update()
    row = (rows if whole else rows.only("pk", "merged_into")).get(pk=person.pk)
    if row.merged_into_id is not None:
        raise merged_refusal()
    return row


def lock_pair(first_id: Any, second_id: Any) -> tuple[Person, Person]:
    """Both rows, locked (in the caller's transaction) always in the same order, by id.

    Merging A into B while someone merges B into A (or undoes a merge of the two) would
    otherwise lock them in opposite orders, and PostgreSQL ends one of the two with a
    deadlock error; in one order, the later waits and then finds the pair decided.
    Returned as asked: (first, second).
    """
    rows = {
        pk: Person.objects.select_for_update().get(pk=pk)
        for pk in sorted({first_id, second_id}, key=lambda pk: uuid.UUID(str(pk)))
    }
    return rows[first_id], rows[second_id]


def clean_new(row: Model, *, known: Iterable[str] = (), constraints: bool = True) -> None:
    """``full_clean()`` a row about to be inserted, without the queries that cannot fail.

    Django checks that a new row's primary key is unique, and that every foreign key exists,
    with one query each. Here the key is a fresh random UUID, and ``known`` names the foreign
    keys set to rows this request has just read or written (the signed-in user, the person
    just created). The database still enforces both; intake was 39 statements before.
    ``constraints=False`` leaves out the model's constraints, which Django checks with a
    query each: for a caller that has just checked them itself (the database enforces them).
    """
    row.full_clean(exclude=["id", *known], validate_constraints=constraints)


def grant_creator(actor: User | None, person: Person) -> None:
    """Whoever enters a person keeps seeing her (coordinators see every case anyway)."""
    if actor is not None and not has_capability(actor, Capability.CASES_ALL):
        grant_create(actor=None, user=actor, obj=person, reason="entered the record")


def union(*lists: list[str] | tuple[str, ...]) -> list[str]:
    """Every spelling once, in first-seen order (exact duplicates only: variants are kept),
    each as ``tidy_spelling`` keeps it; one in which nothing shows is left out."""
    out: list[str] = []
    seen: set[str] = set()
    for values in lists:
        for value in values:
            text = tidy_spelling(value)
            if text and text not in seen:
                seen.add(text)
                out.append(text)
    return out


def home_places_union(
    home_place: str, *lists: list[str] | tuple[str, ...]
) -> tuple[str, list[str]]:
    """Her home place and its other spellings, with the spellings of ``lists`` added: the
    first spelling known stays hers, every other one is kept beside it (each once, exact
    duplicates only, as :func:`union` keeps name spellings)."""
    places = union([home_place], *lists)
    return (places[0], places[1:]) if places else ("", [])


def enqueue_rematch(person: Person) -> None:
    """Queue the background re-match of a changed person (runs after this transaction)."""
    from safepassage.tracing.tasks import rematch_person

    rematch_person.enqueue(str(person.pk))
