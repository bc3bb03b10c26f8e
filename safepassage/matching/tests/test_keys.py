from __future__ import annotations

import pytest

from safepassage.matching.compare import prepare
from safepassage.matching.keys import MAX_BLOCK, blocking_keys, candidate_pairs, keyed, lookup
from safepassage.matching.model import Matcher
from safepassage.matching.records import PersonRecord


def _rec(ref: str, given: str, father: str = "", family: str = "", **kw: object) -> PersonRecord:
    return PersonRecord(
        ref=ref,
        given_names=(given,) if given else (),
        father_names=(father,) if father else (),
        family_names=(family,) if family else (),
        **kw,  # type: ignore[arg-type]
    )


def test_script_variants_share_keys() -> None:
    a = _rec("a", "Layla", "Khalil", "Al-Khatib")
    b = _rec("b", "ليلى", "خليل", "الخطيب")
    c = _rec("c", "Leyla", "Xelîl", "Xetîb")
    assert blocking_keys(a) & blocking_keys(b) & blocking_keys(c)


def test_whole_name_in_one_field_shares_keys() -> None:
    split = _rec("a", "Layla", "Khalil", "Hassan")
    whole = _rec("b", "Layla Khalil Hassan")
    assert blocking_keys(split) & blocking_keys(whole)


def test_keyed_is_deterministic_per_secret() -> None:
    keys = blocking_keys(_rec("a", "Jihan", "Hussein", "Mansour", birth_year=1999))
    assert keyed(keys, b"secret-one") == keyed(keys, b"secret-one")
    assert keyed(keys, b"secret-one").isdisjoint(keyed(keys, b"secret-two"))
    assert len(keyed(keys, b"secret-one")) == len(keys)
    assert all(len(k) == 32 for k in keyed(keys, b"x"))


def test_lookup_skips_oversized_blocks() -> None:
    index = {"k1": ["r1", "r2"], "k2": [f"r{i}" for i in range(MAX_BLOCK + 1)]}
    assert lookup(["k1", "k2"], index) == {"r1", "r2"}


def test_candidates_for_with_keyed_index() -> None:
    secret = b"server-secret"
    stored = [_rec("s1", "Fatima", "Ahmed", "Darwish"), _rec("s2", "Nadia", "Omar", "Haddad")]
    index: dict[str, set[str]] = {}
    for r in stored:
        for k in keyed(blocking_keys(r), secret):
            index.setdefault(k, set()).add(r.ref)
    new = _rec("n1", "فاطمة", "أحمد", "درويش")
    assert Matcher().candidates_for(new, index, secret=secret) == {"s1"}


def _sparse(ref: str, **kw: object) -> PersonRecord:
    return PersonRecord(ref=ref, **kw)  # type: ignore[arg-type]


FULL = _sparse(
    "full",
    given_names=("Layla",),
    father_names=("Khalil",),
    family_names=("Haddad",),
    mother_names=("Zainab",),
    birth_year=2005,
)


@pytest.mark.parametrize(
    "sparse",
    [
        _sparse("f", father_names=("خليل",), birth_year=2006),
        _sparse("m", mother_names=("Zeyneb",), birth_year=2004),
        _sparse("s", family_names=("حداد",), birth_year=2005, sex="f"),
    ],
)
def test_a_report_with_one_name_part_and_a_year_meets_the_full_report(
    sparse: PersonRecord,
) -> None:
    """A report that names only her father (or mother, or family) and her birth year had no
    blocking key: it was never compared with anyone."""
    assert blocking_keys(sparse)
    assert candidate_pairs([prepare(FULL), prepare(sparse)]) == [(0, 1)]
    index: dict[str, set[str]] = {}
    for k in blocking_keys(FULL):
        index.setdefault(k, set()).add("full")
    assert Matcher().candidates_for(sparse, index) == {"full"}
    index = {}
    for k in blocking_keys(sparse):
        index.setdefault(k, set()).add(sparse.ref)
    assert Matcher().candidates_for(FULL, index) == {sparse.ref}


def test_two_named_children_of_one_father_are_not_paired_by_his_name_and_year() -> None:
    """The one-part keys pair only a report without a given name: sisters born a year
    apart, each with her own given name, are not made candidates by them."""
    one = _sparse("a", given_names=("Layla",), father_names=("Khalil",), birth_year=2005)
    two = _sparse("b", given_names=("Nadia",), father_names=("Khalil",), birth_year=2006)
    assert candidate_pairs([prepare(one), prepare(two)]) == []
