"""Keeping her status with no reason is refused in the user's language, and nothing is kept."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from safepassage.accounts.models import Role, User
from safepassage.aftercare.tests.factories import reported_person
from safepassage.tracing.models import StatusChange
from safepassage.tracing.services.journey import person_status_kept

pytestmark = pytest.mark.django_db


def test_no_reason_is_refused_in_her_language(users: dict[str, User]) -> None:
    caseworker = users[Role.CASEWORKER]
    person = reported_person(caseworker)
    before = StatusChange.objects.count()
    with translation.override("ar"), pytest.raises(ValidationError) as caught:
        person_status_kept(actor=caseworker, person=person, reason="  ")
    (message,) = caught.value.message_dict["reason"]
    assert message == "اذكر لماذا تبقى الحالة كما هي."
    assert StatusChange.objects.count() == before
