"""Status reasons recorded before keys, made readable in every language (``safepassage rekey``).

Changes the flows recorded before reasons were kept as a key and values have only their
English sentence in ``reason``, so every reader saw English. Those whose reason is word for
word one of the system's sentences (:mod:`safepassage.tracing.status_reasons`) are given its
key and values, read back from the English; ``reason`` stays as it was. A typed reason, a near
miss, and a text that reads more than one way are left as written.
"""

from __future__ import annotations

from safepassage.sentences import Said, old_reasons_key
from safepassage.tracing.models import StatusChange
from safepassage.tracing.status_reasons import read_english


def status_reasons_rekey(*, batch: int = 500) -> tuple[int, int, int]:
    """Key the old English reasons of persons' status changes that are the system's own
    sentences: (changes read, changes keyed now, changes without key left as written). Each
    batch is one transaction, the run one audit event; run again, it changes nothing."""
    from safepassage.operations.models import Operation

    # Codenames are plain columns; a reason naming no operation that exists is left as written.
    codenames = frozenset(Operation.objects.values_list("codename", flat=True))

    def read(change: StatusChange) -> Said | None:
        return read_english(change, codenames)

    return old_reasons_key(model=StatusChange, read=read, batch=batch)
