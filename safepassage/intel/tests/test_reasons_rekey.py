"""safepassage rekey: a member's status changes recorded before keys, whose English reason is
word for word a sentence the system wrote (captured or killed on an operation), are given its
key and the codename and read in every language; typed reasons and near misses stay as
written; a second run changes nothing."""

from __future__ import annotations

import json

import pytest
from django.utils import translation

from safepassage.accounts.models import Role, User
from safepassage.audit.models import AuditEvent
from safepassage.intel import member_reasons
from safepassage.intel.models import Member, MemberStatusChange
from safepassage.intel.services import member_reasons_rekey
from safepassage.intel.tests.factories import make_member
from safepassage.operations import services as operations

pytestmark = pytest.mark.django_db


def _old(member: Member, to_status: str, reason: str, actor: User) -> MemberStatusChange:
    """A change as a version before keys recorded it: the English sentence, no key."""
    return MemberStatusChange.objects.create(
        member=member, from_status="active", to_status=to_status, reason=reason, changed_by=actor
    )


def test_old_captures_and_deaths_are_keyed_and_read_in_arabic(users: dict[str, User]) -> None:
    actor = users[Role.COORDINATOR]
    operations.operation_create(actor=actor, codename="Olive")
    operations.operation_create(actor=actor, codename="زيتون")
    member = make_member(actor)
    olds = {
        "captured_on_operation": _old(member, "captured", "Captured on operation Olive.", actor),
        "killed_on_operation": _old(member, "killed", "Killed on operation زيتون.", actor),
    }
    assert set(olds) == set(member_reasons.MESSAGES)

    assert member_reasons_rekey() == (2, 2, 0)
    for key, old in olds.items():
        change = MemberStatusChange.objects.get(pk=old.pk)
        codename = "Olive" if key == "captured_on_operation" else "زيتون"
        assert (change.reason, change.reason_key, change.reason_params) == (
            old.reason,
            key,
            {"operation": codename},
        )
        with translation.override("ar"):
            arabic = str(member_reasons.MESSAGES[key]) % {"operation": f"<bdi>{codename}</bdi>"}
            assert member_reasons.render(change) == arabic
        with translation.override("en"):
            assert member_reasons.text(change) == old.reason

    sealed = dict(MemberStatusChange.objects.values_list("pk", "sealed"))
    assert member_reasons_rekey() == (2, 0, 0)
    assert dict(MemberStatusChange.objects.values_list("pk", "sealed")) == sealed
    events = AuditEvent.objects.filter(
        action="reasons.rekey", object_type="intel.MemberStatusChange"
    ).order_by("seq")
    assert [json.loads(e.detail) for e in events] == [
        {"changes": 2, "keyed": 2, "left": 0},
        {"changes": 2, "keyed": 0, "left": 0},
    ]
    assert not any("Olive" in e.detail for e in events)


@pytest.mark.parametrize(
    "reason",
    [
        "Demo: his phone was taken at the checkpoint.",
        "Captured on operation Olive",
        "Captured on Operation Olive.",
        "captured on operation Olive.",
        "Captured on operation Olive. Seen alive since.",
        "Captured near operation Olive.",
        "Captured on operation Pine.",  # no such operation
        "Captured on operation .",
        "Operation Olive started.",  # a person's sentence, not a member's
    ],
)
def test_typed_reasons_and_near_misses_stay_as_written(users: dict[str, User], reason: str) -> None:
    actor = users[Role.COORDINATOR]
    operations.operation_create(actor=actor, codename="Olive")
    old = _old(make_member(actor), "captured", reason, actor)

    assert member_reasons_rekey() == (1, 0, 1)
    change = MemberStatusChange.objects.get(pk=old.pk)
    assert (change.reason, change.reason_key, change.reason_params) == (reason, "", {})
