"""What every signed-in request reads first: its session, its user and her code device.

Django reads each with a query set it builds and compiles afresh on every request: about a
quarter of a millisecond each, more than the database takes to answer, and most of what a
small signed-in page costs. Here each is one statement whose SQL is written once per model
and database; the rows become model instances the way Django's own raw queries make them
(the database's converters, then ``Model.from_db``). The rules stay Django's
and django-otp's: an expired session reads as empty, and the device must belong to the
user and be confirmed (``OTPMiddleware._finalize_device``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any, TypeVar

from django.contrib.sessions.backends import db
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import connections, models, router
from django.utils import timezone

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class _RowRead:
    """One model's "row by key" statement on one database, and how to convert its values."""

    sql: str
    names: tuple[str, ...]
    converters: tuple[tuple[int, tuple[Callable[..., Any], ...], Any], ...]


@cache
def _row_read(model: type[models.Model], alias: str) -> _RowRead:
    """Written once per model and database, as Django's compiler would write it."""
    connection = connections[alias]
    quote = connection.ops.quote_name
    fields = model._meta.concrete_fields
    columns = ", ".join(quote(field.column) for field in fields)
    pk = quote(model._meta.pk.column)
    converters = []
    for position, field in enumerate(fields):
        col = field.get_col(model._meta.db_table)
        found = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
        if found:
            converters.append((position, tuple(found), col))
    # Table and column names come from the model and are quoted; the key is a parameter.
    return _RowRead(
        sql=f"SELECT {columns} FROM {quote(model._meta.db_table)} WHERE {pk} = %s",  # noqa: S608  # nosec B608
        names=tuple(field.attname for field in fields),
        converters=tuple(converters),
    )


def row_by_pk(model: type[M], pk: Any) -> M | None:
    """The row of ``model`` whose key is ``pk``, or None; a malformed key raises ValueError."""
    alias = router.db_for_read(model)
    connection = connections[alias]
    field = model._meta.pk
    if field is None:
        raise ValueError(f"{model._meta.label} has no key")
    try:
        value = field.get_db_prep_value(field.to_python(pk), connection)
    except Exception as exc:  # ValidationError, TypeError: not a key of this model
        raise ValueError("not a key") from exc
    read = _row_read(model, alias)
    with connection.cursor() as cursor:
        cursor.execute(read.sql, [value])
        row = cursor.fetchone()
    if row is None:
        return None
    values = list(row)
    for position, converters, col in read.converters:
        for convert in converters:
            values[position] = convert(values[position], col, connection)
    return model.from_db(alias, read.names, values)


@cache
def _session_model() -> type[AbstractBaseSession]:
    from django.contrib.sessions.models import Session

    return Session


@cache
def _session_sql(alias: str) -> str:
    """The live session's data by its key, written once per database."""
    quote = connections[alias].ops.quote_name
    # The table and column names are Django's and quoted; key and time are parameters.
    return (
        f"SELECT {quote('session_data')} FROM {quote(_session_model()._meta.db_table)} "  # noqa: S608  # nosec B608
        f"WHERE {quote('session_key')} = %s AND {quote('expire_date')} > %s"
    )


class SessionStore(db.SessionStore):
    """Django's database sessions, read with one prepared statement (``SESSION_ENGINE``)."""

    @classmethod
    def get_model_class(cls) -> type[AbstractBaseSession]:
        return _session_model()  # Django imports the model again for every request

    def _get_session_from_db(self) -> AbstractBaseSession | None:
        connection = connections[router.db_for_read(self.model)]
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(_session_sql(connection.alias), [self.session_key, now])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None  # as Django does: a new key on the next save
            return None
        return self.model(session_key=str(self.session_key), session_data=row[0])
