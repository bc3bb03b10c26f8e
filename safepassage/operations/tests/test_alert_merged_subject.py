"""An alert about a woman whose record was later merged names and links the survivor."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from safepassage.accounts.models import Role, User
from safepassage.operations.selectors import alert_rows
from safepassage.operations.services import alert_raise
from safepassage.tracing.services.merges import persons_merge
from safepassage.verification.tests.factories import make_person

pytestmark = pytest.mark.django_db


def test_the_alert_follows_the_merge(
    users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    coordinator = users[Role.COORDINATOR]
    merged = make_person(given_names=["Gulistan"])
    survivor = make_person(given_names=["Gulîstan"])
    alert = alert_raise(kind="danger", message="Duress word used.", subject=merged)
    persons_merge(actor=coordinator, survivor=survivor, merged=merged, reason="Same woman.")
    [row] = alert_rows(user=coordinator, alerts=[alert])
    assert row.subject is not None and row.subject.person is not None
    assert row.subject.person.pk == survivor.pk
    assert row.subject.url == f"/persons/{survivor.pk}/"
    html = client_for(Role.COORDINATOR).get("/").content.decode()
    assert f'href="/persons/{survivor.pk}/"' in html
    assert f'href="/persons/{merged.pk}/"' not in html
