"""What the tests that walk the site from the dashboard share: which address comes next."""

from __future__ import annotations

import re
import urllib.parse
from collections import Counter, deque
from collections.abc import Iterable

# Pages of one kind (a person's page, an operation's) differ only in their record's id.
_ID = re.compile(r"/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?=/|$)")


class Walk:
    """The addresses to open, from the dashboard on: each once, at most ``per_kind`` of one
    kind, only this site's own pages and none that starts with one of ``left_out``."""

    def __init__(self, left_out: tuple[str, ...], per_kind: int = 2) -> None:
        self.left_out, self.per_kind = left_out, per_kind
        self._queue = deque(["/"])
        self._seen: set[str] = set()
        self._kinds: Counter[str] = Counter()

    def next(self) -> str | None:
        """The next address to open; None when every one was."""
        while self._queue:
            path = self._queue.popleft()
            kind = _ID.sub("/{id}", path.split("?")[0])
            if path in self._seen or self._kinds[kind] >= self.per_kind:
                continue
            self._seen.add(path)
            self._kinds[kind] += 1
            return path
        return None

    def follow(self, hrefs: Iterable[str]) -> None:
        """The links of a page opened: this site's pages among them are opened later."""
        for href in hrefs:
            parts = urllib.parse.urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                continue  # another site, or a place on the same page
            if not parts.path.startswith(self.left_out):
                self._queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
