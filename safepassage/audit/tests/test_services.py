"""Recording views: one event per list shown, several lists of a screen in one write."""

from __future__ import annotations

import pytest

from safepassage.accounts.models import Role
from safepassage.audit.models import AuditEvent
from safepassage.audit.services import audit_verify, audit_view, audit_views
from safepassage.conftest import make_user

pytestmark = pytest.mark.django_db


def _shape(event: AuditEvent) -> tuple[str, str, str, str, str]:
    return (event.actor_id, event.action, event.object_type, event.object_id, event.detail)


def test_audit_views_appends_what_separate_audit_view_calls_would() -> None:
    user = make_user("heron", Role.COORDINATOR)
    other = make_user("falcon", Role.CASEWORKER)
    before = AuditEvent.objects.count()
    audit_view(actor=user, objects=[other])
    audit_view(actor=user, objects=[user, other])
    separate = [_shape(e) for e in AuditEvent.objects.order_by("seq")[before:]]

    middle = AuditEvent.objects.count()
    audit_views(actor=user, groups=[[other], [], [user, other]])
    together = [_shape(e) for e in AuditEvent.objects.order_by("seq")[middle:]]

    assert together == separate
    assert together[0][1:4] == ("view", "accounts.User", str(other.pk))
    assert together[1][1] == "view.list" and str(user.pk) in together[1][4]
    assert audit_verify().ok


def test_nothing_shown_writes_nothing() -> None:
    user = make_user("heron", Role.COORDINATOR)
    before = AuditEvent.objects.count()
    audit_views(actor=user, groups=[[], []])
    audit_view(actor=user, objects=[])
    assert AuditEvent.objects.count() == before
