"""Cost of reading encrypted records: the same records read sealed, per column and unencrypted.

Builds a throw-away instance (temporary data folder, SQLite, a new key file and keyring) with
three tables defined here, each with a UUID key and five text values (an Arabic name, a Latin
name, a phone number, a place and a note of about 100 characters):

* a sealed model (``SealedModel``): the five values in one ciphertext per row, the design;
* the former design: one ciphertext per column (``EncryptedCharField``/``EncryptedTextField``);
* plain ``CharField``/``TextField`` columns.

All three get the same rows. Then, in one run, it times reading every row as a model object
(``for o in Model.objects.all()``) and touching all five values. Each timing is repeated (after
one warm-up) with the tables interleaved; the table shows the best and the median run and the
ratio of medians to the unencrypted read. The target (<= 1.5) applies to the sealed model.

    python bench/vault_read.py                      # 10,000 rows, 7 runs
    python bench/vault_read.py --rows 10000 --repeat 7
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _django

TARGET = 1.5
FIELDS = ("name_ar", "name_latin", "phone", "place", "note")

ARABIC_GIVEN = ["خليل", "نادية", "فاطمة", "حسين", "ليلى", "يوسف", "مريم", "سعيد", "جميلة"]
ARABIC_FAMILY = ["حسن", "الخالدي", "علي", "قاسم", "مراد", "سليمان", "إسماعيل", "خضر"]
LATIN_GIVEN = ["Xelîl", "Nadia", "Fatima", "Husên", "Leyla", "Ûsiv", "Meryem", "Saeed", "Jamila"]
LATIN_FAMILY = ["Hassan", "Al-Khalidi", "Elî", "Qasim", "Murad", "Silêman", "Ismail", "Khidir"]
PLACES = [
    "Sinjar, Kocho",
    "Shingal, Tel Qasab",
    "Duhok, Khanke camp",
    "Mosul, al-Zuhur",
    "Raqqa, al-Mishlab",
    "Zakho",
    "شنگال، كوجو",
    "دهوك، مخيم خانكي",
]
NOTES = [
    "Seen at a checkpoint near the river in spring; the family says she speaks Kurmanji only.",
    "شوهد آخر مرة قرب السوق القديم مع امرأتين، وذكر شاهد أن لديه ندبة على اليد اليسرى.",
    "Brother reported a phone call from an unknown number; the caller asked for money.",
    "Li gundê Kocho hate dîtin, digel zarokên din; malbata wî li kampa Xankê dijî.",
]


def rows(count: int, seed: int = 1) -> list[dict[str, str]]:
    rng = random.Random(seed)
    out = []
    for i in range(count):
        note = rng.choice(NOTES)
        note = (note + f" Ref {i:05d}. " + note)[:100]
        out.append(
            {
                "name_ar": f"{rng.choice(ARABIC_GIVEN)} {rng.choice(ARABIC_FAMILY)}",
                "name_latin": f"{rng.choice(LATIN_GIVEN)} {rng.choice(LATIN_FAMILY)}",
                "phone": f"+964 750 {rng.randrange(1000):03d} {rng.randrange(10000):04d}",
                "place": rng.choice(PLACES),
                "note": note,
            }
        )
    return out


def make_models() -> tuple[type[Any], type[Any], type[Any]]:
    """The three tables: sealed, one ciphertext per column, plain; the same five values."""
    from django.db import connection, models

    from safepassage.vault.fields import EncryptedCharField, EncryptedTextField
    from safepassage.vault.sealed import SealedCharField, SealedModel, SealedTextField

    def table(kind: str, base: type[Any], char: type[Any], text: type[Any]) -> type[Any]:
        attrs = {
            "__module__": __name__,
            "id": models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False),
            "name_ar": char(max_length=200),
            "name_latin": char(max_length=200),
            "phone": char(max_length=40),
            "place": char(max_length=200),
            "note": text(),
            "Meta": type("Meta", (), {"app_label": "vault", "db_table": f"bench_{kind}"}),
            "__str__": lambda self: f"{kind} {self.pk}",
        }
        return type(f"Bench{kind.title()}", (base,), attrs)

    tables = (
        table("sealed", SealedModel, SealedCharField, SealedTextField),
        table("columns", models.Model, EncryptedCharField, EncryptedTextField),
        table("plain", models.Model, models.CharField, models.TextField),
    )
    with connection.schema_editor() as editor:
        for model in tables:
            editor.create_model(model)
    return tables


def read_instances(model: type[Any]) -> int:
    n = 0
    for o in model.objects.all():
        values = (o.name_ar, o.name_latin, o.phone, o.place, o.note)
        n += len(values)
    return n


def timed(fn: Callable[[type[Any]], int], model: type[Any], expected: int) -> float:
    gc.collect()
    start = time.perf_counter()
    n = fn(model)
    elapsed = time.perf_counter() - start
    assert n == expected * len(FIELDS), (n, expected)
    return elapsed * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000, help="rows in each table")
    parser.add_argument("--repeat", type=int, default=7, help="timed runs per measurement")
    parser.add_argument("--keep", action="store_true", help="keep the temporary data folder")
    args = parser.parse_args(argv)

    data_dir, env = _django.instance_env("safepassage-bench-vault-")
    try:
        _django.setup(env, migrate=False)
        sealed, columns, plain = make_models()
        data = rows(args.rows)
        print(f"machine: {_django.machine()}")
        inserts = []
        for model in (plain, sealed, columns):
            start = time.perf_counter()
            model.objects.bulk_create([model(**r) for r in data], batch_size=1000)
            inserts.append(time.perf_counter() - start)
        # The encrypted values read back are the ones written.
        for model in (sealed, columns):
            got = sorted((o.name_ar, o.phone, o.note) for o in model.objects.all())
            assert got == sorted((r["name_ar"], r["phone"], r["note"]) for r in data)
        print(
            f"rows: {args.rows:,} per table, 5 text values each; runs: {args.repeat} "
            f"(+1 warm-up); insert: unencrypted {inserts[0]:.2f} s, sealed {inserts[1]:.2f} s, "
            f"one ciphertext per column {inserts[2]:.2f} s"
        )
        print()
        print("read every row as a model object and touch its five values:")
        header = f"{'table':<34} {'best ms':>9} {'median ms':>10} {'ratio (median)':>15}"
        print(header)
        print("-" * len(header))
        tables = (
            ("unencrypted", plain),
            ("sealed record (the design)", sealed),
            ("one ciphertext per column (former)", columns),
        )
        times: dict[str, list[float]] = {label: [] for label, _ in tables}
        for _, model in tables:
            timed(read_instances, model, args.rows)  # warm-up
        for _ in range(args.repeat):
            for label, model in tables:
                times[label].append(timed(read_instances, model, args.rows))
        base = statistics.median(times["unencrypted"])
        ratios = {}
        for label, _ in tables:
            median = statistics.median(times[label])
            ratios[label] = median / base
            print(f"{label:<34} {min(times[label]):>9.1f} {median:>10.1f} {ratios[label]:>15.2f}")
        print()
        ok = ratios["sealed record (the design)"] <= TARGET
        print(f"target: sealed / unencrypted (medians) <= {TARGET}: {'PASS' if ok else 'FAIL'}")
        return 0 if ok else 1
    finally:
        if args.keep:
            print(f"data folder kept: {data_dir}")
        else:
            _django.cleanup(data_dir)


if __name__ == "__main__":
    sys.exit(main())
