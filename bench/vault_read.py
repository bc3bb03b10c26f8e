"""Cost of reading encrypted columns: the same records read encrypted and unencrypted.

Builds a throw-away instance (temporary data folder, SQLite, a new key file and keyring) with
two tables defined here: one with five encrypted columns (an Arabic name, a Latin name, a
phone number, a place and a note of about 100 characters) and one identical table with plain
``CharField``/``TextField`` columns. Both get the same rows. Then, in one run, it times reading
every row and touching all five values, in two styles: model instances
(``for o in Model.objects.all()``) and ``values_list``. Each timing is repeated (after one
warm-up) with the two tables interleaved; the table shows the best and the median run, and
the ratio encrypted / unencrypted of the medians is checked against the target (<= 1.5).
It also times decrypting the same stored values without the ORM (``Vault.decrypt`` and a bare
AES-GCM call) and prints the lowest ratio per-value AES-GCM would allow.

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


def make_models() -> tuple[type[Any], type[Any]]:
    from django.db import connection, models

    from safepassage.vault.fields import EncryptedCharField, EncryptedTextField

    class BenchEncrypted(models.Model):
        name_ar = EncryptedCharField(max_length=200)
        name_latin = EncryptedCharField(max_length=200)
        phone = EncryptedCharField(max_length=40)
        place = EncryptedCharField(max_length=200)
        note = EncryptedTextField()

        class Meta:
            app_label = "vault"
            db_table = "bench_encrypted"

        def __str__(self) -> str:
            return f"encrypted #{self.pk}"

    class BenchPlain(models.Model):
        name_ar = models.CharField(max_length=200)
        name_latin = models.CharField(max_length=200)
        phone = models.CharField(max_length=40)
        place = models.CharField(max_length=200)
        note = models.TextField()

        class Meta:
            app_label = "vault"
            db_table = "bench_plain"

        def __str__(self) -> str:
            return f"plain #{self.pk}"

    with connection.schema_editor() as editor:
        editor.create_model(BenchEncrypted)
        editor.create_model(BenchPlain)
    return BenchEncrypted, BenchPlain


def read_instances(model: type[Any]) -> int:
    n = 0
    for o in model.objects.all():
        values = (o.name_ar, o.name_latin, o.phone, o.place, o.note)
        n += len(values)
    return n


def read_values_list(model: type[Any]) -> int:
    n = 0
    for a, b, c, d, e in model.objects.values_list(*FIELDS):
        values = (a, b, c, d, e)
        n += len(values)
    return n


def timed(fn: Callable[[type[Any]], int], model: type[Any], expected: int) -> float:
    gc.collect()
    start = time.perf_counter()
    n = fn(model)
    elapsed = time.perf_counter() - start
    assert n == expected * len(FIELDS), (n, expected)
    return elapsed * 1000


def decrypt_floor(model: type[Any], repeat: int) -> tuple[float, float]:
    """Median ms to decrypt every stored value without the ORM: Vault.decrypt, bare AES-GCM."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    from django.db import connection

    from safepassage.vault.crypto import get_vault

    vault = get_vault()
    aes = AESGCM(vault.keyring.data_keys[vault.keyring.current_key_id])
    columns = [(name, model._meta.get_field(name).aad) for name in FIELDS]
    blobs: list[tuple[bytes, bytes]] = []
    with connection.cursor() as cursor:
        for name, aad in columns:
            cursor.execute(f"SELECT {name} FROM {model._meta.db_table}")  # noqa: S608
            blobs.extend((bytes(value), aad) for (value,) in cursor.fetchall())
    vault_ms, aes_ms = [], []
    for _ in range(repeat + 1):
        start = time.perf_counter()
        for blob, aad in blobs:
            vault.decrypt(blob, aad)
        vault_ms.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        for blob, aad in blobs:
            aes.decrypt(blob[5:17], blob[17:], aad)
        aes_ms.append((time.perf_counter() - start) * 1000)
    return statistics.median(vault_ms[1:]), statistics.median(aes_ms[1:])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000, help="rows in each table")
    parser.add_argument("--repeat", type=int, default=7, help="timed runs per measurement")
    parser.add_argument("--keep", action="store_true", help="keep the temporary data folder")
    args = parser.parse_args(argv)

    data_dir, env = _django.instance_env("safepassage-bench-vault-")
    try:
        _django.setup(env, migrate=False)
        encrypted, plain = make_models()
        data = rows(args.rows)
        start = time.perf_counter()
        plain.objects.bulk_create([plain(**r) for r in data], batch_size=1000)
        plain_insert = time.perf_counter() - start
        start = time.perf_counter()
        encrypted.objects.bulk_create([encrypted(**r) for r in data], batch_size=1000)
        encrypted_insert = time.perf_counter() - start

        # The encrypted values read back are the ones written.
        first = encrypted.objects.order_by("pk").values_list(*FIELDS)[0]
        assert first == tuple(data[0][f] for f in FIELDS), first

        print(f"machine: {_django.machine()}")
        print(
            f"rows: {args.rows:,} per table, 5 text columns; runs: {args.repeat} "
            f"(+1 warm-up); insert: plain {plain_insert:.2f} s, "
            f"encrypted {encrypted_insert:.2f} s"
        )
        print()
        header = (
            f"{'access':<14} {'unencrypted ms':>22} {'encrypted ms':>22} "
            f"{'ratio (median)':>15} {'ratio (best)':>13}"
        )
        print(header)
        print(f"{'':<14} {'best / median':>22} {'best / median':>22}")
        print("-" * len(header))
        verdicts = []
        medians = []
        for label, fn in (("model objects", read_instances), ("values_list", read_values_list)):
            timed(fn, plain, args.rows)
            timed(fn, encrypted, args.rows)
            plain_ms: list[float] = []
            enc_ms: list[float] = []
            for _ in range(args.repeat):
                plain_ms.append(timed(fn, plain, args.rows))
                enc_ms.append(timed(fn, encrypted, args.rows))
            p_med, e_med = statistics.median(plain_ms), statistics.median(enc_ms)
            ratio = e_med / p_med
            best_ratio = min(enc_ms) / min(plain_ms)
            verdicts.append(ratio <= TARGET)
            medians.append((label, p_med))
            print(
                f"{label:<14} {min(plain_ms):>10.1f} / {p_med:>9.1f} "
                f"{min(enc_ms):>10.1f} / {e_med:>9.1f} {ratio:>15.2f} {best_ratio:>13.2f}"
            )
        vault_ms, aes_ms = decrypt_floor(encrypted, args.repeat)
        values = args.rows * len(FIELDS)
        print()
        print(
            f"decrypting the {values:,} stored values without the ORM (median): "
            f"Vault.decrypt {vault_ms:.1f} ms ({vault_ms / values * 1e3:.2f} us each), "
            f"bare AES-GCM {aes_ms:.1f} ms ({aes_ms / values * 1e3:.2f} us each)"
        )
        for label, p_med in medians:
            print(
                f"  lowest possible ratio for {label} with per-value AES-GCM: "
                f"{(p_med + aes_ms) / p_med:.2f}"
            )
        print()
        ok = all(verdicts)
        print(f"target: ratio of medians <= {TARGET} in both styles: {'PASS' if ok else 'FAIL'}")
        return 0 if ok else 1
    finally:
        if args.keep:
            print(f"data folder kept: {data_dir}")
        else:
            _django.cleanup(data_dir)


if __name__ == "__main__":
    sys.exit(main())
