"""The bridge between stored persons and the matching engine.

Names are encrypted, so the database cannot compare them. Instead each person stores keyed
hashes (``BlockingKey``) of two kinds: the engine's blocking keys (two name parts together,
used to find duplicate candidates) and one search key per name token (used by name search).
Both are HMACs under a key derived from the vault, so the table says nothing to whoever holds
the disk, and a new report finds its candidates by computing its own digests.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from safepassage.matching import PersonRecord, blocking_keys, keyed, name_tokens
from safepassage.matching.normalize import loosen, token_skeleton
from safepassage.matching.records import split_spellings
from safepassage.tracing.models import BlockingKey, Person
from safepassage.vault.crypto import get_vault

MATCHING_PURPOSE = "matching"


@dataclass(frozen=True)
class PersonDetails:
    """What a report says about the person: every name part holds any number of spellings."""

    given_names: tuple[str, ...] = ()
    father_names: tuple[str, ...] = ()
    grandfather_names: tuple[str, ...] = ()
    family_names: tuple[str, ...] = ()
    mother_names: tuple[str, ...] = ()
    nicknames: tuple[str, ...] = ()
    sex: str = ""
    birth_year: int | None = None
    birth_year_uncertainty: int = 0
    community: str = ""
    home_place: str = ""
    # Other spellings of the home place (as the name parts hold several).
    home_place_variants: tuple[str, ...] = ()
    abducted_on: datetime.date | None = None
    abduction_place: str = ""
    distinguishing_marks: str = ""

    @classmethod
    def of(cls, person: Person) -> PersonDetails:
        """A stored person's current details (decrypted, in memory only)."""
        return cls(
            given_names=tuple(person.given_names or ()),
            father_names=tuple(person.father_names or ()),
            grandfather_names=tuple(person.grandfather_names or ()),
            family_names=tuple(person.family_names or ()),
            mother_names=tuple(person.mother_names or ()),
            nicknames=tuple(person.nicknames or ()),
            sex=person.sex,
            birth_year=person.birth_year,
            birth_year_uncertainty=person.birth_year_uncertainty,
            community=person.community,
            home_place=person.home_place,
            home_place_variants=tuple(person.home_place_variants or ()),
            abducted_on=person.abducted_on,
            abduction_place=person.abduction_place,
            distinguishing_marks=person.distinguishing_marks,
        )

    def names(self) -> dict[str, list[str]]:
        return {
            "given_names": list(self.given_names),
            "father_names": list(self.father_names),
            "grandfather_names": list(self.grandfather_names),
            "family_names": list(self.family_names),
            "mother_names": list(self.mother_names),
        }

    def record(self, ref: str = "new") -> PersonRecord:
        return PersonRecord(
            ref=ref,
            given_names=self.given_names,
            father_names=self.father_names,
            grandfather_names=self.grandfather_names,
            family_names=self.family_names,
            mother_names=self.mother_names,
            sex=self.sex or None,
            birth_year=self.birth_year,
            birth_year_uncertainty=self.birth_year_uncertainty,
            home_places=self.home_places(),
        )

    def home_places(self) -> tuple[str, ...]:
        """The home place and its other spellings, each once."""
        places = (self.home_place.strip(), *(v.strip() for v in self.home_place_variants))
        return tuple(dict.fromkeys(p for p in places if p))


def home_place_split(text: str) -> tuple[str, tuple[str, ...]]:
    """A home place as typed, "Kocho / كوجو" (separated as name spellings are): the first
    spelling, and the others."""
    spellings = split_spellings(text)
    return (spellings[0], spellings[1:]) if spellings else ("", ())


def matching_secret() -> bytes:
    return get_vault().derive_key(MATCHING_PURPOSE)


def person_record(person: Person) -> PersonRecord:
    """The engine's view of a stored person (decrypted values, in memory only)."""
    return PersonRecord(
        ref=str(person.pk),
        given_names=tuple(person.given_names or ()),
        father_names=tuple(person.father_names or ()),
        grandfather_names=tuple(person.grandfather_names or ()),
        family_names=tuple(person.family_names or ()),
        mother_names=tuple(person.mother_names or ()),
        sex=person.sex or None,
        birth_year=person.birth_year,
        birth_year_uncertainty=person.birth_year_uncertainty,
        home_places=tuple(person.home_places),
    )


def token_keys(texts: Iterable[str]) -> set[str]:
    """Plain search keys: the loose consonant skeleton of every name token."""
    keys: set[str] = set()
    for text in texts:
        for token in name_tokens(text):
            skel = loosen(token_skeleton(token.replace("th", "s")))
            if skel:
                keys.add(f"n:{skel}")
    return keys


def record_digests(record: PersonRecord, secret: bytes | None = None) -> set[str]:
    """Every keyed digest a stored record is filed under (blocking keys and search keys)."""
    secret = matching_secret() if secret is None else secret
    names = [
        *record.given_names,
        *record.father_names,
        *record.grandfather_names,
        *record.family_names,
        *record.mother_names,
    ]
    return keyed(blocking_keys(record) | token_keys(names), secret)


def candidate_digests(record: PersonRecord, secret: bytes | None = None) -> set[str]:
    """The digests a new report looks candidates up by (blocking keys only)."""
    return keyed(blocking_keys(record), matching_secret() if secret is None else secret)


def search_digests(query: str, secret: bytes | None = None) -> list[str]:
    """One digest per name token of a search query, in query order."""
    secret = matching_secret() if secret is None else secret
    out: list[str] = []
    for key in sorted(token_keys([query])):
        out.extend(keyed([key], secret))
    return out


def keys_refresh(person: Person, *, new: bool = False) -> bool:
    """Replace a person's stored keys with those of its current names (merged: none); whether
    any key was added or removed.

    ``new``: she was stored in this transaction and has no keys yet (nothing to read)."""
    wanted: set[str] = set()
    if person.merged_into_id is None:
        wanted = record_digests(person_record(person))
    have = (
        set()
        if new
        else set(BlockingKey.objects.filter(person=person).values_list("key", flat=True))
    )
    stale = have - wanted
    if stale:
        BlockingKey.objects.filter(person=person, key__in=stale).delete()
    BlockingKey.objects.bulk_create(
        [BlockingKey(person=person, key=k) for k in sorted(wanted - have)]
    )
    return bool(stale or wanted - have)
