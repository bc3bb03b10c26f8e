"""Member status reasons recorded before keys, made readable in every language
(``safepassage rekey``), as :mod:`safepassage.tracing.services.reasons` does for persons.

An operation that ended with a member captured or killed wrote only the English sentence
before reasons were kept as a key and values. A change whose reason is word for word one of
:mod:`safepassage.intel.member_reasons` is given its key and the operation's codename;
``reason`` stays as it was. A typed reason, a near miss, and a text that reads more than one
way are left as written.
"""

from __future__ import annotations

from safepassage.intel.member_reasons import read_english
from safepassage.intel.models import MemberStatusChange
from safepassage.sentences import Said, old_reasons_key


def member_reasons_rekey(*, batch: int = 500) -> tuple[int, int, int]:
    """Key the old English reasons of members' status changes that are the system's own
    sentences: (changes read, changes keyed now, changes without key left as written). Each
    batch is one transaction, the run one audit event; run again, it changes nothing."""
    from safepassage.operations.models import Operation

    # Codenames are plain columns; a reason naming no operation that exists is left as written.
    codenames = frozenset(Operation.objects.values_list("codename", flat=True))

    def read(change: MemberStatusChange) -> Said | None:
        return read_english(change, codenames)

    return old_reasons_key(model=MemberStatusChange, read=read, batch=batch)
