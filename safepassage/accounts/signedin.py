"""What every signed-in request reads first: its session, its user and her code device.

Django reads each with a query set it builds and compiles afresh on every request: about a
quarter of a millisecond each, more than the database takes to answer, and most of what a
small signed-in page costs. Here each is one statement whose SQL is written once per model
and database; the rows become model instances the way Django's own raw queries make them
(``Model.objects.raw``: the database's converters, ``from_db``). The rules stay Django's
and django-otp's: an expired session reads as empty, and the device must belong to the
user and be confirmed (``OTPMiddleware._finalize_device``).
"""

from __future__ import annotations

from functools import cache
from typing import Any, TypeVar

from django.contrib.sessions.backends import db
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import connections, models, router
from django.utils import timezone

M = TypeVar("M", bound=models.Model)


@cache
def _select_by_pk(model: type[models.Model], vendor: str) -> str:
    """SELECT every concrete column of one row of ``model`` by its key (one per database)."""
    quote = connections[router.db_for_read(model)].ops.quote_name
    columns = ", ".join(quote(field.column) for field in model._meta.concrete_fields)
    pk = quote(model._meta.pk.column)
    return f"SELECT {columns} FROM {quote(model._meta.db_table)} WHERE {pk} = %s"  # noqa: S608


def row_by_pk(model: type[M], pk: Any) -> M | None:
    """The row of ``model`` whose key is ``pk``, or None; a malformed key raises ValueError."""
    connection = connections[router.db_for_read(model)]
    field = model._meta.pk
    assert field is not None  # noqa: S101 (every concrete model has a key)
    try:
        value = field.get_db_prep_value(field.to_python(pk), connection)
    except Exception as exc:  # ValidationError, TypeError: not a key of this model
        raise ValueError("not a key") from exc
    found = list(model._default_manager.raw(_select_by_pk(model, connection.vendor), [value]))
    return found[0] if found else None


class SessionStore(db.SessionStore):
    """Django's database sessions, read with one prepared statement (``SESSION_ENGINE``)."""

    def _get_session_from_db(self) -> AbstractBaseSession | None:
        connection = connections[router.db_for_read(self.model)]
        quote = connection.ops.quote_name
        sql = (
            f"SELECT {quote('session_data')} FROM {quote(self.model._meta.db_table)} "  # noqa: S608
            f"WHERE {quote('session_key')} = %s AND {quote('expire_date')} > %s"
        )
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.session_key, now])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None  # as Django does: a new key on the next save
            return None
        return self.model(session_key=str(self.session_key), session_data=row[0])
