"""Recording views: one event per list shown, several lists of a screen in one write."""

from __future__ import annotations

import pytest

from safepassage.accounts.models import Role
from safepassage.audit.models import AuditEvent
from safepassage.audit.services import (
    Entry,
    audit_record,
    audit_records,
    audit_verify,
    audit_view,
    audit_views,
)
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


def test_audit_records_appends_what_separate_audit_record_calls_would() -> None:
    user = make_user("heron", Role.COORDINATOR)
    other = make_user("falcon", Role.CASEWORKER)
    before = AuditEvent.objects.count()
    audit_record(actor=user, action="create", obj=other)
    audit_record(actor=user, action="update", obj=user, detail={"fields": ["role"]})
    separate = [_shape(e) for e in AuditEvent.objects.order_by("seq")[before:]]

    middle = AuditEvent.objects.count()
    stored = audit_records(
        actor=user,
        entries=[Entry("create", other), Entry("update", user, {"fields": ["role"]})],
    )
    together = [_shape(e) for e in AuditEvent.objects.order_by("seq")[middle:]]

    assert together == separate
    assert [e.seq for e in stored] == [middle + 1, middle + 2]  # consecutive, as stored
    assert [e.pk for e in stored] == list(
        AuditEvent.objects.order_by("seq")[middle:].values_list("pk", flat=True)
    )
    assert audit_records(actor=user, entries=[]) == []
    assert AuditEvent.objects.count() == middle + 2 and audit_verify().ok


def test_nothing_shown_writes_nothing() -> None:
    user = make_user("heron", Role.COORDINATOR)
    before = AuditEvent.objects.count()
    audit_views(actor=user, groups=[[], []])
    audit_view(actor=user, objects=[])
    assert AuditEvent.objects.count() == before


# Without RETURNING only on SQLite: before 3.35 it had none; PostgreSQL always has it.
@pytest.mark.parametrize("returning", [True, pytest.param(False, marks=pytest.mark.sqlite_only)])
def test_appended_events_come_back_as_stored(returning: bool, monkeypatch) -> None:
    from django.db import connection

    # Both ways of learning the new rows' keys: RETURNING, and a SELECT where it is missing.
    monkeypatch.setattr(connection.features, "can_return_columns_from_insert", returning)
    user = make_user("heron", Role.COORDINATOR)
    first = audit_record(actor=user, action="create", obj=user, detail={"fields": ["role"]})
    second = audit_record(actor=None, action="export", object_type="backup")
    for event in (first, second):
        stored = AuditEvent.objects.get(pk=event.pk)
        assert _shape(stored) == _shape(event) and stored.hash == event.hash
        assert stored.created_at == event.created_at
        with pytest.raises(PermissionError):
            event.save()  # a stored event, not a new one
    assert second.seq == first.seq + 1 and second.prev_hash == first.hash
    assert audit_verify().ok


def test_an_append_fails_with_the_transaction_around_it() -> None:
    from django.db import transaction

    user = make_user("heron", Role.COORDINATOR)
    before = AuditEvent.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_views(actor=user, groups=[[user]])
        raise RuntimeError("the write this event belonged to failed")
    assert AuditEvent.objects.count() == before
    audit_views(actor=user, groups=[[user], [user, user]])
    assert AuditEvent.objects.count() == before + 2 and audit_verify().ok
