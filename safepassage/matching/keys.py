"""Blocking: which record pairs are worth comparing at all.

Every record emits a handful of plain keys built from consonant skeletons of
two name parts (given+father, given+family, given+mother, ...).  Skeletons
survive script and spelling variation, and because each key needs only two
parts, a report that lacks a field or mistypes one name still shares some key
with the other reports of the same person.

The Django side stores records encrypted, so it cannot compute keys at query
time from stored plaintext.  ``keyed`` turns plain keys into HMAC-SHA256
digests under a server secret: the database holds only digests, and a new
report is looked up by computing its own digests with the same secret.

A report may name one part only: her father, mother or family, and her birth year. Every
record with that part and a year also has a one-part key (``ONE_PART``: the part with the
year's bucket), but a one-part key makes a pair only if one of the two records has no given
name: sisters born a year apart, each with her given name, are not paired by it.

Blocks larger than ``MAX_BLOCK`` are skipped: such a key (two very common
names) says little, and comparing every pair inside it would cost quadratic
time.  Other keys of the same records still bring true pairs together.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence

from .compare import NameValue, PreparedRecord, prepare
from .normalize import GENERIC_PLACE_WORDS
from .records import PersonRecord

__all__ = ["MAX_BLOCK", "ONE_PART", "blocking_keys", "candidate_pairs", "keyed", "lookup"]

MAX_BLOCK = 150
_KEY_BYTES = 16  # 128-bit truncated HMAC: collisions are irrelevant at this scale
# Tag prefix of the one-part keys (father, mother or family name with the birth year).
ONE_PART = "1"


def _first(values: tuple[NameValue, ...]) -> set[str]:
    return {v.loose[0] for v in values if v.loose and v.loose[0]}


def _first_distinctive(values: tuple[NameValue, ...]) -> set[str]:
    """The first word of each place reading that is not a generic one (Tel, Kani...): Tel
    Qasab is keyed by Qasab, not by the Tel it shares with every Tel village. A place named by
    a generic word alone is keyed by it."""
    out: set[str] = set()
    for v in values:
        words = [(token, skel) for token, skel in zip(v.tokens, v.loose, strict=True) if skel]
        distinctive = [skel for token, skel in words if token not in GENERIC_PLACE_WORDS]
        if distinctive or words:
            out.add(distinctive[0] if distinctive else words[0][1])
    return out


def _pairs(tag: str, left: set[str], right: set[str]) -> Iterable[str]:
    return (f"{tag}:{a}|{b}" for a in left for b in right)


def blocking_keys(record: PersonRecord | PreparedRecord) -> set[str]:
    """Plain blocking keys of one record (not secret-keyed)."""
    rec = prepare(record) if isinstance(record, PersonRecord) else record
    given = _first(rec.given)
    father = _first(rec.father)
    gfather = _first(rec.grandfather)
    family = {" ".join(v.loose) for v in rec.family if v.loose}
    mother = _first(rec.mother)
    keys: set[str] = set()
    keys.update(_pairs("gf", given, father))
    keys.update(_pairs("gs", given, family))
    keys.update(_pairs("gm", given, mother))
    keys.update(_pairs("gg", given, gfather))
    # Parents' names catch a report whose given name is mistyped or missing.
    keys.update(_pairs("fm", father, mother))
    keys.update(_pairs("fg", father, gfather))
    keys.update(_pairs("fs", father, family))
    keys.update(_pairs("gp", given, _first_distinctive(rec.home)))
    # Reports that name only the wider family still meet their relatives.
    keys.update(_pairs("xs", gfather, family))
    keys.update(_pairs("ms", mother, family))
    if rec.birth_year is not None:
        # Two staggered 4-year buckets: years up to 2 apart always share one.
        y = rec.birth_year
        buckets = {f"{y // 4}a", f"{(y + 2) // 4}b"}
        keys.update(_pairs("gy", given, buckets))
        for tag, part in (("f", father), ("m", mother), ("s", family)):
            keys.update(_pairs(ONE_PART + tag, part, buckets))
        if not rec.father and not rec.mother:
            keys.update(_pairs("sy", family, buckets))
        # Name prefixes and year survive a typo late in both names.
        prefixes = {f"{g[:2]}|{s[:2]}" for g in given for s in family}
        keys.update(_pairs("py", prefixes, buckets))
    if rec.birth_date:
        keys.add(f"d:{rec.birth_date}")
    return keys


def keyed(keys: Iterable[str], secret: bytes) -> set[str]:
    """HMAC-SHA256 each key under ``secret``; hex of the first 16 bytes."""
    return {
        hmac.new(secret, k.encode("utf-8"), hashlib.sha256).digest()[:_KEY_BYTES].hex()
        for k in keys
    }


def lookup(
    keys: Iterable[str],
    index: Mapping[str, Collection[str]],
    max_block: int = MAX_BLOCK,
) -> set[str]:
    """Refs sharing any key with ``keys`` in a precomputed ``key -> refs`` index."""
    found: set[str] = set()
    for k in keys:
        refs = index.get(k)
        if refs and len(refs) <= max_block:
            found.update(refs)
    return found


def candidate_pairs(
    records: Sequence[PreparedRecord],
    groups: Sequence[int] | None = None,
    max_block: int = MAX_BLOCK,
) -> list[tuple[int, int]]:
    """Index pairs ``(i, j)``, ``i < j``, sharing a key in a block of bounded size.

    With ``groups``, only pairs whose group ids differ are returned (linking
    two files rather than deduplicating one).
    """
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, rec in enumerate(records):
        for k in blocking_keys(rec):
            blocks[k].append(i)
    n = len(records)
    seen: set[int] = set()
    for key, members in blocks.items():
        if len(members) < 2 or len(members) > max_block:
            continue
        if key.startswith(ONE_PART):
            # Only pairs with a record that has no given name (see the module's note).
            pairs: Iterable[tuple[int, int]] = (
                (i, j)
                for i, j in itertools.combinations(members, 2)
                if not records[i].given or not records[j].given
            )
        else:
            pairs = itertools.combinations(members, 2)
        for i, j in pairs:
            if groups is not None and groups[i] == groups[j]:
                continue
            seen.add(i * n + j)
    return sorted(divmod(code, n) for code in seen)
