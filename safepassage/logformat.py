"""Log lines carry event names, exception classes and request ids, never values.

An exception's message may quote a value (``int()`` quotes what it was given, a mail server
the address it refused, a database the key it found twice), and Django logs a page that broke
with its whole traceback. :class:`FaultsByClass` writes a fault as the frames it passed
through (file, line, code) and the class of each exception in its chain, without their
messages.
"""

from __future__ import annotations

import logging
import traceback
from types import TracebackType

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None] | tuple[None, None, None]


def _chain(exc: BaseException | None) -> list[BaseException]:
    """The exception and those it was raised from or during, the first raised first."""
    chain: list[BaseException] = []
    while exc is not None and all(exc is not seen for seen in chain):
        chain.append(exc)
        exc = exc.__cause__ or (None if exc.__suppress_context__ else exc.__context__)
    return chain[::-1]


def fault_text(exc: BaseException | None) -> str:
    """A traceback as Python writes it, each exception named by its class alone."""
    lines: list[str] = []
    for link in _chain(exc):
        if lines:
            lines.append("\nraised from or while handling the above:\n")
        lines.append("Traceback (most recent call last):\n")
        lines.extend(traceback.format_tb(link.__traceback__))
        lines.append(f"{type(link).__module__}.{type(link).__qualname__}\n")
    return "".join(lines).rstrip("\n")


class FaultsByClass(logging.Formatter):
    """The settings' log format, writing exceptions without their messages."""

    def formatException(self, ei: ExcInfo) -> str:  # logging's name
        return fault_text(ei[1])
