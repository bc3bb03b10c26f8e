"""Intel services: places (secret ones encrypted), CSV import, members, incidents, reports."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from safepassage.accounts.models import Role, User
from safepassage.accounts.permissions import ActionRefused
from safepassage.audit.models import AuditEvent
from safepassage.intel import services
from safepassage.intel.models import Holder, LocationReport, Member, Place
from safepassage.intel.tests.factories import (
    make_contact,
    make_incident,
    make_member,
    make_person,
    make_place,
    make_report,
)
from safepassage.operations.models import Alert
from safepassage.tracing.models import PhoneSighting
from safepassage.vault.crypto import get_vault

pytestmark = pytest.mark.django_db


def test_secret_place_has_no_plaintext_name_or_coordinates(users: dict[str, User]) -> None:
    place = make_place(
        users[Role.COORDINATOR],
        "Orchard house",
        kind="safe_house",
        latitude=36.7011,
        longitude=42.1502,
    )
    assert place.is_secret and place.latitude is None and place.longitude is None
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM intel_place WHERE id = %s", [place.pk.hex])
        rows = cursor.fetchall() or []
        if not rows:
            cursor.execute("SELECT * FROM intel_place WHERE id = %s", [str(place.pk)])
            rows = cursor.fetchall()
    raw = repr(rows)
    assert "Orchard" not in raw and "36.7011" not in raw and "42.1502" not in raw
    fresh = Place.objects.get(pk=place.pk)
    assert fresh.coordinates == (36.7011, 42.1502) and fresh.name == "Orchard house"


def test_place_create_refuses_bad_input_and_writes_nothing(users: dict[str, User]) -> None:
    actor = users[Role.COORDINATOR]
    for bad in (
        {"latitude": 91, "longitude": 10},
        {"latitude": "north", "longitude": 10},
        {"latitude": 10},
        {"kind": "castle"},
        {"names": ["  "]},
    ):
        values: dict[str, Any] = {"kind": "village", "names": ["Kanîsor"], **bad}
        with pytest.raises(ValidationError):
            services.place_create(actor=actor, **values)
    assert Place.objects.count() == 0
    with pytest.raises(ActionRefused):
        services.place_create(actor=users[Role.ANALYST], kind="village", names=["X"])


def test_a_name_in_which_nothing_shows_is_no_name(users: dict[str, User]) -> None:
    """A direction mark or zero-width space pasted alone is left out; a name is kept as typed
    (the ZWNJ of older Sorani typing included)."""
    actor = users[Role.COORDINATOR]
    with pytest.raises(ValidationError):
        services.place_create(actor=actor, kind="village", names=["\u200f", "\u200b "])
    with pytest.raises(ValidationError):
        services.holder_create(actor=actor, names=["\u2067"], aliases=["\ufeff"])
    assert Place.objects.count() == 0 and Holder.objects.count() == 0
    place = services.place_create(
        actor=actor, kind="village", names=["ته\u200cل قه\u200cسه\u200cب", "\u200e"]
    )
    assert place.names == ["ته\u200cل قه\u200cسه\u200cب"]


def test_import_csv_dry_run_errors_and_all_or_nothing(users: dict[str, User]) -> None:
    good = (
        "kind,names,latitude,longitude,control,control_as_of,notes,secret\n"
        "village,Kanîsor|كاني سور,36.5,41.8,contested,2025-01-10,,\n"
        "safe_house,Orchard house,36.7,42.1,safe,,,\n"
    )
    dry = services.places_import_csv(actor=None, text=good, dry_run=True)
    assert dry.ok and dry.rows == 2 and dry.created == 0 and Place.objects.count() == 0
    bad = good + "checkpoint,Road block,95,41,hostile,,,\nvillage,,1,1,,,,\n"
    result = services.places_import_csv(actor=None, text=bad)
    assert not result.ok and Place.objects.count() == 0
    assert any(e.startswith("line 4: latitude") for e in result.errors)
    assert any(e.startswith("line 5: names") for e in result.errors)
    assert services.places_import_csv(actor=None, text="foo,bar\n1,2\n").errors
    done = services.places_import_csv(actor=users[Role.COORDINATOR], text=good)
    assert done.created == 2 and Place.objects.filter(is_secret=True).count() == 1
    assert AuditEvent.objects.filter(action="import").exists()


def test_member_status_change_keeps_history_raises_alert_and_indexes_phone(
    users: dict[str, User],
) -> None:
    actor = users[Role.COORDINATOR]
    member = make_member(actor, "kite", channels=[{"kind": "phone", "value": "+964 750 222 3344"}])
    index = get_vault().blind_index("9647502223344", "phone")
    assert PhoneSighting.objects.filter(number_index=index, source_type="intel.Member").exists()
    services.member_set_status(actor=actor, member=member, status="captured", reason="taken")
    member.refresh_from_db()
    assert member.status == "captured"
    assert [c.to_status for c in member.status_changes.all()] == ["captured"]
    assert Alert.objects.filter(kind="danger", subject_id=str(member.pk)).exists()
    with pytest.raises(ValidationError):
        services.member_set_status(actor=actor, member=member, status="captured", reason="x")
    with pytest.raises(ValidationError):
        services.member_set_status(actor=actor, member=member, status="active", reason=" ")
    with pytest.raises(ActionRefused):
        services.member_set_status(
            actor=users[Role.CASEWORKER], member=member, status="active", reason="back"
        )


def test_member_codename_unique_and_channels_checked(users: dict[str, User]) -> None:
    actor = users[Role.COORDINATOR]
    make_member(actor, "wren")
    with pytest.raises(ValidationError):
        make_member(actor, "WREN")
    with pytest.raises(ValidationError):
        make_member(actor, "jay", channels=[{"kind": "phone", "value": "12"}])
    assert Member.objects.count() == 1


def test_incident_records_phone_sightings(users: dict[str, User]) -> None:
    incident = make_incident(users[Role.COORDINATOR], phone_numbers=["00964 750 555 0199"])
    index = get_vault().blind_index("9647505550199", "phone")
    assert PhoneSighting.objects.filter(
        number_index=index, source_type="intel.Incident", source_id=incident.pk
    ).exists()
    with pytest.raises(ValidationError):
        make_incident(users[Role.COORDINATOR], kind="party")
    with pytest.raises(ValidationError):
        make_incident(users[Role.COORDINATOR], latitude=200, longitude=1)


@pytest.mark.parametrize(
    ("reliability", "credibility"), [("G", 2), ("", 2), ("B", 0), ("B", 7), ("B", "x")]
)
def test_location_report_grades_outside_the_scale_are_refused(
    users: dict[str, User], reliability: str, credibility: object
) -> None:
    actor = users[Role.COORDINATOR]
    person = make_person()
    place = make_place(actor)
    with pytest.raises(ValidationError):
        make_report(
            actor,
            person,
            place=place,
            source_reliability=reliability,
            info_credibility=credibility,
        )
    assert LocationReport.objects.count() == 0


def test_location_report_sources_and_corroboration(users: dict[str, User]) -> None:
    actor = users[Role.COORDINATOR]
    person, other = make_person(), make_person(given_names=["Nadia"])
    place = make_place(actor)
    wren = make_member(actor, "wren")
    with pytest.raises(ValidationError):  # no source
        services.location_report_create(
            actor=actor, person=person, place=place, source_reliability="B", info_credibility=2
        )
    with pytest.raises(ValidationError):  # contact about someone else
        make_report(actor, person, source_contact=make_contact(other), place=place)
    with pytest.raises(ValidationError):  # nowhere
        make_report(actor, person, member=wren)
    first = make_report(actor, person, member=wren, place=place)
    with pytest.raises(ValidationError):  # same source is not independent
        make_report(actor, person, member=wren, place=place, corroborated_by=first)
    second = make_report(actor, person, place=place, corroborated_by=first)
    first.refresh_from_db()
    assert second.corroborated and first.corroborated
    assert LocationReport.objects.count() == 2
    assert datetime.date.today() >= second.reported_at.date()  # noqa: DTZ011
