"""Dates as year-month-day only (no day/month guessing), and numbers in Arabic-Indic digits
with the Arabic decimal separator, on the intel and verification forms."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from safepassage.accounts.models import Role, User
from safepassage.intel.fields import IsoDateField, LocalFloatField, normalise_digits
from safepassage.intel.geo import parse_coordinates
from safepassage.intel.models import Incident, LocationReport, Place
from safepassage.intel.tests.factories import make_member, make_person
from safepassage.verification.models import RescueRequest

pytestmark = pytest.mark.django_db


def _report_post(client: Client, person_id: object, member_id: object, **extra: str) -> object:
    data = {
        "source_member": str(member_id),
        "place_text": "the house by the mill",
        "source_reliability": "B",
        "info_credibility": "2",
        **extra,
    }
    return client.post(f"/intel/persons/{person_id}/location-reports/", data)


@pytest.fixture
def reporting(users: dict[str, User]) -> tuple[object, object]:
    person = make_person()
    member = make_member(users[Role.COORDINATOR], "heron")
    return person.pk, member.pk


def test_held_since_is_a_date_input(
    users: dict[str, User], client_for: Callable[[str], Client], reporting: tuple[object, object]
) -> None:
    page = client_for(Role.COORDINATOR).get(f"/intel/persons/{reporting[0]}/location-reports/")
    html = page.content.decode()
    assert 'type="date" name="held_since"' in html


@pytest.mark.parametrize("value", ["01/02/2020", "1.2.2020", "02-01-2020", "Feb 1 2020"])
def test_ambiguous_held_since_is_refused_with_a_message(
    users: dict[str, User],
    client_for: Callable[[str], Client],
    reporting: tuple[object, object],
    value: str,
) -> None:
    response = _report_post(client_for(Role.COORDINATOR), *reporting, held_since=value)
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert "Write the date as year-month-day" in response.content.decode()  # type: ignore[attr-defined]
    assert LocationReport.objects.count() == 0


@pytest.mark.parametrize("value", ["2020", "2020-02"])
def test_partial_held_since_asks_for_the_whole_date(
    users: dict[str, User],
    client_for: Callable[[str], Client],
    reporting: tuple[object, object],
    value: str,
) -> None:
    response = _report_post(client_for(Role.COORDINATOR), *reporting, held_since=value)
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert "If only the year or the month is known" in response.content.decode()  # type: ignore[attr-defined]
    assert LocationReport.objects.count() == 0


@pytest.mark.parametrize("value", ["2020-02-01", "٢٠٢٠-٠٢-٠١", "۲۰۲۰-۰۲-۰۱"])
def test_iso_held_since_is_saved_as_written(
    users: dict[str, User],
    client_for: Callable[[str], Client],
    reporting: tuple[object, object],
    value: str,
) -> None:
    response = _report_post(client_for(Role.COORDINATOR), *reporting, held_since=value)
    assert response.status_code == 302  # type: ignore[attr-defined]
    assert LocationReport.objects.get().held_since == datetime.date(2020, 2, 1)


def test_impossible_date_is_named(
    users: dict[str, User], client_for: Callable[[str], Client], reporting: tuple[object, object]
) -> None:
    response = _report_post(client_for(Role.COORDINATOR), *reporting, held_since="2020-02-30")
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert "2020-02-30 is not a date." in response.content.decode()  # type: ignore[attr-defined]


def test_every_intel_date_is_strict(
    users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    client = client_for(Role.COORDINATOR)
    response = client.post("/intel/incidents/", {"kind": "trap", "occurred_on": "03/04/2024"})
    assert response.status_code == 400 and Incident.objects.count() == 0
    assert "Write the date as year-month-day" in response.content.decode()
    response = client.post(
        "/intel/places/new/",
        {"kind": "village", "names": "Kanî Sor", "control": "hostile", "control_as_of": "3/4/24"},
    )
    assert response.status_code == 400 and Place.objects.count() == 0


@pytest.mark.parametrize(
    ("lat", "lon"), [("٣٦٫٣٤", "٤١٫٨"), ("۳۶.۳۴", "۴۱.۸"), ("۳۶٫۳۴", "41.8"), ("−٣٦٫٣٤", "41.8")]
)
def test_coordinates_in_arabic_indic_digits(lat: str, lon: str) -> None:
    found = parse_coordinates(lat, lon)
    assert found is not None and abs(found[0]) == 36.34 and found[1] == 41.8


def test_bad_coordinates_still_refused_with_messages() -> None:
    with pytest.raises(ValidationError) as caught:
        parse_coordinates("٣٦٫٣٤٫١", "")
    assert caught.value.message_dict == {
        "latitude": ["The latitude must be a number."],
        "longitude": ["Give the longitude."],
    }
    with pytest.raises(ValidationError) as caught:
        parse_coordinates("٩١", "٠")
    assert caught.value.message_dict == {"latitude": ["The latitude must be between -90 and 90."]}


def test_location_report_page_takes_arabic_indic_coordinates_and_counts(
    users: dict[str, User], client_for: Callable[[str], Client], reporting: tuple[object, object]
) -> None:
    response = _report_post(
        client_for(Role.COORDINATOR),
        *reporting,
        place_text="",
        latitude="٣٦٫٣٤",
        longitude="۴۱.۸",
        children_count="٢",
    )
    assert response.status_code == 302  # type: ignore[attr-defined]
    report = LocationReport.objects.get()
    assert report.coordinates == [36.34, 41.8] and report.children_count == 2


def test_place_form_and_search_take_arabic_indic_digits(
    users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    client = client_for(Role.COORDINATOR)
    response = client.post(
        "/intel/places/new/",
        {
            "kind": "village",
            "names": "Kanî Sor",
            "latitude": "٣٦٫٣٤",
            "longitude": "٤١٫٨",
            "control": "hostile",
        },
    )
    assert response.status_code == 302
    assert Place.objects.get().coordinates == (36.34, 41.8)
    found = client.post("/intel/places/", {"lat": "٣٦٫٣٤", "lon": "٤١٫٨", "km": "٥"})
    assert found.status_code == 200 and "Kanî Sor" in found.content.decode()


def test_request_form_takes_arabic_indic_pickup_and_children(
    users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    person = make_person()
    response = client_for(Role.COORDINATOR).post(
        f"/verification/persons/{person.pk}/request/",
        {
            "pickup_latitude": "٣٦٫٣٤",
            "pickup_longitude": "۴۱٫۸",
            "children_count": "۲",
            "network_chosen_meeting_point": "on",
        },
    )
    assert response.status_code == 302
    rescue = RescueRequest.objects.get()
    assert rescue.pickup_location() == (36.34, 41.8) and rescue.children_count == 2


def test_rules_form_takes_arabic_indic_numbers(
    users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    from safepassage.verification.forms import RulesForm
    from safepassage.verification.selectors import rules_current

    _config, rules = rules_current()
    data = {f"w_{code}": "١٠" for code in rules.weights}
    data.update({f"p_{name}": "٢٫٥" for name in rules.params})
    data.update({"threshold": "٤٠", "reason": "Local digits"})
    form = RulesForm(data, rules=rules)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["threshold"] == 40 and form.params()["incident_radius_km"] == 2.5


def test_fields_directly() -> None:
    assert normalise_digits("\u200f٣٦٫٣٤ ") == "36.34"
    assert LocalFloatField().clean("۰٫۵") == 0.5
    field = IsoDateField(required=False)
    assert field.clean("") is None
    assert field.clean("2024-3-1") == datetime.date(2024, 3, 1)
    with pytest.raises(ValidationError):
        field.clean("2024/03/01")
