"""The duress code must never be the check-in code, also when only one of them is changed
(the other kept as set): every ordinary check-in would then read as duress, or the duress
code as an ordinary check-in."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from safepassage.accounts.models import User
from safepassage.operations import services
from safepassage.operations.models import Operation
from safepassage.operations.tests.factories import CODE, DURESS

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("check_in_code", "duress_code"), [("", " BLUE   heron "), (f" {DURESS.upper()}", "")]
)
def test_changing_one_code_to_the_other_kept_one_is_refused(
    users: dict[str, User], check_in_code: str, duress_code: str
) -> None:
    coordinator = users["coordinator"]
    operation = services.operation_create(
        actor=coordinator, codename="Olive", check_in_code=CODE, duress_code=DURESS
    )
    hashes = (operation.check_in_code_hash, operation.duress_code_hash)
    with pytest.raises(ValidationError) as refused:
        services.operation_set_comm_plan(
            actor=coordinator,
            operation=operation,
            channel="web",
            check_in_interval_minutes=60,
            grace_minutes=15,
            check_in_code=check_in_code,
            duress_code=duress_code,
        )
    assert "must differ from the check-in code" in str(refused.value)
    stored = Operation.objects.get(pk=operation.pk)
    assert (stored.check_in_code_hash, stored.duress_code_hash) == hashes
