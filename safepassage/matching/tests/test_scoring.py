from __future__ import annotations

from safepassage.matching.compare import FIELDS
from safepassage.matching.engine import DEFAULT_THRESHOLD, find_pairs
from safepassage.matching.model import PRIOR_M, Matcher
from safepassage.matching.records import PersonRecord


def _p(
    ref: str,
    given: str,
    father: str,
    family: str,
    mother: str,
    year: int,
    sex: str = "f",
    grandfather: str = "",
    place: str = "",
) -> PersonRecord:
    return PersonRecord(
        ref=ref,
        given_names=(given,),
        father_names=(father,),
        grandfather_names=(grandfather,) if grandfather else (),
        family_names=(family,),
        mother_names=(mother,),
        sex=sex,
        birth_year=year,
        home_places=(place,) if place else (),
    )


LAYLA_EN = _p(
    "1", "Layla", "Khalil", "Al-Khatib", "Fatima", 1998, grandfather="Hussein", place="Kocho"
)
LAYLA_AR = _p("2", "ليلى", "خليل", "الخطيب", "فاطمة", 1999, grandfather="حسين", place="كوجو")
LAYLA_KU = _p("3", "Leyla", "Xelîl", "Xetîb", "Fetime", 1998, grandfather="Husên", place="Koço")
SISTER = _p("4", "جيهان", "خليل", "الخطيب", "فاطمة", 2001, grandfather="حسين", place="كوجو")
COUSIN = _p("5", "ليلى", "أحمد", "الخطيب", "زينب", 2000, grandfather="حسين", place="كوجو")


def test_same_person_across_scripts_scores_high(population) -> None:
    records, _ = population
    for matcher in (Matcher(), Matcher().fit(records)):
        for a, b in ((LAYLA_EN, LAYLA_AR), (LAYLA_EN, LAYLA_KU), (LAYLA_AR, LAYLA_KU)):
            assert matcher.score(a, b).score >= DEFAULT_THRESHOLD


def test_sisters_and_cousins_score_low(population) -> None:
    records, _ = population
    for matcher in (Matcher(), Matcher().fit(records)):
        assert matcher.score(LAYLA_EN, SISTER).score < DEFAULT_THRESHOLD
        assert matcher.score(LAYLA_AR, COUSIN).score < DEFAULT_THRESHOLD
        assert matcher.score(LAYLA_KU, COUSIN).score < DEFAULT_THRESHOLD


def test_sex_disagreement_weighs_heavily() -> None:
    brother = _p("6", "Layla", "Khalil", "Al-Khatib", "Fatima", 1998, sex="m")
    result = Matcher().score(LAYLA_EN, brother)
    sex = next(e for e in result.evidence if e.field == "sex")
    assert sex.level == "disagree" and sex.weight < -3
    assert result.score < DEFAULT_THRESHOLD


def test_evidence_lists_every_field() -> None:
    result = Matcher().score(LAYLA_EN, LAYLA_AR)
    assert [e.field for e in result.evidence] == list(FIELDS)
    given = result.evidence[0]
    assert (given.left_value, given.right_value) == ("Layla", "ليلى")
    assert given.level in ("exact", "identical") and given.weight > 0
    assert 0.0 <= result.score <= 1.0


def test_em_moves_weights_from_priors(population) -> None:
    records, _ = population
    fitted = Matcher().fit(records)
    assert fitted.fitted_on == len(records)
    moved = max(abs(a - b) for f in FIELDS for a, b in zip(fitted.m[f], PRIOR_M[f], strict=True))
    assert moved > 0.01
    assert fitted.match_share != Matcher().match_share
    restored = Matcher.from_dict(fitted.to_dict())
    assert restored.score(LAYLA_EN, LAYLA_AR).score == fitted.score(LAYLA_EN, LAYLA_AR).score


def test_small_data_keeps_priors() -> None:
    fitted = Matcher().fit([LAYLA_EN, LAYLA_AR, SISTER])
    assert fitted.m == {f: list(v) for f, v in PRIOR_M.items()}


def test_find_pairs_on_population(population) -> None:
    records, truth = population
    pairs = find_pairs(records)
    found = {(p.left_ref, p.right_ref) for p in pairs}
    gold = {
        (a.ref, b.ref)
        for a in records
        for b in records
        if a.ref < b.ref and truth[a.ref] == truth[b.ref]
    }
    tp = len(found & gold)
    assert tp / len(found) > 0.9
    assert tp / len(gold) > 0.9
    assert all(p.left_ref < p.right_ref and 0 <= p.score <= 1 for p in pairs)
