"""Fellegi-Sunter scoring with parameters estimated from the data by EM.

For every field and agreement level the model holds ``m`` (how often the level
occurs when two reports describe the same person) and ``u`` (how often it
occurs for two different people).  A level contributes ``log2(m/u)`` bits of
evidence; missing values contribute nothing.

Estimation, as in Splink: ``u`` is counted on random record pairs (almost all
of which are different people), ``m`` and the share of true matches among the
candidate pairs are estimated by expectation-maximisation over the blocked
candidate pairs, starting from, and regularised towards, hand-set priors.
Below ``MIN_FIT_RECORDS`` records the priors are used unchanged.

Relatives break the independence assumption of the plain model: sisters share
father, grandfather, mother, family name and village, so summing those
agreements would merge them.  The model therefore reads the fields as a
hierarchy.  When the fields that tell siblings apart (given name, sex)
disagree, agreement on the lineage fields is evidence of "same family", not
"same person", and their positive weight is dropped.  When the parents
disagree, agreement on clan fields (grandfather, family name, village) is
likewise capped, which keeps cousins apart.  The same rule is applied inside
EM so that estimation and scoring agree.

``ScoreResult.score`` is the posterior match probability: the logistic of the
total weight plus the prior log-odds of a match among candidate pairs.
"""

from __future__ import annotations

import itertools
import math
import random
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

from .compare import (
    B_DATE_CLOSE,
    B_DATE_EXACT,
    B_EXACT,
    B_FAR,
    B_NEAR,
    B_WITHIN,
    FIELD_INDEX,
    FIELDS,
    MISSING,
    N_CLOSE,
    N_DISAGREE,
    N_EXACT,
    N_IDENT,
    N_PARTIAL,
    N_SKEL,
    PreparedRecord,
    compare_prepared,
    display,
    field_levels,
    prepare,
)
from .keys import MAX_BLOCK, blocking_keys, candidate_pairs, keyed, lookup
from .records import PersonRecord

__all__ = ["FieldEvidence", "Matcher", "ScoreResult"]

MIN_FIT_RECORDS = 50
U_SAMPLE = 40_000
EM_ITERATIONS = 25
PRIOR_STRENGTH = 30.0  # pseudo-pairs pulling m towards the prior
CLAN_CAP_BITS = 1.0

Probabilities = dict[str, list[float]]

# EM training sessions: pairs agreeing exactly on these two fields.
SESSIONS: tuple[tuple[str, ...], ...] = (
    ("given", "father"),
    ("father", "family"),
    ("given", "family"),
    ("father", "mother"),
    ("given", "birth"),
    ("family", "birth"),
    ("birth",),
    ("given",),
    ("family",),
)
FIT_ROUNDS = 2
MIN_SESSION_PAIRS = 30

# Priors, best level first (see compare.field_levels).
_NAME_M = [0.40, 0.40, 0.08, 0.02, 0.05, 0.05]
_NAME_U = [0.015, 0.015, 0.02, 0.02, 0.08, 0.85]
PRIOR_M: Probabilities = {
    "given": [0.45, 0.40, 0.08, 0.02, 0.03, 0.02],
    "father": list(_NAME_M),
    "grandfather": list(_NAME_M),
    "family": [0.42, 0.40, 0.08, 0.02, 0.04, 0.04],
    "mother": list(_NAME_M),
    "sex": [0.98, 0.02],
    "birth": [0.55, 0.2, 0.12, 0.08, 0.03, 0.02],
    "home": [0.35, 0.30, 0.10, 0.03, 0.07, 0.15],
}
PRIOR_U: Probabilities = {
    "given": [0.01, 0.01, 0.01, 0.01, 0.06, 0.90],
    "father": list(_NAME_U),
    "grandfather": list(_NAME_U),
    "family": [0.025, 0.025, 0.02, 0.01, 0.07, 0.85],
    "mother": list(_NAME_U),
    "sex": [0.5, 0.5],
    "birth": [0.0002, 0.001, 0.03, 0.08, 0.12, 0.7688],
    "home": [0.04, 0.04, 0.03, 0.02, 0.07, 0.80],
}
PRIOR_LAMBDA = 0.05

_IDENTITY = (FIELD_INDEX["given"], FIELD_INDEX["sex"])
_PARENTS = (FIELD_INDEX["father"], FIELD_INDEX["mother"])
_CLAN = (FIELD_INDEX["grandfather"], FIELD_INDEX["family"], FIELD_INDEX["home"])
_LINEAGE = _PARENTS + _CLAN
_ANCESTORS = (*_PARENTS, FIELD_INDEX["grandfather"])
_DISAGREE = {i: len(field_levels(f)) - 1 for i, f in enumerate(FIELDS)}
_BIRTH = FIELD_INDEX["birth"]
_GIVEN = FIELD_INDEX["given"]


@dataclass(frozen=True, slots=True)
class FieldEvidence:
    """One line of the explanation shown to a caseworker."""

    field: str
    level: str
    weight: float
    left_value: str
    right_value: str


@dataclass(frozen=True, slots=True)
class ScoreResult:
    """Posterior match probability and its field-by-field evidence."""

    score: float
    match_weight: float
    evidence: list[FieldEvidence] = field(default_factory=list)


def _normalise(values: list[float]) -> list[float]:
    total = sum(values)
    return [v / total for v in values]


def _exact(field_index: int, level: int) -> bool:
    if field_index == _BIRTH:
        return level in (B_DATE_EXACT, B_DATE_CLOSE, B_EXACT)
    return level in (N_IDENT, N_EXACT)


def _monotone(field: str, weights: list[float]) -> list[float]:
    """Better agreement never weighs less than worse agreement."""
    w = list(weights)
    if field == "sex":
        return w
    if field == "birth":
        chains = [(B_DATE_EXACT, B_DATE_CLOSE, B_WITHIN), (B_EXACT, B_WITHIN, B_NEAR, B_FAR)]
    else:
        chains = [
            (N_IDENT, N_EXACT, N_CLOSE, N_PARTIAL, N_DISAGREE),
            (N_CLOSE, N_SKEL, N_DISAGREE),
        ]
    for chain in chains:
        for a, b in itertools.pairwise(chain):
            if w[b] > w[a]:
                w[b] = w[a]
    return w


def _identity_disagrees(vec: tuple[int, ...]) -> bool:
    return any(vec[i] == _DISAGREE[i] for i in _IDENTITY)


def _same_parents(vec: tuple[int, ...]) -> bool:
    """Agreement on a parent or grandfather: the pair is at least relatives."""
    return any(MISSING != vec[i] <= N_CLOSE for i in _ANCESTORS)


def _parents_disagree(vec: tuple[int, ...]) -> bool:
    return any(vec[i] == N_DISAGREE for i in _PARENTS)


def _adjusted(vec: tuple[int, ...], raw: list[float], no_given_cap: float) -> list[float]:
    """Apply the sibling and cousin guards to per-field weights."""
    weights = list(raw)
    if vec[_GIVEN] == MISSING:
        # Without a given name, lineage agreement only says "same family":
        # it may lift the pair to even odds, not beyond; birth year decides.
        lineage = sum(weights[i] for i in _LINEAGE if weights[i] > 0)
        if lineage > no_given_cap:
            scale = no_given_cap / lineage
            for i in _LINEAGE:
                if weights[i] > 0:
                    weights[i] *= scale
    if _identity_disagrees(vec) and _same_parents(vec):
        positive = [i for i in _LINEAGE if weights[i] > 0]
        for i in positive:
            weights[i] = 0.0
    elif _parents_disagree(vec):
        clan = sum(weights[i] for i in _CLAN if weights[i] > 0)
        if clan > CLAN_CAP_BITS:
            scale = CLAN_CAP_BITS / clan
            for i in _CLAN:
                if weights[i] > 0:
                    weights[i] *= scale
    return weights


class Matcher:
    """Scores pairs of person records; ``fit`` estimates its parameters."""

    def __init__(self, max_block: int = MAX_BLOCK) -> None:
        self.m: Probabilities = {f: list(v) for f, v in PRIOR_M.items()}
        self.u: Probabilities = {f: list(v) for f, v in PRIOR_U.items()}
        self.match_share = PRIOR_LAMBDA
        self.max_block = max_block
        self.fitted_on = 0
        self._weights: list[list[float]] = []
        self._pattern_cache: dict[tuple[int, ...], float] = {}
        self._prior_bits = 0.0
        self._refresh()

    # -- parameters -------------------------------------------------------
    def _refresh(self) -> None:
        self._weights = [
            _monotone(f, [math.log2(m / u) for m, u in zip(self.m[f], self.u[f], strict=True)])
            for f in FIELDS
        ]
        self._pattern_cache = {}
        self._prior_bits = math.log2(self.match_share / (1.0 - self.match_share))

    def field_weights(self, vec: tuple[int, ...]) -> list[float]:
        raw = [0.0 if lvl == MISSING else self._weights[i][lvl] for i, lvl in enumerate(vec)]
        return _adjusted(vec, raw, max(0.0, -self._prior_bits))

    def match_weight(self, vec: tuple[int, ...]) -> float:
        """Total evidence in bits for a comparison vector."""
        w = self._pattern_cache.get(vec)
        if w is None:
            w = sum(self.field_weights(vec))
            self._pattern_cache[vec] = w
        return w

    def probability(self, vec: tuple[int, ...]) -> float:
        prior = math.log2(self.match_share / (1.0 - self.match_share))
        x = self.match_weight(vec) + prior
        if x > 60:
            return 1.0
        return float(1.0 / (1.0 + 2.0 ** (-x)))

    def to_dict(self) -> dict[str, object]:
        """Parameters as plain data, for storing a fitted model."""
        return {
            "m": self.m,
            "u": self.u,
            "match_share": self.match_share,
            "fitted_on": self.fitted_on,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, object], max_block: int = MAX_BLOCK) -> Matcher:
        matcher = cls(max_block=max_block)
        m, u, share = data["m"], data["u"], data["match_share"]
        if not isinstance(m, dict) or not isinstance(u, dict) or not isinstance(share, float):
            raise ValueError("malformed matcher parameters")
        matcher.m = {f: [float(x) for x in m[f]] for f in FIELDS}
        matcher.u = {f: [float(x) for x in u[f]] for f in FIELDS}
        matcher.match_share = share
        fitted = data.get("fitted_on", 0)
        matcher.fitted_on = fitted if isinstance(fitted, int) else 0
        matcher._refresh()
        return matcher

    # -- fitting ----------------------------------------------------------
    def fit(self, records: Sequence[PersonRecord]) -> Matcher:
        """Estimate u on random pairs and m by EM over blocked candidate pairs."""
        prepared = [prepare(r) for r in records]
        pairs = candidate_pairs(prepared, max_block=self.max_block)
        vectors = [compare_prepared(prepared[i], prepared[j]) for i, j in pairs]
        self.fit_vectors(prepared, vectors)
        return self

    def fit_vectors(
        self,
        prepared: Sequence[PreparedRecord],
        vectors: Sequence[tuple[int, ...]],
        groups: Sequence[int] | None = None,
    ) -> None:
        """Fit from already computed candidate comparison vectors."""
        self.fitted_on = len(prepared)
        if len(prepared) < MIN_FIT_RECORDS or not vectors:
            self._refresh()
            return
        self._estimate_u(prepared, groups)
        n = len(prepared)
        if groups is None:
            total_pairs = n * (n - 1) / 2
        else:
            sizes = Counter(groups)
            total_pairs = (n * n - sum(c * c for c in sizes.values())) / 2
        self._em(Counter(vectors), total_pairs)

    def _estimate_u(self, prepared: Sequence[PreparedRecord], groups: Sequence[int] | None) -> None:
        # Non-cryptographic sampling of record pairs; a fixed seed keeps fits reproducible.
        rng = random.Random(1729)  # noqa: S311  (sampling, not security)  # nosec B311
        n = len(prepared)
        counts = [[0.0] * len(field_levels(f)) for f in FIELDS]
        draws = 0
        attempts = 0
        # Enough pairs to see levels with u around 1e-3 dozens of times.
        target = min(U_SAMPLE, max(10_000, 2 * n))
        while draws < target and attempts < 4 * target:
            attempts += 1
            i, j = rng.randrange(n), rng.randrange(n)
            if i == j or (groups is not None and groups[i] == groups[j]):
                continue
            draws += 1
            for k, lvl in enumerate(compare_prepared(prepared[i], prepared[j])):
                if lvl != MISSING:
                    counts[k][lvl] += 1
        for k, f in enumerate(FIELDS):
            # Smooth towards the prior with a handful of pseudo-pairs: a level
            # never seen among random pairs is rare, not impossible.
            total = sum(counts[k])
            pseudo = 5.0
            self.u[f] = [
                (c + pseudo * p) / (total + pseudo)
                for c, p in zip(counts[k], PRIOR_U[f], strict=True)
            ]
            self.u[f] = [max(x, 1e-6) for x in self.u[f]]
            self.u[f] = _normalise(self.u[f])
        self._refresh()

    def _em(self, patterns: Counter[tuple[int, ...]], total_pairs: float) -> None:
        """Estimate m per field in training sessions, and the match share.

        As in Splink, each session takes the candidate pairs that agree
        exactly on one or two fields (as a blocking rule would) and re-estimates
        m only for the other fields.  The E-step uses every field and the
        global prior, which is held fixed, so a session with a single free
        field is still identifiable.  A field's m is the mean of its
        estimates over the sessions that did not select on it; single-field
        sessions are used only for fields no two-field session covers.  The
        guard rules apply in every E-step.
        """
        n_candidates = float(sum(patterns.values()))
        for _ in range(FIT_ROUNDS):
            self._estimate_share(patterns, n_candidates, total_pairs)
            estimates: dict[str, list[list[float]]] = {f: [] for f in FIELDS}
            for session in SESSIONS:
                free = [f for f in FIELDS if f not in session]
                if len(session) == 1 and all(estimates[f] for f in free):
                    continue
                idx = [FIELD_INDEX[f] for f in session]
                selected = {
                    vec: n for vec, n in patterns.items() if all(_exact(i, vec[i]) for i in idx)
                }
                if sum(selected.values()) < MIN_SESSION_PAIRS:
                    continue
                m = self._m_step(selected, free)
                for f in free:
                    if any(m[f] != PRIOR_M[f] for _ in (0,)) and self._observed(selected, f):
                        estimates[f].append(m[f])
            for f in FIELDS:
                if estimates[f]:
                    k = len(estimates[f])
                    self.m[f] = [
                        sum(e[lvl] for e in estimates[f]) / k for lvl in range(len(self.m[f]))
                    ]
            self._refresh()
        self._estimate_share(patterns, n_candidates, total_pairs)

    @staticmethod
    def _observed(selected: Mapping[tuple[int, ...], int], f: str) -> bool:
        k = FIELD_INDEX[f]
        total = sum(selected.values())
        return sum(n for v, n in selected.items() if v[k] != MISSING) >= 0.2 * total

    def _m_step(self, selected: Mapping[tuple[int, ...], int], free: list[str]) -> Probabilities:
        """EM iterations over one session, updating m of the free fields only."""
        saved = {f: list(v) for f, v in self.m.items()}
        free_idx = [FIELD_INDEX[f] for f in free]
        for _ in range(EM_ITERATIONS):
            counts = {k: [PRIOR_STRENGTH * p for p in PRIOR_M[FIELDS[k]]] for k in free_idx}
            for vec, n in selected.items():
                post = n * self.probability(vec)
                for k in free_idx:
                    lvl = vec[k]
                    if lvl != MISSING:
                        counts[k][lvl] += post
            delta = 0.0
            for k in free_idx:
                f = FIELDS[k]
                new = _normalise([max(c, 1e-9) for c in counts[k]])
                delta = max(delta, max(abs(a - b) for a, b in zip(new, self.m[f], strict=True)))
                self.m[f] = new
            self._refresh()
            if delta < 1e-4:
                break
        result = {f: list(v) for f, v in self.m.items()}
        self.m = saved
        self._refresh()
        return result

    def _estimate_share(
        self, patterns: Mapping[tuple[int, ...], int], n_candidates: float, total_pairs: float
    ) -> None:
        """Match share among all pairs, by EM on the share alone (m, u fixed).

        Candidates hold (nearly) all matches, so the expected number of
        matches among them divided by the number of all pairs is the prior
        probability that two random records match, which is what the u
        probabilities (counted on random pairs) call for.
        """
        share = PRIOR_LAMBDA
        for _ in range(EM_ITERATIONS):
            prior = math.log2(share / (1.0 - share))
            matched = 0.0
            for vec, n in patterns.items():
                x = max(-60.0, min(60.0, self.match_weight(vec) + prior))
                matched += n / (1.0 + 2.0 ** (-x))
            new = min(0.5, max(1e-6, matched / n_candidates))
            if abs(new - share) < 1e-4 * share:
                share = new
                break
            share = new
        self.match_share = min(0.5, max(1e-12, share * n_candidates / max(total_pairs, 1.0)))
        self._refresh()

    # -- scoring ----------------------------------------------------------
    def score(self, a: PersonRecord, b: PersonRecord) -> ScoreResult:
        """Score two records and explain every field."""
        return self.score_prepared(prepare(a), prepare(b))

    def score_prepared(self, a: PreparedRecord, b: PreparedRecord) -> ScoreResult:
        vec = compare_prepared(a, b)
        weights = self.field_weights(vec)
        evidence = []
        for i, f in enumerate(FIELDS):
            lvl = vec[i]
            level = "missing" if lvl == MISSING else field_levels(f)[lvl]
            evidence.append(
                FieldEvidence(f, level, round(weights[i], 3), _shown(a, f), _shown(b, f))
            )
        return ScoreResult(self.probability(vec), sum(weights), evidence)

    def candidates_for(
        self,
        record: PersonRecord,
        index: Mapping[str, Collection[str]],
        secret: bytes | None = None,
    ) -> set[str]:
        """Refs in ``index`` (blocking key -> refs) that share a key with ``record``.

        Pass ``secret`` when the index holds ``keyed`` digests rather than
        plain keys.  Blocks larger than ``max_block`` are ignored.
        """
        keys = blocking_keys(record)
        if secret is not None:
            keys = keyed(keys, secret)
        found = lookup(keys, index, self.max_block)
        found.discard(record.ref)
        return found


def _shown(rec: PreparedRecord, f: str) -> str:
    if f == "sex":
        return rec.sex or ""
    if f == "birth":
        if rec.birth_date:
            return rec.birth_date
        if rec.birth_year is None:
            return ""
        if rec.birth_uncertainty:
            return f"{rec.birth_year} ±{rec.birth_uncertainty}"
        return str(rec.birth_year)
    return display(rec.names(f))
