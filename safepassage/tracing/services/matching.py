"""Matching stored persons: candidates for a new report, and the duplicate review queue.

Candidates are found through the stored keyed blocking keys: the new report's digests are
looked up in ``BlockingKey``, oversized blocks are skipped (as in the engine), and only the
persons found are decrypted and scored. Nothing decrypts the whole table.
"""

from __future__ import annotations

import json
import time
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.db import connections, router, transaction
from django.db.models import Q, QuerySet

from safepassage.audit.services import audit_record
from safepassage.matching import (
    DEFAULT_THRESHOLD,
    MAX_BLOCK,
    FieldEvidence,
    Matcher,
    PersonRecord,
    prepare,
)
from safepassage.tracing.keys import (
    PersonDetails,
    candidate_digests,
    keys_refresh,
    person_record,
)
from safepassage.tracing.models import (
    BlockingKey,
    DuplicateCandidate,
    DuplicateStatus,
    MatchModel,
    Person,
    PersonStatus,
)
from safepassage.vault.crypto import get_vault

# Candidates shown to a caseworker at intake: looser than the review queue's threshold,
# because a person decides, and a missed match costs more than one more line to read.
SHOW_THRESHOLD = 0.2
QUEUE_THRESHOLD = DEFAULT_THRESHOLD
OPEN_STATUSES = (
    PersonStatus.MISSING,
    PersonStatus.CONTACT,
    PersonStatus.LOCATED,
    PersonStatus.RESCUE_PLANNED,
    PersonStatus.IN_TRANSIT,
)
# The engine's prior weights, until weights estimated from the stored persons exist.
_PRIOR = Matcher()
FIT_SAMPLE = 3000
# Each process looks for newer weights at most once a minute, so a check costs no query.
RECHECK_SECONDS = 60.0
_cache: dict[str, Any] = {"id": None, "matcher": _PRIOR, "checked": -RECHECK_SECONDS}


def current_matcher() -> Matcher:
    """The newest fitted matcher (weights estimated from the data), else the priors."""
    now = time.monotonic()
    if now - _cache["checked"] >= RECHECK_SECONDS:
        latest = MatchModel.objects.order_by("-fitted_at").values_list("id", "params").first()
        if latest is not None and latest[0] != _cache["id"]:
            _cache.update(id=latest[0], matcher=Matcher.from_dict(latest[1]))
        _cache["checked"] = now
    matcher: Matcher = _cache["matcher"]
    return matcher


def matcher_cache_reset(*, checked: bool = False) -> None:
    """Forget the cached weights (``checked``: and treat the priors as just looked up)."""
    _cache.update(
        id=None, matcher=_PRIOR, checked=time.monotonic() if checked else -RECHECK_SECONDS
    )


def matcher_fit(*, sample: int = FIT_SAMPLE) -> MatchModel:
    """Estimate the weights (EM) on a random sample of stored persons and keep them.

    Runs in the worker; it decrypts the sample only, never serves it, and stores only the
    estimated probabilities.
    """
    persons = list(open_persons().order_by("?")[:sample])
    matcher = Matcher().fit([person_record(p) for p in persons])
    with transaction.atomic():
        model = MatchModel(params=matcher.to_dict(), records=len(persons))
        model.full_clean()
        model.save()
        audit_record(actor=None, action="matching.fit", obj=model, detail={"records": len(persons)})
    _cache.update(id=model.pk, matcher=matcher, checked=time.monotonic())
    return model


# At most this many blocked candidates are decrypted and scored per report.
MAX_SCORED = 50
CANDIDATE_FIELDS = (
    "id",
    "sealed",  # the names and home place
    "sex",
    "birth_year",
    "birth_year_uncertainty",
    "status",
    "merged_into",
    "created_at",
)


@dataclass(frozen=True)
class Candidate:
    """A stored person that may be the one described, with the score and its evidence."""

    person: Person
    score: float
    match_weight: float
    evidence: list[dict[str, Any]]


def evidence_rows(evidence: Iterable[FieldEvidence]) -> list[dict[str, Any]]:
    return [
        {
            "field": e.field,
            "level": e.level,
            "weight": e.weight,
            "left": e.left_value,
            "right": e.right_value,
        }
        for e in evidence
    ]


@lru_cache(maxsize=64)
def _ranked_sql(alias: str, digests: int) -> str:
    """Unmerged persons under the small blocks of ``digests`` keys, most keys shared first.

    Written once per database and number of digests: the same query set, compiled afresh
    for every report, cost the intake's check twice what the database takes to answer it.
    """
    quote = connections[alias].ops.quote_name
    blocks, persons = quote(BlockingKey._meta.db_table), quote(Person._meta.db_table)
    key = quote(BlockingKey._meta.get_field("key").column)
    person = quote(BlockingKey._meta.get_field("person").column)
    pk = quote(Person._meta.get_field("id").column)
    merged = quote(Person._meta.get_field("merged_into").column)
    marks = ", ".join(["%s"] * digests)
    # Table and column names come from the models and are quoted; every value is a parameter.
    return (
        f"SELECT b.{person} FROM {blocks} b JOIN {persons} p ON p.{pk} = b.{person} "  # noqa: S608  # nosec B608
        f"WHERE b.{key} IN (SELECT {key} FROM {blocks} WHERE {key} IN ({marks}) "
        f"GROUP BY {key} HAVING COUNT(*) <= %s) AND p.{merged} IS NULL "
        f"GROUP BY b.{person} ORDER BY COUNT(*) DESC, b.{person} LIMIT %s"
    )


def candidate_ids(
    record: PersonRecord, *, within: QuerySet[Person] | None = None, limit: int = MAX_SCORED
) -> list[str]:
    """Unmerged persons sharing blocking keys of bounded size with ``record``.

    Best first by the number of keys shared, at most ``limit``: the same person shares most
    keys (given+father, given+family, father+mother...), a namesake only one or two, and a
    bounded list keeps the decryption per report small on any size of table. ``within``
    narrows them (need-to-know, open cases); None is every person.
    """
    digests = list(dict.fromkeys(candidate_digests(record)))
    if not digests:
        return []
    alias = router.db_for_read(BlockingKey)
    # Within a narrower set, rank more, since some of the best may fall outside it.
    ranked = limit if within is None else limit * 3
    with connections[alias].cursor() as cursor:
        cursor.execute(_ranked_sql(alias, len(digests)), [*digests, MAX_BLOCK, ranked])
        to_key = Person._meta.get_field("id").to_python
        top = [to_key(row[0]) for row in cursor.fetchall()]
    if within is not None and top:
        keep = set(within.filter(pk__in=top).values_list("pk", flat=True))
        top = [pk for pk in top if pk in keep]
    return [str(pk) for pk in top[:limit]]


def find_candidates(
    record: PersonRecord,
    *,
    within: QuerySet[Person] | None = None,
    exclude: Collection[str] = (),
    threshold: float = SHOW_THRESHOLD,
    limit: int = 20,
) -> list[Candidate]:
    """Score the blocked candidates of ``record``; best first, at or above ``threshold``."""
    excluded = {str(x) for x in exclude}
    ids = [i for i in candidate_ids(record, within=within) if i not in excluded]
    if not ids:
        return []
    # Only what matching and the candidate list need is read (and decrypted).
    persons = Person.objects.filter(pk__in=ids).only(*CANDIDATE_FIELDS)
    return candidates_scored(record, persons, threshold=threshold, limit=limit)


def candidates_scored(
    record: PersonRecord,
    persons: Iterable[Person],
    *,
    threshold: float = SHOW_THRESHOLD,
    limit: int = 20,
) -> list[Candidate]:
    """Score ``persons`` (found by their blocking keys) against ``record``: best first, at or
    above ``threshold``, at most ``limit``."""
    new = prepare(record)
    matcher = current_matcher()
    found: list[Candidate] = []
    for person in persons:
        result = matcher.score_prepared(new, prepare(person_record(person)))
        if result.score >= threshold:
            found.append(
                Candidate(person, result.score, result.match_weight, evidence_rows(result.evidence))
            )
    found.sort(key=lambda c: (-c.score, str(c.person.pk)))
    return found[:limit]


FINGERPRINT_PURPOSE = "intake.check"


def intake_fingerprint(details: PersonDetails) -> str:
    """A keyed digest of what the match check looks at (names, sex, birth, home places).

    The intake page carries the digest of the details it checked (signed, in a hidden
    field), so that "new person" or "same person" is accepted only for details whose matches
    were shown. It is an HMAC under the vault's index key: it says nothing about the names to
    whoever reads it.
    """
    names = {
        part: sorted({value.strip() for value in values if value.strip()})
        for part, values in details.names().items()
    }
    checked = {
        **names,
        "sex": details.sex,
        "birth": [details.birth_year, details.birth_year_uncertainty],
        "home_place": details.home_place.strip(),
    }
    variants = sorted({v.strip() for v in details.home_place_variants if v.strip()})
    if variants:
        checked["home_place_variants"] = variants
    text = json.dumps(checked, ensure_ascii=False, sort_keys=True)
    return get_vault().blind_index(text, FINGERPRINT_PURPOSE)


def open_persons() -> QuerySet[Person]:
    return Person.objects.filter(status__in=OPEN_STATUSES)


def duplicates_refresh(*, person: Person) -> int:
    """Re-match one person against all others and file suspected duplicates for review."""
    if person.merged_into_id is not None:
        return 0
    filed = 0
    candidates = find_candidates(
        person_record(person), exclude={str(person.pk)}, threshold=QUEUE_THRESHOLD
    )
    with transaction.atomic():
        for candidate in candidates:
            left, right = sorted([person, candidate.person], key=lambda p: str(p.pk))
            existing = DuplicateCandidate.objects.filter(
                Q(left=left, right=right) | Q(left=right, right=left)
            ).first()
            evidence = candidate.evidence
            if left.pk != person.pk:  # evidence columns follow left/right
                evidence = [{**e, "left": e["right"], "right": e["left"]} for e in evidence]
            if existing is None:
                row = DuplicateCandidate(
                    left=left, right=right, score=candidate.score, evidence=evidence
                )
                row.full_clean()
                row.save()
                audit_record(actor=None, action="duplicate.suggest", obj=row)
                filed += 1
            elif existing.status == DuplicateStatus.OPEN:
                existing.score = candidate.score
                existing.evidence = evidence
                existing.save(update_fields=["score", "evidence"])
    return filed


def keys_rebuild(*, batch: int = 500) -> tuple[int, int]:
    """Rebuild every person's stored match and search keys from her names as the matcher now
    reads them, after a change in how names are read (a Sorani spelling, say): (persons read,
    persons whose keys changed). Each batch is one transaction; run again, it changes nothing.
    """
    ids = list(Person.objects.order_by("pk").values_list("pk", flat=True))
    read = changed = 0
    for start in range(0, len(ids), batch):
        with transaction.atomic():
            for person in Person.objects.filter(pk__in=ids[start : start + batch]):
                read += 1
                changed += keys_refresh(person)
    audit_record(
        actor=None,
        action="keys.rebuild",
        object_type="tracing.Person",
        detail={"persons": read, "changed": changed},
    )
    return read, changed
