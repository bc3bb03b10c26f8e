"""The error messages of the intel and verification services reach the reader in their own
language."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation

from safepassage.accounts.models import Role, User
from safepassage.intel.geo import parse_coordinates
from safepassage.intel.models import LocationReport
from safepassage.intel.services import location_report_create
from safepassage.intel.tests.factories import make_member, make_person
from safepassage.verification.services import request_create, rules_update

pytestmark = pytest.mark.django_db
ARABIC = re.compile("[\u0600-\u06ff]")


@pytest.mark.parametrize("language", ["ar", "ckb", "kmr"])
def test_coordinate_messages_are_translated(language: str) -> None:
    with translation.override(language), pytest.raises(ValidationError) as caught:
        parse_coordinates("north", "")
    messages = caught.value.message_dict
    assert messages["latitude"] != ["The latitude must be a number."]
    assert messages["longitude"] != ["Give the longitude."]


@pytest.mark.parametrize("language", ["ar", "ckb"])
def test_service_messages_are_translated(users: dict[str, User], language: str) -> None:
    coordinator = users[Role.COORDINATOR]
    person = make_person()
    with translation.override(language), pytest.raises(ValidationError) as caught:
        location_report_create(
            actor=coordinator, person=person, source_reliability="Z", info_credibility=9
        )
    for messages in caught.value.message_dict.values():
        assert all(ARABIC.search(m) and "source" not in m for m in messages), messages
    with translation.override(language), pytest.raises(ValidationError) as caught:
        request_create(actor=coordinator, person=person)
    assert ARABIC.search(caught.value.message_dict["contacts"][0])
    with translation.override(language), pytest.raises(ValidationError) as caught:
        rules_update(
            actor=coordinator, weights={"duress_word": 5000}, params={}, threshold=-1, reason=""
        )
    texts = [m for ms in caught.value.message_dict.values() for m in ms]
    assert len(texts) == 3 and all(ARABIC.search(t) for t in texts), texts
    assert any("1000" in t for t in texts)  # the values are filled in


def test_location_report_page_error_in_arabic(
    users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    person = make_person()
    member = make_member(users[Role.COORDINATOR], "heron")
    client = client_for(Role.COORDINATOR)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    response = client.post(
        f"/intel/persons/{person.pk}/location-reports/",
        {
            "source_member": str(member.pk),
            "place_text": "the mill",
            "source_reliability": "B",
            "info_credibility": "2",
            "held_since": "2999-01-01",
        },
    )
    assert response.status_code == 400 and LocationReport.objects.count() == 0
    html = response.content.decode()
    assert "since a date after the report" not in html
    with translation.override("ar"):
        expected = translation.gettext(
            "She cannot have been held there since a date after the report."
        )
    assert ARABIC.search(expected) and expected in html
