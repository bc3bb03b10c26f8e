"""Sealed records: one ciphertext per row holding every sensitive attribute."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import FieldError
from django.db import connection
from hypothesis import given
from hypothesis import strategies as st

from safepassage.accounts.models import TOTPDevice, User
from safepassage.conftest import make_user
from safepassage.tracing.models import Person
from safepassage.vault import crypto, sealed
from safepassage.vault.exceptions import DecryptionFailed
from safepassage.vault.fields import Ciphertext


def _raw_sealed(table: str, pk: Any) -> bytes:
    key = pk.hex if connection.vendor == "sqlite" else pk
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT sealed FROM {table} WHERE id = %s", [key])  # noqa: S608
        return bytes(cursor.fetchone()[0])


def _columns(table: str) -> set[str]:
    with connection.cursor() as cursor:
        return {c.name for c in connection.introspection.get_table_description(cursor, table)}


texts = st.text(alphabet=st.characters(codec="utf-8"), max_size=40)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | texts,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(texts, children, max_size=3),
    max_leaves=8,
)


@given(st.dictionaries(st.from_regex(r"[a-z_]{1,12}", fullmatch=True), json_values, max_size=8))
def test_encoding_round_trips_any_values(values: dict[str, Any]) -> None:
    # Text holding the separators, control characters, any script: exactly what went in.
    assert sealed.decode(sealed.encode(values)) == values


def test_text_with_separators_goes_to_the_json_part() -> None:
    values = {"a": "plain", "b": "x\x1fy", "c": "\x1d", "d": "\x1e", "e": ""}
    plaintext = sealed.encode(values)
    assert sealed.decode(plaintext) == values
    assert plaintext.decode().split("\x1f")[0] == "plain"


@pytest.mark.django_db
def test_every_attribute_is_in_one_ciphertext_and_no_column_of_its_own() -> None:
    person = Person.objects.create(
        given_names=["خليل", "Xelîl"],
        family_names=["Hesen"],
        community="Êzidî",
        abducted_on=datetime.date(2014, 8, 3),
        distinguishing_marks="scar\x1fleft hand",
        source_ref=None,
    )
    columns = _columns("tracing_person")
    assert "sealed" in columns
    assert not {"given_names", "community", "abducted_on", "distinguishing_marks"} & columns
    raw = _raw_sealed("tracing_person", person.pk)
    for plain in ("خليل", "Xelîl", "Hesen", "Êzidî", "2014-08-03", "scar"):
        assert plain.encode() not in raw
    again = Person.objects.get(pk=person.pk)
    assert again.given_names == ["خليل", "Xelîl"]
    assert again.family_names == ["Hesen"]
    assert again.abducted_on == datetime.date(2014, 8, 3)
    assert again.distinguishing_marks == "scar\x1fleft hand"
    assert again.source_ref is None
    assert again.nicknames == []  # the default


@pytest.mark.django_db
def test_a_sealed_value_copied_to_another_row_does_not_open() -> None:
    a = Person.objects.create(community="first")
    b = Person.objects.create(community="second")
    Person.objects.filter(pk=b.pk).update(sealed=Ciphertext(_raw_sealed("tracing_person", a.pk)))
    with pytest.raises(DecryptionFailed):
        _ = Person.objects.get(pk=b.pk).community
    assert Person.objects.get(pk=a.pk).community == "first"


@pytest.mark.django_db
def test_reading_rows_decrypts_only_when_an_attribute_is_used(monkeypatch) -> None:
    for n in range(5):
        Person.objects.create(community=f"c{n}")
    calls: list[int] = []
    original = crypto.Vault.decrypt

    def counting(self: crypto.Vault, blob: bytes, aad: bytes) -> bytes:
        calls.append(1)
        return original(self, blob, aad)

    monkeypatch.setattr(crypto.Vault, "decrypt", counting)
    people = list(Person.objects.order_by("created_at"))
    assert [p.status for p in people] and calls == []
    assert [p.community for p in people] == [f"c{n}" for n in range(5)]
    assert [p.given_names for p in people] == [[]] * 5
    assert len(calls) == 5  # one per row, however many attributes are read


@pytest.mark.django_db
def test_values_set_before_reading_win_and_the_rest_are_kept() -> None:
    person = Person.objects.create(community="old", home_place="Kocho", given_names=["Nadia"])
    loaded = Person.objects.get(pk=person.pk)
    loaded.community = "new"  # set before anything was read from the ciphertext
    loaded.save(update_fields=["community"])
    again = Person.objects.get(pk=person.pk)
    assert (again.community, again.home_place, again.given_names) == ("new", "Kocho", ["Nadia"])


@pytest.mark.django_db
def test_update_fields_naming_other_columns_leaves_the_ciphertext_alone() -> None:
    person = Person.objects.create(community="kept")
    before = _raw_sealed("tracing_person", person.pk)
    loaded = Person.objects.get(pk=person.pk)
    loaded.community = "not saved"
    loaded.status = "located"
    loaded.save(update_fields=["status"])
    assert _raw_sealed("tracing_person", person.pk) == before
    assert Person.objects.get(pk=person.pk).community == "kept"


@pytest.mark.django_db
def test_refresh_and_deferred_column() -> None:
    person = Person.objects.create(community="one")
    stale = Person.objects.get(pk=person.pk)
    assert stale.community == "one"
    fresh = Person.objects.get(pk=person.pk)
    fresh.community = "two"
    fresh.save()
    stale.refresh_from_db()
    assert stale.community == "two"
    deferred = Person.objects.only("status").get(pk=person.pk)
    deferred.home_place = "set while deferred"
    assert deferred.community == "two"  # fetched on first use; the value set is kept
    assert deferred.home_place == "set while deferred"


@pytest.mark.django_db
def test_sealed_attributes_cannot_be_queried() -> None:
    with pytest.raises(FieldError):
        list(User.objects.filter(full_name="x"))
    with pytest.raises(FieldError):
        list(User.objects.filter(full_name__isnull=True))
    with pytest.raises(FieldError):
        list(User.objects.values_list("full_name"))
    with pytest.raises(FieldError):
        list(User.objects.order_by("full_name"))
    with pytest.raises(FieldError):
        User.objects.update(full_name="x")


@pytest.mark.django_db
def test_records_without_a_key_before_saving_are_bound_to_their_model() -> None:
    user = make_user("sealedkey", "caseworker")
    device = TOTPDevice.objects.get(user=user)
    assert len(device.bin_key) == 20
    assert TOTPDevice.objects.get(pk=device.pk).key == device.key


@pytest.mark.django_db
def test_attributes_the_model_no_longer_has_are_ignored_and_new_ones_default() -> None:
    person = Person.objects.create()
    layout = sealed._layout(Person)
    plaintext = sealed.encode({"community": "kept", "retired_field": "gone", "nicknames": ["N"]})
    blob = crypto.get_vault().encrypt(plaintext, sealed.record_aad(layout, person))
    Person.objects.filter(pk=person.pk).update(sealed=Ciphertext(blob))
    loaded = Person.objects.get(pk=person.pk)
    assert loaded.community == "kept" and loaded.nicknames == ["N"]
    assert loaded.home_place == "" and loaded.abducted_on is None
    assert "retired_field" not in loaded.__dict__ and "" not in loaded.__dict__


@pytest.mark.django_db
def test_a_migration_changes_some_sealed_values_and_keeps_the_others_as_they_were() -> None:
    """A historical model has no sealed attributes: the record itself is changed, and a date
    it held (JSON text in the record) is still a date, not text, when the model reads it."""
    person = Person.objects.create(
        community="Kocho", abducted_on=datetime.date(2014, 8, 15), nicknames=["Jiji"]
    )
    row = Person.objects.get(pk=person.pk)
    sealed.update_sealed_record(Person.objects, row, {"nicknames": ["Xelo"]}, status="located")
    loaded = Person.objects.get(pk=person.pk)
    assert (loaded.community, loaded.abducted_on, loaded.nicknames, loaded.status) == (
        "Kocho",
        datetime.date(2014, 8, 15),
        ["Xelo"],
        "located",
    )
    assert sealed.sealed_values(loaded)["nicknames"] == ["Xelo"]
    assert b"Kocho" not in _raw_sealed("tracing_person", person.pk)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("in_place", [True, False], ids=["dropped in place", "step by step"])
def test_migration_moves_per_column_values_into_the_sealed_record_and_back(
    in_place: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Forward both ways the sealing operation can take: dropping each old column in place,
    or Django's own steps one at a time (for a column SQLite must make the table anew to
    drop); they leave the same table."""
    from django.db.migrations.executor import MigrationExecutor

    from safepassage.operations.models import Alert

    before = [("operations", "0002_operations_checkins")]
    after = [("operations", "0003_sealed_records")]

    def migrate(target: list[tuple[str, str]]) -> MigrationExecutor:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(target)
        return executor

    try:
        old_apps = migrate(before).loader.project_state(before).apps
        row = old_apps.get_model("operations", "Alert").objects.create(
            kind="danger", message="Jihan seen near Tel Afar", acknowledgement="خليل يعرف"
        )
        assert "message" in _columns("operations_alert")
        if not in_place:
            monkeypatch.setattr(sealed, "_drops_in_place", lambda *args: False)
        migrate(after)
        monkeypatch.undo()
        assert "message" not in _columns("operations_alert")
        with connection.cursor() as cursor:
            described = connection.introspection.get_table_description(cursor, "operations_alert")
        assert {c.name: c.null_ok for c in described} == {
            field.column: field.null for field in Alert._meta.concrete_fields
        }
        alert = Alert.objects.get(pk=row.pk)
        assert (alert.message, alert.acknowledgement) == ("Jihan seen near Tel Afar", "خليل يعرف")
        assert b"Jihan" not in _raw_sealed("operations_alert", row.pk)
        # Back again, with the row in the table: the old columns are filled, NOT NULL again.
        old_apps = migrate(before).loader.project_state(before).apps
        old = old_apps.get_model("operations", "Alert").objects.get(pk=row.pk)
        assert (old.message, old.acknowledgement) == ("Jihan seen near Tel Afar", "خليل يعرف")
        assert "sealed" not in _columns("operations_alert")
        with connection.cursor() as cursor:
            described = connection.introspection.get_table_description(cursor, "operations_alert")
        assert not next(c for c in described if c.name == "message").null_ok
    finally:
        migrate(after)
