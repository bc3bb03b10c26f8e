"""A decoy session's suspected duplicates: pairs of its own pretend persons, and its decisions.

A real network's review queue holds the pairs its re-match filed; an empty one in a decoy
would give it away once it has entered persons alike. So its queue lists the pairs of its
pretend persons that the real re-match would have filed: each person, when entered, scored
by the same matcher against those entered before her, at the queue's threshold, with the
same evidence, under an id worked out from the pair (the same on every page and answer).
Merging or keeping a pair apart runs the real checks (:mod:`safepassage.tracing.services.
pretend`) and is kept in its session only: the pair leaves its queue, a merge folds one
pretend person into the other (:func:`safepassage.tracing.decoy.merge_keep`), and undoing it
puts both back and the pair in its queue again. Nothing real is read and nothing is written.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.http import Http404, HttpRequest

from safepassage.accounts import decoy as sealed
from safepassage.accounts.models import User
from safepassage.tracing import decoy
from safepassage.tracing.keys import person_record
from safepassage.tracing.models import DuplicateCandidate, DuplicateStatus, Merge, Person
from safepassage.tracing.services import pretend
from safepassage.tracing.services.matching import QUEUE_THRESHOLD
from safepassage.tracing.services.merges import survivor_suggested

SLOT = "tracing.duplicate"  # the pairs it decided: each kept apart or merged
# Every pair of the persons a session keeps can be decided.
DECIDED_KEPT = sealed.KEEP * (sealed.KEEP - 1) // 2
QUEUE_LIMIT = 50  # as the real queue shows at most


def _pair_id(left: Person, right: Person) -> uuid.UUID:
    return sealed.derived_id(SLOT, left.pk, right.pk)


def _suspected(request: HttpRequest) -> list[DuplicateCandidate]:
    """Every pair of its pretend persons the real re-match would file, decided or not."""
    everyone = sorted(decoy.persons(request), key=lambda p: (p.created_at, str(p.pk)))
    rows: list[DuplicateCandidate] = []
    for number, her in enumerate(everyone):
        earlier = everyone[:number]
        for found in decoy.candidates(
            request, person_record(her), within=earlier, threshold=QUEUE_THRESHOLD, limit=20
        ):
            # As the real queue files a pair: left and right in the order of their ids, the
            # evidence's columns following them.
            left, right = sorted((her, found.person), key=lambda p: str(p.pk))
            evidence = found.evidence
            if left.pk != her.pk:
                evidence = [{**e, "left": e["right"], "right": e["left"]} for e in evidence]
            row = DuplicateCandidate(
                id=_pair_id(left, right),
                left=left,
                right=right,
                score=found.score,
                evidence=evidence,
                status=DuplicateStatus.OPEN,
            )
            row.created_at = her.created_at
            rows.append(row)
    return rows


def open_pairs(request: HttpRequest, *, limit: int = QUEUE_LIMIT) -> list[DuplicateCandidate]:
    """Its pairs waiting for review, highest score first, as the real queue lists them."""
    decided = set(sealed.kept_ids(request, SLOT))
    rows = [row for row in _suspected(request) if str(row.pk) not in decided]
    rows.sort(key=lambda row: (-row.score, str(row.pk)))
    return rows[:limit]


def suggestions(rows: list[DuplicateCandidate]) -> dict[Any, Any]:
    """For each pair, the record a merge keeps by default (a pretend person is on no
    operation)."""
    return {row.pk: survivor_suggested(row, underway=set()).pk for row in rows}


def pair_or_404(request: HttpRequest, candidate_id: Any) -> DuplicateCandidate:
    """Its pair with that id, waiting or decided (a pair decided is found, as a real one is,
    so the user is told so); 404 for any other id, a real pair's among them."""
    kept = sealed.find(request, SLOT, candidate_id)
    if kept is not None:
        # A pair merged: both lead to the one they became, as a merged record does.
        left, right = decoy.person(request, kept["left"]), decoy.person(request, kept["right"])
        if left is None or right is None:
            raise Http404
        row = DuplicateCandidate(
            id=uuid.UUID(str(candidate_id)),
            left=left,
            right=right,
            score=kept["score"],
            status=kept["status"],
        )
        return row
    found = next((r for r in _suspected(request) if str(r.pk) == str(candidate_id)), None)
    if found is None:
        raise Http404
    return found


def outcome(request: HttpRequest, candidate: DuplicateCandidate) -> Person | None:
    """After its pair was merged: the pretend person they became."""
    return decoy.person(request, candidate.left_id)


def _decided(request: HttpRequest, candidate: DuplicateCandidate) -> None:
    sealed.keep(
        request,
        SLOT,
        candidate.pk,
        {
            "left": str(candidate.left_id),
            "right": str(candidate.right_id),
            "score": candidate.score,
            "status": candidate.status,
        },
        at_most=DECIDED_KEPT,
    )


def dismiss(
    request: HttpRequest, *, actor: User, candidate: DuplicateCandidate
) -> DuplicateCandidate:
    """ "Not the same person": the pair leaves its queue and is not suggested again."""
    row = pretend.duplicate_dismiss_pretend(actor=actor, candidate=candidate)
    _decided(request, row)
    return row


def merge(
    request: HttpRequest,
    *,
    actor: User,
    candidate: DuplicateCandidate,
    survivor: Person | None = None,
) -> Merge:
    """Merge its pair into the named survivor, else the one suggested: the pair leaves its
    queue and the other pretend person is folded into her."""
    record, change = pretend.duplicate_merge_pretend(
        actor=actor, candidate=candidate, survivor=survivor
    )
    decoy.merge_keep(request, record, change, pair=candidate.pk)
    _decided(request, candidate)
    return record


def merge_undo(request: HttpRequest, *, actor: User, merge: Merge) -> Merge:
    """One of its merges undone: both persons as they were, and the pair it decided back in
    its queue, as a real undo reopens the pair."""
    record, pair = decoy.merge_undo(request, actor=actor, merge=merge)
    if pair:
        sealed.forget(request, SLOT, pair)
    return record
