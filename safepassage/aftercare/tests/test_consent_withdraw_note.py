"""A consent withdrawn with a note the form refuses is not withdrawn: she is told why and
nothing changes, as the API answers (the page withdrew it and dropped the note unsaid)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from safepassage.accounts.models import Role, User
from safepassage.aftercare import services
from safepassage.aftercare.models import Consent, ConsentPurpose
from safepassage.aftercare.tests.factories import reported_person
from safepassage.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_a_note_too_long_withdraws_nothing_and_says_why(
    users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    caseworker = users[Role.CASEWORKER]
    person = reported_person(caseworker)
    consent = services.consent_record(
        actor=caseworker, person=person, purpose=ConsentPurpose.CARE, language="ar"
    )
    client = client_for(Role.CASEWORKER)
    url = f"/aftercare/consents/{consent.pk}/withdraw/"

    answer = client.post(url, {"note": "ن" * 2001})
    assert answer["Location"] == f"/aftercare/persons/{person.pk}/"
    consent.refresh_from_db()
    assert consent.withdrawn_at is None
    assert not AuditEvent.objects.filter(action="consent.withdraw").exists()
    page = client.get(answer["Location"]).content.decode()
    assert "Note: Ensure this value has at most 2000 characters (it has 2001)." in page
    assert "Consent withdrawn." not in page

    # A note within the limit is kept with the withdrawal.
    client.post(url, {"note": "She asked us to stop."})
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert "She asked us to stop." in Consent.objects.get(pk=consent.pk).note
