"""Her consents and her testimony say in which language they were given by its name, in the
reader's language ("Kurmanji Kurdish", "الكردية الكرمانجية"), never as a code ("kmr")."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from safepassage.accounts.models import Role, User
from safepassage.aftercare import models as aftercare
from safepassage.aftercare import services
from safepassage.aftercare.tests.factories import reported_person

pytestmark = pytest.mark.django_db

NAMES = {"en": "Kurmanji Kurdish", "ar": "الكردية الكرمانجية"}


@pytest.mark.parametrize("reader", NAMES)
def test_the_language_is_named_in_the_readers_language(
    reader: str, users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    caseworker = users[Role.CASEWORKER]
    person = reported_person(caseworker)
    services.consent_record(
        actor=caseworker, person=person, purpose=aftercare.ConsentPurpose.TESTIMONY, language="kmr"
    )
    client = client_for(Role.CASEWORKER)
    saved = client.post(
        f"/aftercare/persons/{person.pk}/testimony/",
        {"account": "Taken to Tal Afar, then sold.", "language": "kmr"},
    )
    assert saved.status_code == 302
    for page in (f"/aftercare/persons/{person.pk}/", saved["Location"]):
        body = client.get(page, HTTP_ACCEPT_LANGUAGE=reader).content.decode()
        assert NAMES[reader] in body, page
        assert "(kmr)" not in body and "· kmr" not in body, page
