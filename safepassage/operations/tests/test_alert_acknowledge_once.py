"""An alert is acknowledged once: two coordinators who opened it at the same time, or one who
opened it before the system retired it, cannot overwrite the first closing (who closed it and
what they wrote are the record the network acts on)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from safepassage.accounts.models import Role, User
from safepassage.audit.models import AuditEvent
from safepassage.conftest import make_user
from safepassage.operations import services
from safepassage.operations.models import Alert, AlertKind

pytestmark = pytest.mark.django_db


def test_a_second_acknowledgement_from_a_stale_page_is_refused_and_changes_nothing(
    users: dict[str, User],
) -> None:
    falcon = users[Role.COORDINATOR]
    heron = make_user("heron", Role.COORDINATOR)
    raised = services.alert_raise(kind=AlertKind.DANGER, message="Danger at the crossing.")
    seen_by_falcon = Alert.objects.get(pk=raised.pk)
    seen_by_heron = Alert.objects.get(pk=raised.pk)

    services.alert_acknowledge(actor=falcon, alert=seen_by_falcon, note="Called the guide.")
    with pytest.raises(ValidationError, match="already acknowledged"):
        services.alert_acknowledge(actor=heron, alert=seen_by_heron, note="Moved the team.")

    stored = Alert.objects.get(pk=raised.pk)
    assert (stored.acknowledged_by, stored.acknowledgement) == (falcon, "Called the guide.")
    assert AuditEvent.objects.filter(action="alert.acknowledge").count() == 1


def test_an_alert_the_system_retired_meanwhile_is_not_acknowledged_over(
    users: dict[str, User],
) -> None:
    falcon = users[Role.COORDINATOR]
    raised = services.alert_raise(
        kind=AlertKind.APPROVAL, message="Waits for approvals.", subject=falcon
    )
    opened = Alert.objects.get(pk=raised.pk)
    services.alerts_resolve(kind=AlertKind.APPROVAL, subject=falcon, note="Resolved.")

    with pytest.raises(ValidationError, match="already acknowledged"):
        services.alert_acknowledge(actor=falcon, alert=opened, note="Seen.")
    stored = Alert.objects.get(pk=raised.pk)
    assert stored.acknowledged_by is None and stored.acknowledgement == "Resolved."
