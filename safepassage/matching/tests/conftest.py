"""Shared test data: a small population of families reported in three scripts."""

from __future__ import annotations

import random

import pytest

from safepassage.matching.records import PersonRecord

# (Arabic, English, Kurmanji) spellings.
FEMALE = [
    ("ليلى", "Layla", "Leyla"),
    ("فاطمة", "Fatima", "Fetime"),
    ("جيهان", "Jihan", "Cîhan"),
    ("خديجة", "Khadija", "Xedîce"),
    ("زينب", "Zainab", "Zeyneb"),
    ("مريم", "Maryam", "Meryem"),
    ("سميرة", "Samira", "Semîre"),
    ("نادية", "Nadia", "Nadiye"),
]
MALE = [
    ("خليل", "Khalil", "Xelîl"),
    ("حسين", "Hussein", "Husên"),
    ("محمد", "Mohammed", "Mihemed"),
    ("أحمد", "Ahmed", "Ehmed"),
    ("يوسف", "Youssef", "Yûsif"),
    ("عمر", "Omar", "Omer"),
    ("إبراهيم", "Ibrahim", "Îbrahîm"),
    ("رشيد", "Rashid", "Reşîd"),
    ("جمال", "Jamal", "Cemal"),
    ("قاسم", "Qasim", "Qasim"),
]
FAMILY = [
    ("الخطيب", "Al-Khatib", "Xetîb"),
    ("منصور", "Mansour", "Mensûr"),
    ("درويش", "Darwish", "Derwêş"),
    ("حداد", "Haddad", "Hedad"),
]
PLACES = [("كوجو", "Kocho", "Koço"), ("حردان", "Hardan", "Herdan"), ("زاخو", "Zakho", "Zaxo")]


def make_population(n_families: int, seed: int) -> tuple[list[PersonRecord], dict[str, int]]:
    """Families of sisters reported 2-3 times each in random scripts."""
    rng = random.Random(seed)
    records: list[PersonRecord] = []
    truth: dict[str, int] = {}
    person = 0
    for _ in range(n_families):
        father, grandfather = rng.sample(range(len(MALE)), 2)
        family, place = rng.randrange(len(FAMILY)), rng.randrange(len(PLACES))
        mother = rng.randrange(len(FEMALE))
        for given in rng.sample(range(len(FEMALE)), rng.randint(1, 3)):
            year = rng.randint(1980, 2012)
            for _ in range(rng.randint(2, 3)):
                s = rng.randrange(3)
                ref = f"r{len(records):05d}"
                records.append(
                    PersonRecord(
                        ref=ref,
                        given_names=(FEMALE[given][s],),
                        father_names=(MALE[father][s],),
                        grandfather_names=(MALE[grandfather][s],) if rng.random() < 0.6 else (),
                        family_names=(FAMILY[family][s],) if rng.random() < 0.8 else (),
                        mother_names=(FEMALE[mother][s],) if rng.random() < 0.6 else (),
                        sex="f" if rng.random() < 0.85 else None,
                        birth_year=year + rng.choice([0, 0, 1, -1]),
                        birth_year_uncertainty=rng.choice([0, 1]),
                        home_places=(PLACES[place][s],) if rng.random() < 0.7 else (),
                    )
                )
                truth[ref] = person
            person += 1
    return records, truth


@pytest.fixture(scope="session")
def population() -> tuple[list[PersonRecord], dict[str, int]]:
    return make_population(60, seed=3)
