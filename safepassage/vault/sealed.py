"""Sealed records: all of a record's sensitive attributes in one AES-256-GCM ciphertext.

A model that keeps sensitive values derives from :class:`SealedModel` and declares them with
the ``Sealed*Field`` classes. Those fields have no column: their values travel together in the
model's one ``sealed`` column, encrypted under the vault's data key with the model and the
row's primary key as associated data (a sealed value copied to another row or table does not
open). Reading a row costs one decryption however many attributes it has, and only when one
of them is first used: a page that lists records by status never decrypts their names.

Sealed attributes cannot be queried; keep a blind index (``BlindIndexField``) or a blocking
key beside them for look-ups. ``save(update_fields=[...])`` may name sealed attributes: they
are saved by re-sealing the record.

See ``docs/decisions/003-one-ciphertext-per-record.md`` for why the design changed from one
ciphertext per column.
"""

from __future__ import annotations

import base64
import datetime
import json
import uuid
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import FieldError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations import AlterField
from django.db.migrations.operations.base import Operation
from django.db.models import Lookup

from safepassage.vault import crypto
from safepassage.vault.fields import (
    SERIAL_PREFIX,
    Ciphertext,
    LongTextMixin,
    PlaintextFormField,
    ShortTextMixin,
    date_from_python,
)

if TYPE_CHECKING:
    from django.apps.registry import Apps
    from django.db.backends.base.schema import BaseDatabaseSchemaEditor

RECORD_COLUMN = "sealed"

# Plaintext layout: each text value, then a header, separated by 0x1f. The header is the
# names of the text values separated by 0x1d, then (if any) 0x1e and a JSON object of the
# other values. A text value holding 0x1d, 0x1e or 0x1f goes to the JSON object instead (JSON
# escapes control characters), so one split is always exact.
_ITEM = "\x1f"
_NAME = "\x1d"
_JSON = "\x1e"
_SEPARATORS = frozenset((_ITEM, _NAME, _JSON))


def encode(values: dict[str, Any], *, as_json: dict[str, Any] | None = None) -> bytes:
    """The plaintext of a record's sealed attributes (``as_json``: values kept in the JSON
    object whatever they are, as :func:`decode` read them from it)."""
    names: list[str] = []
    texts: list[str] = []
    rest: dict[str, Any] = dict(as_json or {})
    for name, value in values.items():
        if value.__class__ is str and _SEPARATORS.isdisjoint(value):
            names.append(name)
            texts.append(value)
        else:
            rest[name] = value
    header = _NAME.join(names)
    if rest:
        header += _JSON + json.dumps(rest, cls=DjangoJSONEncoder, ensure_ascii=False)
    return _ITEM.join([*texts, header]).encode("utf-8")


def decode(plaintext: bytes) -> dict[str, Any]:
    """Every value of a sealed record, as :func:`encode` wrote them (dates as ISO text)."""
    texts, rest = _decode_parts(plaintext)
    return {**texts, **rest}


def _decode_parts(plaintext: bytes) -> tuple[dict[str, str], dict[str, Any]]:
    """A sealed record's text values, and the values of its JSON object."""
    *texts, header = plaintext.decode("utf-8").split(_ITEM)
    head, _, tail = header.partition(_JSON)
    values: dict[str, str] = dict(zip(head.split(_NAME), texts, strict=False)) if head else {}
    return values, (json.loads(tail) if tail else {})


class SealedField(PlaintextFormField):
    """An attribute kept in its record's sealed ciphertext, not in a column of its own.

    Forms, serializers and ``full_clean`` see it as an ordinary field (it is a private field
    of the model); migrations and queries do not (it has no column).
    """

    def get_attname_column(self) -> tuple[str, None]:  # type: ignore[override]
        return self.get_attname(), None

    def contribute_to_class(
        self, cls: type[models.Model], name: str, private_only: bool = False
    ) -> None:
        super().contribute_to_class(cls, name, private_only=True)
        setattr(cls, self.attname, SealedAttribute(self))

    def db_type(self, connection: BaseDatabaseWrapper) -> None:
        return None

    def get_lookup(self, lookup_name: str) -> None:
        # Nothing is stored to compare with; query a blind index instead.
        return None

    def get_col(self, alias: str, output_field: Any = None) -> Any:
        raise FieldError(
            f"{self.model._meta.label}.{self.name} is sealed: it cannot be selected, compared "
            "or ordered by in a query. Read it from the record, or query a blind index."
        )

    def get_transform(self, lookup_name: str) -> None:
        return None

    def get_db_prep_save(self, value: Any, connection: BaseDatabaseWrapper) -> Any:
        # Reached only by QuerySet.update(): there is no column to write to.
        raise FieldError(
            f"{self.model._meta.label}.{self.name} is sealed: set it on the record and save() "
            "it; a queryset update() cannot write it."
        )

    def from_json(self, value: Any) -> Any:
        """The Python value of what the JSON part of a sealed record holds."""
        return value


class SealedTextField(LongTextMixin, SealedField):
    """Free text of any length."""

    def to_python(self, value: Any) -> Any:
        return value if value is None or isinstance(value, str) else str(value)


class SealedCharField(ShortTextMixin, SealedTextField):
    """Short text; ``max_length`` limits the plaintext."""


class SealedJSONField(SealedField):
    """Structured data (lists of spellings, coordinates, notes with parts)."""

    form_class = forms.JSONField


class SealedDateField(SealedField):
    """A date (of abduction, of birth)."""

    form_class = forms.DateField

    def to_python(self, value: Any) -> Any:
        return date_from_python(value)

    def from_json(self, value: Any) -> Any:
        return None if value is None else datetime.date.fromisoformat(value)


_DEFERRED = object()


class SealedAttribute:
    """Reads a sealed attribute, opening the record's ciphertext on first use."""

    __slots__ = ("attname", "field")

    def __init__(self, field: SealedField) -> None:
        self.field = field
        self.attname = field.attname

    def __get__(self, instance: models.Model | None, owner: type | None = None) -> Any:
        if instance is None:
            return self
        unseal(instance)
        return instance.__dict__[self.attname]


class _Layout:
    """A sealed model's attributes, worked out once per class."""

    def __init__(self, model: type[models.Model]) -> None:
        self.label = model._meta.label.encode() + b"#"
        pk = model._meta.pk
        # The row is bound into the associated data when its key exists before the first
        # save (a UUID default); a database-assigned key does not exist yet when sealing.
        self.pk_attname = pk.attname if pk is not None and pk.has_default() else None
        self.fields: list[SealedField] = [
            f for f in model._meta.private_fields if isinstance(f, SealedField)
        ]
        self.names = frozenset(f.attname for f in self.fields)
        self.by_name = {f.attname: f for f in self.fields}
        # Headers naming every attribute as text, as seen so far (most records' headers).
        self.complete: dict[str, tuple[str, ...]] = {}
        self._known: dict[str, tuple[str, ...]] = {}
        self.last_header: str | None = None
        self.last_names: tuple[str, ...] | None = None

    def known_names(self, head: str) -> tuple[str, ...]:
        """The names in a header, with ``""`` for names the model no longer has."""
        known = self._known.get(head)
        if known is not None:
            return known
        names = tuple(head.split(_NAME)) if head else ()
        known = tuple(name if name in self.names else "" for name in names)
        if len(self._known) < 256:
            self._known[head] = known
            if len(known) == len(self.names) and set(known) == self.names:
                self.complete[head] = known
        return known


def _layout(model: type[models.Model]) -> _Layout:
    layout = model.__dict__.get("_sealed_layout")
    if layout is None:
        layout = _Layout(model)
        model._sealed_layout = layout  # type: ignore[attr-defined]
    return layout


def record_aad(layout: _Layout, instance: models.Model) -> bytes:
    """Associated data binding a sealed record to its model and (when it has one yet) row."""
    if layout.pk_attname is None:
        return layout.label
    pk = instance.__dict__[layout.pk_attname]
    return layout.label + (pk.bytes if pk.__class__ is uuid.UUID else str(pk).encode())


def _values(parts: list[str], layout: _Layout) -> dict[str, Any]:
    """The attributes in a record's decrypted items (the ones the model still has)."""
    head, _, tail = parts[-1].partition(_JSON)
    values: dict[str, Any] = dict(zip(layout.known_names(head), parts, strict=False))
    values.pop("", None)  # names the model no longer has
    if tail:
        for name, value in json.loads(tail).items():
            field = layout.by_name.get(name)
            if field is not None:
                values[name] = field.from_json(value)
    return values


def unseal(instance: models.Model) -> None:
    """Give the instance every sealed attribute it does not hold yet (values set win)."""
    d = instance.__dict__
    cls = type(instance)
    layout = cls.__dict__.get("_sealed_layout") or _layout(cls)
    blob = d.get(RECORD_COLUMN, _DEFERRED)
    if blob is _DEFERRED:
        # The column was deferred: fetch it (without dropping attributes already set).
        models.Model.refresh_from_db(instance, fields=[RECORD_COLUMN])
        blob = d[RECORD_COLUMN]
    if blob is None:
        values: dict[str, Any] = {}
    else:
        vault = crypto._vault or crypto.get_vault()
        parts = vault.decrypt(blob, record_aad(layout, instance)).decode().split(_ITEM)
        header = parts[-1]
        # The header of the last record opened is the usual one: compare, not hash.
        names = layout.last_names if header == layout.last_header else layout.complete.get(header)
        if names is not None and d.keys().isdisjoint(layout.names):
            layout.last_header, layout.last_names = header, names
            # The common case: a record of every attribute, all text, none set before.
            d.update(zip(names, parts, strict=False))  # the header is left over
            return
        values = _values(parts, layout)
    for field in layout.fields:
        name = field.attname
        if name not in d:
            d[name] = values[name] if name in values else field.get_default()


def seal(instance: models.Model) -> bytes:
    """A fresh ciphertext of the instance's sealed attributes, under the current key."""
    unseal(instance)
    d = instance.__dict__
    layout = _layout(type(instance))
    plaintext = encode({f.attname: d[f.attname] for f in layout.fields})
    return crypto.get_vault().encrypt(plaintext, record_aad(layout, instance))


def is_touched(instance: models.Model) -> bool:
    """Whether any sealed attribute was read or set since the row was loaded."""
    return not instance.__dict__.keys().isdisjoint(_layout(type(instance)).names)


class SealedRecordField(models.BinaryField):  # type: ignore[type-arg]
    """The column holding a record's sealed attributes (ciphertext, or NULL before sealing)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("null", True)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        blob = seal(model_instance)
        model_instance.__dict__[self.attname] = blob
        return blob

    def get_lookup(self, lookup_name: str) -> type[Lookup[Any]] | None:
        if lookup_name == "isnull":
            return super().get_lookup(lookup_name)
        return None

    def value_to_string(self, obj: models.Model) -> str:
        """Serialise (backups) as ciphertext: the stored one, or a fresh one if changed."""
        blob = obj.__dict__.get(self.attname)
        if blob is None or is_touched(obj):
            blob = seal(obj)
        return SERIAL_PREFIX + base64.b64encode(bytes(blob)).decode("ascii")

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str) and value.startswith(SERIAL_PREFIX):
            return Ciphertext(base64.b64decode(value[len(SERIAL_PREFIX) :]))
        return super().to_python(value)


class SealedModel(models.Model):
    """Base of every model with sealed attributes: adds the ``sealed`` column."""

    sealed = SealedRecordField(editable=False)

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = _columns_for(type(self), update_fields)
        super().save(*args, **kwargs)

    def refresh_from_db(
        self,
        using: str | None = None,
        fields: Iterable[str] | None = None,
        from_queryset: models.QuerySet[Any] | None = None,
    ) -> None:
        if fields is not None:
            fields = _columns_for(type(self), fields)
        if fields is None or RECORD_COLUMN in fields:
            # The record is read again: forget what was opened from the old ciphertext.
            for name in _layout(type(self)).names:
                self.__dict__.pop(name, None)
        super().refresh_from_db(using=using, fields=fields, from_queryset=from_queryset)


def _columns_for(model: type[models.Model], names: Iterable[str]) -> list[str]:
    sealed_names = _layout(model).names
    names = list(names)
    columns = [name for name in names if name not in sealed_names]
    if len(columns) != len(names):
        columns.append(RECORD_COLUMN)
    return list(dict.fromkeys(columns))


def reseal(instance: models.Model) -> None:
    """Seal the instance's attributes afresh (key rotation) without saving."""
    instance.__dict__[RECORD_COLUMN] = seal(instance)


# --- migrations -----------------------------------------------------------------------------


def sealing_operations(app_label: str, model_name: str, names: list[str]) -> list[Operation]:
    """Migration steps moving a model's per-column encrypted values into its sealed record.

    Adds the ``sealed`` column, seals every row's values into it (the old columns' fields
    still decrypt: they are the historical encrypted fields), then drops the old columns.
    Reversible: going back unseals into the re-added columns.
    """
    return [SealColumns(app_label=app_label, model_name=model_name, names=names)]


class SealColumns(Operation):
    """:func:`sealing_operations` as one operation, which changes the migration state once.

    Its steps are Django's own operations (:meth:`steps`), but run one by one each would
    render the model and the models related to it again, twice a column: most of the time a
    new instance takes to migrate. So the state changes all at once; going forward the
    database drops each old column where it stands (on SQLite too, when its ``ALTER TABLE``
    can), and only an old column SQLite cannot drop in place, or going back, takes the steps
    one at a time.
    """

    reversible = True
    reduces_to_sql = False
    atomic = True

    def __init__(self, app_label: str, model_name: str, names: list[str]) -> None:
        self.app_label = app_label
        self.model_name = model_name
        self.names = list(names)

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        kwargs = {"app_label": self.app_label, "model_name": self.model_name, "names": self.names}
        return (type(self).__name__, [], kwargs)

    def describe(self) -> str:
        return f"Seal {', '.join(self.names)} of {self.model_name} into its sealed record"

    @property
    def migration_name_fragment(self) -> str:
        return f"seal_{self.model_name.lower()}"

    def steps(self) -> list[Operation]:
        from django.db import migrations

        return [
            migrations.AddField(
                model_name=self.model_name,
                name=RECORD_COLUMN,
                field=SealedRecordField(blank=True, null=True),
            ),
            # Going back re-adds the old columns empty (so nullable) before unsealing into them.
            *(_ColumnNullable(model_name=self.model_name, name=name) for name in self.names),
            migrations.RunPython(
                _seal_columns(self.app_label, self.model_name, self.names),
                _unseal_columns(self.app_label, self.model_name, self.names),
            ),
            *(migrations.RemoveField(model_name=self.model_name, name=name) for name in self.names),
        ]

    def state_forwards(self, app_label: str, state: Any) -> None:
        key = (app_label, self.model_name.lower())
        fields = state.models[key].fields
        fields[RECORD_COLUMN] = SealedRecordField(blank=True, null=True)
        for name in self.names:
            del fields[name]  # columns, none a relation: nothing else refers to them
        state.reload_model(*key, delay=True)

    def database_forwards(
        self,
        app_label: str,
        schema_editor: BaseDatabaseSchemaEditor,
        from_state: Any,
        to_state: Any,
    ) -> None:
        old = from_state.apps.get_model(app_label, self.model_name)
        if not self.allow_migrate_model(schema_editor.connection.alias, old):
            return
        columns = [old._meta.get_field(name) for name in self.names]
        if not all(_drops_in_place(schema_editor, column) for column in columns):
            self._one_step_at_a_time(app_label, schema_editor, from_state, backwards=False)
            return
        new = to_state.apps.get_model(app_label, self.model_name)
        record = new._meta.get_field(RECORD_COLUMN)
        schema_editor.add_field(old, record)
        if old._base_manager.using(schema_editor.connection.alias).exists():
            both = from_state.clone()  # the old columns and the record, to seal rows
            both.models[app_label, self.model_name.lower()].fields[RECORD_COLUMN] = record
            both.reload_model(app_label, self.model_name.lower(), delay=True)
            _seal_columns(app_label, self.model_name, self.names)(both.apps, schema_editor)
        for column in columns:
            schema_editor.remove_field(old, column)

    def database_backwards(
        self,
        app_label: str,
        schema_editor: BaseDatabaseSchemaEditor,
        from_state: Any,
        to_state: Any,
    ) -> None:
        self._one_step_at_a_time(app_label, schema_editor, to_state, backwards=True)

    def _one_step_at_a_time(
        self,
        app_label: str,
        schema_editor: BaseDatabaseSchemaEditor,
        before: Any,
        *,
        backwards: bool,
    ) -> None:
        """Run :meth:`steps` as Django would, each between its own states (``before``: the
        state before this operation)."""
        steps = self.steps()
        states = [before]
        for step in steps:
            state = states[-1].clone()
            step.state_forwards(app_label, state)
            states.append(state)
        if backwards:
            for index in reversed(range(len(steps))):
                steps[index].database_backwards(
                    app_label, schema_editor, states[index + 1], states[index]
                )
        else:
            for index, step in enumerate(steps):
                step.database_forwards(app_label, schema_editor, states[index], states[index + 1])


def _drops_in_place(
    schema_editor: BaseDatabaseSchemaEditor, column: models.Field[Any, Any]
) -> bool:
    """Whether dropping the column is one ``ALTER TABLE ... DROP COLUMN`` (SQLite otherwise
    makes the table anew, from a model that must hold the columns still there)."""
    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        return True
    return bool(
        getattr(connection.features, "can_alter_table_drop_column", False)
        and not column.primary_key
        and not column.unique
        and not getattr(column, "db_index", False)
        and not (column.remote_field and getattr(column, "db_constraint", True))
    )


class _ColumnNullable(AlterField):
    """Makes a column nullable, whatever its field; going back, NOT NULL again (if it was)."""

    def __init__(self, model_name: str, name: str) -> None:
        super().__init__(model_name=model_name, name=name, field=None)  # type: ignore[arg-type]  # from the state

    def state_forwards(self, app_label: str, state: Any) -> None:
        field = state.models[app_label, self.model_name_lower].fields[self.name]
        _, _, args, kwargs = field.deconstruct()
        self.field = type(field)(*args, **{**kwargs, "null": True})
        super().state_forwards(app_label, state)

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        return (type(self).__name__, [], {"model_name": self.model_name, "name": self.name})


def sealed_values(row: models.Model) -> dict[str, Any]:
    """In a migration: the values a row's sealed record holds, by name (dates as ISO text)."""
    blob = row.__dict__.get(RECORD_COLUMN)
    if blob is None:
        return {}
    aad = record_aad(_layout(type(row)), row)
    return decode(crypto.get_vault().decrypt(bytes(blob), aad))


def update_sealed_record(
    manager: models.Manager[Any], row: models.Model, changes: dict[str, Any], **columns: Any
) -> None:
    """In a migration: change some of a row's sealed values (and ``columns``) in one update,
    keeping its other sealed values as they are.

    A historical model has no sealed attributes (their fields have no column, so migrations
    do not carry them) and saving one would seal an empty record: the row's record is opened
    here, changed and sealed again under the current key.
    """
    aad = record_aad(_layout(type(row)), row)
    blob = row.__dict__.get(RECORD_COLUMN)
    texts: dict[str, Any] = {}
    rest: dict[str, Any] = {}
    if blob is not None:
        texts, rest = _decode_parts(crypto.get_vault().decrypt(bytes(blob), aad))
    for name in changes:
        texts.pop(name, None)
        rest.pop(name, None)
    plaintext = encode({**texts, **changes}, as_json=rest)
    sealed = Ciphertext(crypto.get_vault().encrypt(plaintext, aad))
    manager.filter(pk=row.pk).update(**{RECORD_COLUMN: sealed}, **columns)


def _seal_columns(
    app_label: str, model_name: str, names: list[str]
) -> Callable[[Apps, BaseDatabaseSchemaEditor], None]:
    def forwards(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
        historical = apps.get_model(app_label, model_name)
        layout = _Layout(historical)
        manager = historical._base_manager.using(schema_editor.connection.alias)
        for row in manager.only("pk", *names).iterator(chunk_size=500):
            values = {name: getattr(row, name) for name in names}
            blob = crypto.get_vault().encrypt(encode(values), record_aad(layout, row))
            manager.filter(pk=row.pk).update(sealed=Ciphertext(blob))

    return forwards


def _unseal_columns(
    app_label: str, model_name: str, names: list[str]
) -> Callable[[Apps, BaseDatabaseSchemaEditor], None]:
    def backwards(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
        historical = apps.get_model(app_label, model_name)
        manager = historical._base_manager.using(schema_editor.connection.alias)
        for row in manager.filter(sealed__isnull=False).iterator(chunk_size=500):
            values = sealed_values(row)
            for name in names:
                if name in values:
                    field = historical._meta.get_field(name)
                    setattr(row, name, field.to_python(values[name]))
            row.save(update_fields=names)

    return backwards
