"""gunicorn's error log for ``safepassage serve``, writing nothing a client sent.

gunicorn writes a request it cannot parse into its error log whole: a search sent by a
script with the name unencoded in the address (``?q=Xelîl``, as curl sends it) is refused
(400) and its request line, name and all, logged. A request that breaks the server is logged
with its address, query string included, and its traceback with the exception's message.
:class:`ServerLog` keeps the kind of fault and leaves out what was sent.
"""

from __future__ import annotations

import re
from typing import Any

from gunicorn.glogging import Logger

from safepassage.logformat import FaultsByClass

_REFUSED = "Invalid request from ip="
# What gunicorn says about a request it refused ends where it starts quoting the request.
_QUOTED = re.compile(r"[:'\"].*", re.DOTALL)


def refusal_text(message: str) -> str:
    """gunicorn's line about a refused request, without the part of the request it quotes."""
    if not message.startswith(_REFUSED):
        return message
    address, _, said = message[len(_REFUSED) :].partition(": ")
    return f"{_REFUSED}{address}: {_QUOTED.sub('', said).strip() or 'unreadable request'}"


def _without_query(value: Any) -> Any:
    return value.partition("?")[0] if isinstance(value, str) else value


class ServerLog(Logger):  # type: ignore[misc]  # gunicorn has no types
    """gunicorn's logger: refused requests by their fault, faults by their class, addresses
    without query strings (the access log's format leaves them out already)."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        for handler in self.error_log.handlers:
            handler.setFormatter(FaultsByClass(self.error_fmt, self.datefmt))

    def warning(self, msg: Any, *args: Any, **kwargs: Any) -> None:
        super().warning(refusal_text(msg) if isinstance(msg, str) else msg, *args, **kwargs)

    def exception(self, msg: Any, *args: Any, **kwargs: Any) -> None:
        super().exception(msg, *map(_without_query, args), **kwargs)

    def error(self, msg: Any, *args: Any, **kwargs: Any) -> None:
        super().error(msg, *map(_without_query, args), **kwargs)
