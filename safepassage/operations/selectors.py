"""Read alerts, narrowed by the single permission check."""

from __future__ import annotations

from safepassage.accounts.models import User
from safepassage.accounts.permissions import Capability, filter_visible, has_capability
from safepassage.audit.services import audit_view
from safepassage.operations.models import Alert


def alerts_open_for_user(*, user: User, limit: int = 20) -> list[Alert]:
    """The newest open alerts the user may see; showing them is recorded in the audit log."""
    if not has_capability(user, Capability.ALERTS):
        return []
    alerts = list(filter_visible(Alert.objects.filter(acknowledged_at__isnull=True), user)[:limit])
    audit_view(actor=user, objects=alerts)
    return alerts
