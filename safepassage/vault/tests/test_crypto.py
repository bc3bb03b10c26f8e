"""Encryption round trips, wrong keys, tampering, rotation and shredding."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import FieldError
from django.db import connection

from safepassage.accounts.models import TOTPDevice, User
from safepassage.conftest import make_user
from safepassage.operations.models import Alert
from safepassage.operations.services import alert_raise
from safepassage.vault import crypto
from safepassage.vault.exceptions import DecryptionFailed, KeyLocked, WrongKey
from safepassage.vault.fields import EncryptedDateField, EncryptedJSONField
from safepassage.vault.keyring import KekSource, Keyring, read_document, write_key_file
from safepassage.vault.services import keyring_rotate, keyring_shred


def _raw(table: str, column: str, pk: Any) -> bytes:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return bytes(cursor.fetchone()[0])


def test_round_trip_bytes_and_aad_binding() -> None:
    vault = crypto.get_vault()
    blob = vault.encrypt("خليل Xelîl".encode(), b"a.B.c")
    assert vault.decrypt(blob, b"a.B.c").decode() == "خليل Xelîl"
    with pytest.raises(DecryptionFailed):
        vault.decrypt(blob, b"a.B.other")


def test_same_plaintext_encrypts_differently() -> None:
    vault = crypto.get_vault()
    assert vault.encrypt(b"same", b"x") != vault.encrypt(b"same", b"x")


@pytest.mark.parametrize("position", [0, 3, 10, 20, -1])
def test_tampered_ciphertext_is_refused(position: int) -> None:
    vault = crypto.get_vault()
    blob = bytearray(vault.encrypt(b"phone +964 750 123 4567", b"aad"))
    blob[position] ^= 0x01
    with pytest.raises(DecryptionFailed):
        vault.decrypt(bytes(blob), b"aad")


def test_truncated_ciphertext_is_refused() -> None:
    vault = crypto.get_vault()
    blob = vault.encrypt(b"value", b"aad")
    with pytest.raises(DecryptionFailed):
        vault.decrypt(blob[:20], b"aad")


@pytest.mark.django_db
def test_model_fields_are_ciphertext_in_the_database() -> None:
    user = make_user("amira", "caseworker")
    user.full_name = "Amira Xelîl Hesen"
    user.save()
    raw = _raw("accounts_user", "sealed", user.pk.hex if connection.vendor == "sqlite" else user.pk)
    assert b"Amira" not in raw and "Xelîl".encode() not in raw
    assert User.objects.get(pk=user.pk).full_name == "Amira Xelîl Hesen"


@pytest.mark.django_db
def test_encrypted_columns_cannot_be_queried_by_value() -> None:
    with pytest.raises(FieldError):
        list(User.objects.filter(full_name="x"))
    with pytest.raises(FieldError):
        list(User.objects.filter(full_name__isnull=True))


def test_json_and_date_fields_round_trip() -> None:
    json_field = EncryptedJSONField()
    json_field.set_attributes_from_name("spellings")
    date_field = EncryptedDateField()
    date_field.set_attributes_from_name("abducted_on")
    value = {"given": ["Xelîl", "خليل", "Khaleel"], "age": 23}
    assert json_field.from_bytes(json_field.to_bytes(value)) == value
    day = datetime.date(2014, 8, 3)
    assert date_field.from_bytes(date_field.to_bytes(day)) == day
    assert date_field.to_python("2014-08-03") == day


def test_blind_index_is_keyed_and_normalised() -> None:
    vault = crypto.get_vault()
    a = vault.blind_index(crypto.normalise_phone("+964 750 123 4567"), "phone")
    b = vault.blind_index(crypto.normalise_phone("00964-750-1234567"), "phone")
    c = vault.blind_index(crypto.normalise_phone("+964 750 123 4568"), "phone")
    assert a == b != c
    assert vault.blind_index("964", "phone") != vault.blind_index("964", "email")
    other = crypto.Vault(Keyring.generate())
    assert other.blind_index("9647501234567", "phone") != a


def test_wrong_key_file_or_passphrase_cannot_unwrap(tmp_path: Path) -> None:
    document = read_document(settings.VAULT_KEYRING_PATH)
    other = tmp_path / "other.key"
    write_key_file(other)
    with pytest.raises(WrongKey):
        Keyring.unwrap(document, KekSource.from_key_file(other))
    with pytest.raises(WrongKey):
        Keyring.unwrap(document, KekSource.from_passphrase("a long wrong passphrase"))


def test_passphrase_wrapping_round_trip() -> None:
    keyring = Keyring.generate()
    source = KekSource.from_passphrase("correct horse battery staple")
    document = keyring.wrap(source, memory_kib=1024, time_cost=1)
    assert document["kek"]["type"] == "argon2id"
    opened = Keyring.unwrap(document, KekSource.from_passphrase("correct horse battery staple"))
    assert opened.data_keys == keyring.data_keys and opened.index_key == keyring.index_key
    with pytest.raises(WrongKey):
        Keyring.unwrap(document, KekSource.from_passphrase("correct horse battery stapler"))


@pytest.mark.django_db(transaction=True)
def test_rotation_reencrypts_every_record(isolated_vault: Keyring, tmp_path: Path) -> None:
    users = [make_user(f"rot{i}", "caseworker") for i in range(3)]
    for i, user in enumerate(users):
        user.full_name = f"Name {i} حسين"
        user.save()
    alert = alert_raise(kind="danger", message="Jihan seen near Tel Afar")
    old_key = isolated_vault.current_key_id
    new_key_file = tmp_path / "new.key"
    write_key_file(new_key_file)
    result = keyring_rotate(new_source=KekSource.from_key_file(new_key_file))
    assert result.new_key_id != old_key
    assert result.values >= len(users) * 2 + 1
    vault = crypto.get_vault()
    assert list(vault.keyring.data_keys) == [result.new_key_id]
    raw = _raw(
        "accounts_user",
        "sealed",
        users[0].pk.hex if connection.vendor == "sqlite" else users[0].pk,
    )
    assert vault.key_id_of(raw) == result.new_key_id
    assert [User.objects.get(pk=u.pk).full_name for u in users] == [
        f"Name {i} حسين" for i in range(3)
    ]
    assert Alert.objects.get(pk=alert.pk).message == "Jihan seen near Tel Afar"
    assert all(TOTPDevice.objects.get(user=u).bin_key for u in users)
    # The stored keyring now opens only with the new key file.
    document = read_document(settings.VAULT_KEYRING_PATH)
    with pytest.raises(WrongKey):
        Keyring.unwrap(document, KekSource.from_key_file(Path(str(settings.VAULT_KEY_FILE))))
    assert (
        Keyring.unwrap(document, KekSource.from_key_file(new_key_file)).current_key_id
        == result.new_key_id
    )


@pytest.mark.django_db(transaction=True)
def test_shred_makes_every_value_unreadable(isolated_vault: Keyring) -> None:
    user = make_user("shredme", "caseworker")
    user.full_name = "Layla"
    user.save()
    destroyed = keyring_shred()
    assert settings.VAULT_KEYRING_PATH in destroyed
    assert not settings.VAULT_KEYRING_PATH.exists()
    with pytest.raises(KeyLocked):
        crypto.get_vault()
    with pytest.raises(KeyLocked):
        _ = User.objects.get(pk=user.pk).full_name
    # Even a process that still has the key file cannot get the data key back.
    with pytest.raises(KeyLocked):
        read_document(settings.VAULT_KEYRING_PATH)


@pytest.mark.django_db(transaction=True)
def test_shred_destroys_a_keyring_copy_left_by_a_write_cut_short(isolated_vault: Keyring) -> None:
    """A keyring write (init, rotation, restore) goes through ``keyring.tmp``; a crash before
    its rename leaves that whole wrapped copy beside the keyring, and the key file opens it."""
    left = settings.VAULT_KEYRING_PATH.with_suffix(".tmp")
    shutil.copy2(settings.VAULT_KEYRING_PATH, left)
    destroyed = keyring_shred()
    assert left in destroyed and not left.exists()
    assert not settings.VAULT_KEYRING_PATH.exists()


@pytest.mark.django_db(transaction=True)
def test_rotation_cut_short_leaves_the_keyring_opening_with_the_key_in_use(
    isolated_vault: Keyring, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = make_user("halfway", "caseworker")
    user.full_name = "Nadia Murad"
    user.save()
    new_key_file = tmp_path / "new.key"
    write_key_file(new_key_file)

    def cut_short(instance: Any) -> None:
        raise RuntimeError("killed")

    monkeypatch.setattr("safepassage.vault.services.reseal", cut_short)
    with pytest.raises(RuntimeError):
        keyring_rotate(new_source=KekSource.from_key_file(new_key_file))
    monkeypatch.undo()
    # The rotation did not finish: the key file the instance is configured with still opens
    # the keyring, and every value with it, in a process started now.
    document = read_document(settings.VAULT_KEYRING_PATH)
    keyring = Keyring.unwrap(document, KekSource.from_key_file(Path(str(settings.VAULT_KEY_FILE))))
    crypto.install(keyring)
    assert User.objects.get(pk=user.pk).full_name == "Nadia Murad"
    # Running it again finishes it, under the new key file.
    result = keyring_rotate(new_source=KekSource.from_key_file(new_key_file))
    assert list(crypto.get_vault().keyring.data_keys) == [result.new_key_id]
    assert User.objects.get(pk=user.pk).full_name == "Nadia Murad"
    document = read_document(settings.VAULT_KEYRING_PATH)
    assert Keyring.unwrap(document, KekSource.from_key_file(new_key_file)).current_key_id == (
        result.new_key_id
    )
