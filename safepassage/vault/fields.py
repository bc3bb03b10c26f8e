"""Model fields whose values are encrypted before they reach the database.

Models keep their sensitive attributes in sealed records (:mod:`safepassage.vault.sealed`,
one ciphertext per row). This module holds what sealed records build on (the plaintext form
behaviour, ``Ciphertext``), files (:class:`EncryptedFileField`), blind indexes
(:class:`BlindIndexField`: to look a value up, store its keyed hash beside it and query that),
and the per-column encrypted fields of the former design, which the migrations that built
the first tables (and moved their values into sealed records) still use.
"""

from __future__ import annotations

import base64
import datetime
import json
import uuid
from typing import Any

from django import forms
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Lookup
from django.db.models.expressions import Expression
from django.utils.translation import gettext as _

from safepassage.vault import crypto
from safepassage.vault.crypto import get_vault

SERIAL_PREFIX = "enc:"


class Ciphertext(bytes):
    """A value that is already encrypted (read from a backup): stored as it is."""


class PlaintextFormField(models.Field):  # type: ignore[type-arg]
    """What encrypted and sealed fields share: forms see the plaintext value."""

    empty_strings_allowed = False
    form_class: type[forms.Field] = forms.CharField

    def formfield(
        self,
        form_class: type[forms.Field] | None = None,
        choices_form_class: type[forms.ChoiceField] | None = None,
        **kwargs: Any,
    ) -> forms.Field | None:
        if self.max_length is not None:
            kwargs.setdefault("max_length", self.max_length)
        return super().formfield(
            form_class=form_class or self.form_class,
            choices_form_class=choices_form_class,
            **kwargs,
        )


class LongTextMixin(PlaintextFormField):
    """Free text of any length: a text area in forms."""

    def formfield(self, *args: Any, **kwargs: Any) -> forms.Field | None:
        kwargs.setdefault("widget", forms.Textarea)
        return super().formfield(*args, **kwargs)


class ShortTextMixin(PlaintextFormField):
    """Short text: ``max_length`` limits the plaintext (not stored bytes); a one-line input."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.max_length is not None:
            from django.core.validators import MaxLengthValidator

            self.validators.append(MaxLengthValidator(self.max_length))

    def formfield(self, *args: Any, **kwargs: Any) -> forms.Field | None:
        return PlaintextFormField.formfield(self, *args, **kwargs)


def date_from_python(value: Any) -> Any:
    """A date from ISO text or a datetime; a clear validation error for anything else."""
    if isinstance(value, str):
        from django.core.exceptions import ValidationError

        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            raise ValidationError(_("Enter a valid date as YYYY-MM-DD."), code="invalid") from None
    if isinstance(value, datetime.datetime):
        return value.date()
    return value


class EncryptedField(PlaintextFormField):
    """Base class: subclasses say how a Python value becomes bytes and back."""

    def get_internal_type(self) -> str:
        return "BinaryField"

    @property
    def aad(self) -> bytes:
        return f"{self.model._meta.label}.{self.name}".encode()

    def contribute_to_class(
        self, cls: type[models.Model], name: str, private_only: bool = False
    ) -> None:
        super().contribute_to_class(cls, name, private_only=private_only)
        # The associated data, computed once per column: reads decrypt every value with it.
        self._aad = f"{cls._meta.label}.{self.name}".encode()

    # Subclasses override these two.
    def to_bytes(self, value: Any) -> bytes:
        raise NotImplementedError

    def from_bytes(self, data: bytes) -> Any:
        raise NotImplementedError

    def get_lookup(self, lookup_name: str) -> type[Lookup[Any]] | None:
        # Comparing ciphertexts is meaningless; query a blind index instead.
        if lookup_name == "isnull":
            return super().get_lookup(lookup_name)
        return None

    def from_db_value(
        self, value: Any, expression: Expression, connection: BaseDatabaseWrapper
    ) -> Any:
        if value is None:
            return None
        # Hot path (every encrypted value read): no copy when the driver gives bytes, the
        # unlocked vault without a call, the associated data cached per column.
        if value.__class__ is not bytes:
            value = bytes(value)
        vault = crypto._vault
        if vault is None:
            vault = crypto.get_vault()
        return self.from_bytes(vault.decrypt(value, self._aad))

    def get_prep_value(self, value: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, Ciphertext):
            return bytes(value)
        return get_vault().encrypt(self.to_bytes(self.to_python(value)), self.aad)

    def get_db_prep_value(
        self, value: Any, connection: BaseDatabaseWrapper, prepared: bool = False
    ) -> Any:
        if not prepared:
            value = self.get_prep_value(value)
        if value is None:
            return None
        return connection.Database.Binary(value)  # type: ignore[attr-defined]

    def value_to_string(self, obj: models.Model) -> str:
        """Serialise (backups) as fresh ciphertext, never as plaintext."""
        value = self.value_from_object(obj)
        if value is None:
            return None  # type: ignore[return-value]  # serialises as JSON null
        blob = self.get_prep_value(value)
        return SERIAL_PREFIX + base64.b64encode(blob).decode("ascii")

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str) and value.startswith(SERIAL_PREFIX):
            return Ciphertext(base64.b64decode(value[len(SERIAL_PREFIX) :]))
        return value


class EncryptedTextField(LongTextMixin, EncryptedField):
    """Free text of any length."""

    def to_bytes(self, value: Any) -> bytes:
        return str(value).encode("utf-8")

    def from_bytes(self, data: bytes) -> str:
        return data.decode("utf-8")


class EncryptedCharField(ShortTextMixin, EncryptedTextField):
    """Short text; ``max_length`` limits the plaintext, not the stored bytes."""


class EncryptedJSONField(EncryptedField):
    """Structured data (lists of spellings, notes with parts)."""

    form_class = forms.JSONField

    def to_bytes(self, value: Any) -> bytes:
        return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False).encode("utf-8")

    def from_bytes(self, data: bytes) -> Any:
        return json.loads(data)


class EncryptedDateField(EncryptedField):
    """A date (of abduction, of birth) kept as an encrypted ISO string."""

    form_class = forms.DateField

    def to_bytes(self, value: Any) -> bytes:
        return value.isoformat().encode("ascii")  # type: ignore[no-any-return]

    def from_bytes(self, data: bytes) -> datetime.date:
        return datetime.date.fromisoformat(data.decode("ascii"))

    def to_python(self, value: Any) -> Any:
        return date_from_python(super().to_python(value))


def _random_upload_name(instance: models.Model, filename: str) -> str:
    # The stored name says nothing: no original filename, no counter.
    return f"{instance._meta.app_label}/{uuid.uuid4().hex}"


class EncryptedFileField(models.FileField):
    """A file (photo, scanned document) whose bytes are encrypted by the default storage."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("upload_to", _random_upload_name)
        super().__init__(*args, **kwargs)


class BlindIndexField(models.CharField):  # type: ignore[type-arg]
    """A keyed hash of a value, for exact look-ups without decrypting (see vault.services)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 32)
        kwargs.setdefault("db_index", True)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)
