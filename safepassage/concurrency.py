"""Optimistic concurrency: an edit names the version it started from, or it is refused.

Two people may open the same record, change different things and save a minute apart. Without
a check the second save silently replaces the first (a lost update). Each editable record
therefore carries a ``version`` that every write service increments; an edit service takes the
version its editor read (hidden in the edit form, the ``If-Match`` header of the API), locks
the row, and raises :class:`EditConflict` when the stored version moved on. Nothing is written
then: the editor sees the current values and decides again.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError


class EditConflict(ValidationError):
    """Someone else saved the record after the editor read it; this write changed nothing.

    A ``ValidationError`` (so every caller that shows service errors shows this one too) that
    pages render with the current values and the API answers with 409 Conflict.
    """

    def __init__(self, *, current_version: int, merged: bool = False) -> None:
        self.current_version = current_version
        self.merged = merged
        if merged:
            text = (
                "This record was merged into another one while you were editing it. Your "
                "changes were not saved: open the surviving record and apply them there."
            )
        else:
            text = (
                "Someone else changed this record while you were editing it (now version "
                f"{current_version}). Your changes were not saved: reload to see theirs, then "
                "apply yours again."
            )
        super().__init__(text, code="conflict")


def version_check(*, stored: int, expected: int, merged: bool = False) -> None:
    """Raise :class:`EditConflict` unless the locked row is still the version the editor read."""
    if merged or stored != expected:
        raise EditConflict(current_version=stored, merged=merged)
