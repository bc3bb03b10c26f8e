"""A background task that fails says which exception and where, never what it said.

The queue keeps a failed task's traceback in its table, and the worker logs it. An
exception's message may carry a value: a mail server refusing a coordinator's address names
the address, ``int("…")`` quotes what it was given. So every task runs wrapped
(:meth:`TaskFailed.instead_of`): an exception leaving it is replaced by :class:`TaskFailed`,
whose message is the class of the one it replaces and whose traceback keeps that one's frames
(file, line and code, never their values).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


class TaskFailed(Exception):
    """A task's exception, named by its class alone."""

    @classmethod
    def instead_of(cls, func: Callable[P, R]) -> Callable[P, R]:
        """``func``, raising :class:`TaskFailed` in place of any exception leaving it."""

        @wraps(func)
        def run(*args: P.args, **kwargs: P.kwargs) -> R:
            try:
                return func(*args, **kwargs)
            except Exception as exc:
                name = f"{type(exc).__module__}.{type(exc).__qualname__}"
                # Not chained: a chained exception's message would be written out too.
                raise cls(name).with_traceback(exc.__traceback__) from None

        run.fails_quietly = True  # type: ignore[attr-defined]
        return run
