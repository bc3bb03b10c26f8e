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
from safepassage.intel.models import LocationReport, Place
from safepassage.intel.services import location_report_create, places, places_import_csv
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


def test_place_import_errors_are_framed_and_said_in_arabic(monkeypatch: pytest.MonkeyPatch) -> None:
    """The place CSV import frames each problem with its line (and column) in the reader's
    language, the column named as the file names it; English stays as it was."""
    text = (
        "kind,names,latitude,longitude\n"
        "village,Kanîsor,36.5,41.8\n"
        "village,Somewhere,north,41\n"
        "village,Extra,36.5,41.8,one too many\n"
    )
    with translation.override("ar"):
        result = places_import_csv(actor=None, text=text, dry_run=True)
        latitude = translation.gettext("The latitude must be a number.")
        header = [
            places_import_csv(actor=None, text="names\nKanîsor\n").errors,
            places_import_csv(actor=None, text="kind,names,colour\nvillage,Kanîsor,red\n").errors,
        ]
        with monkeypatch.context() as patched:
            patched.setattr(places, "MAX_IMPORT_ROWS", 1)
            too_many = places_import_csv(actor=None, text=text, dry_run=True).errors
    assert ARABIC.search(latitude)
    assert result.errors == [
        f"السطر 3، العمود latitude: {latitude}",
        "السطر 4: قيم أكثر من الأعمدة",
    ]
    assert header == [
        ["سطر العناوين: أعمدة ناقصة: kind"],
        ["سطر العناوين: أعمدة غير معروفة: colour"],
    ]
    assert too_many == ["أكثر من 1 صف؛ قسّم الملف"]
    with translation.override("en"):
        english = places_import_csv(actor=None, text=text, dry_run=True).errors
    assert english == [
        "line 3: latitude: The latitude must be a number.",
        "line 4: more values than columns",
    ]
    assert Place.objects.count() == 0
