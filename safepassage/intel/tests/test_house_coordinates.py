"""A house is where someone is held: its coordinates are kept only encrypted, like a secret
place's, though every case reader still sees a house that is not secret.

Villages, towns, checkpoints and crossing points are public geography: their coordinates stay
in the clear columns, so "near a point" is an indexed query for them.
"""

from __future__ import annotations

import struct
from collections.abc import Callable

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.test import Client

from safepassage.accounts.models import Role, User
from safepassage.conftest import row_bytes
from safepassage.intel import selectors, services
from safepassage.intel.models import Place
from safepassage.intel.tests.factories import make_place

pytestmark = pytest.mark.django_db

# Where a woman is held: values no other test writes, so a hit can only be this house's.
LATITUDE, LONGITUDE = 36.318417, 41.902733


def _clear_columns(place: Place) -> tuple[object, object]:
    """The place's latitude and longitude columns, read straight from the table."""
    key = place.pk.hex if connection.vendor == "sqlite" else place.pk
    with connection.cursor() as cursor:
        cursor.execute("SELECT latitude, longitude FROM intel_place WHERE id = %s", [key])
        row = cursor.fetchone()
    return row[0], row[1]


def _row_bytes(place: Place) -> bytes:
    return row_bytes("intel_place", place.pk)


def _float_needles(*values: float) -> list[bytes]:
    """How a float can lie on disk: as text, or as an 8-byte double either way round."""
    needles = []
    for value in values:
        needles += [repr(value).encode(), struct.pack(">d", value), struct.pack("<d", value)]
    return needles


def test_a_house_keeps_its_coordinates_only_encrypted(users: dict[str, User]) -> None:
    house = make_place(
        users[Role.COORDINATOR],
        "House 14, Tel Qasab",
        kind="house",
        latitude=LATITUDE,
        longitude=LONGITUDE,
    )
    assert not house.is_secret
    assert _clear_columns(house) == (None, None)
    row = _row_bytes(house)
    assert [n for n in _float_needles(LATITUDE, LONGITUDE) if n in row] == []
    assert Place.objects.get(pk=house.pk).coordinates == (LATITUDE, LONGITUDE)


def test_the_check_can_see_clear_coordinates() -> None:
    """The raw reads above are real: a village's coordinates are found in its row."""
    actor = User.objects.create(username="mapper", role=Role.COORDINATOR)
    village = make_place(actor, "Kanîsor", latitude=LATITUDE, longitude=LONGITUDE)
    assert _clear_columns(village) == (LATITUDE, LONGITUDE)
    assert any(n in _row_bytes(village) for n in _float_needles(LATITUDE))


def test_the_database_refuses_clear_coordinates_for_a_house(users: dict[str, User]) -> None:
    house = make_place(users[Role.COORDINATOR], "House 14", kind="house")
    with pytest.raises(IntegrityError), transaction.atomic():
        Place.objects.filter(pk=house.pk).update(latitude=LATITUDE, longitude=LONGITUDE)
    assert _clear_columns(house) == (None, None)


def test_a_house_imported_from_csv_keeps_its_coordinates_encrypted(
    users: dict[str, User],
) -> None:
    result = services.places_import_csv(
        actor=users[Role.COORDINATOR],
        text=(
            "kind,names,latitude,longitude\n"
            f"house,House 14|بيت ١٤,{LATITUDE},{LONGITUDE}\n"
            f"village,Tel Qasab,{LATITUDE},{LONGITUDE}\n"
        ),
    )
    assert result.ok and result.created == 2
    house, village = Place.objects.get(kind="house"), Place.objects.get(kind="village")
    assert _clear_columns(house) == (None, None)
    assert house.coordinates == (LATITUDE, LONGITUDE)
    assert _clear_columns(village) == (LATITUDE, LONGITUDE)


def test_a_kind_change_moves_the_coordinates_into_the_sealed_record_and_back(
    users: dict[str, User],
) -> None:
    place = make_place(users[Role.COORDINATOR], "Dugirî", latitude=LATITUDE, longitude=LONGITUDE)
    assert _clear_columns(place) == (LATITUDE, LONGITUDE)
    place.kind = "house"
    place.full_clean()
    place.save()
    assert _clear_columns(place) == (None, None)
    assert Place.objects.get(pk=place.pk).coordinates == (LATITUDE, LONGITUDE)

    place = Place.objects.get(pk=place.pk)
    place.kind = "village"
    place.full_clean()
    place.save()
    assert _clear_columns(place) == (LATITUDE, LONGITUDE)
    fresh = Place.objects.get(pk=place.pk)
    assert fresh.secret_coordinates is None and fresh.coordinates == (LATITUDE, LONGITUDE)


def test_every_case_reader_finds_a_house_near_a_point(users: dict[str, User]) -> None:
    falcon, olive = users[Role.COORDINATOR], users[Role.CASEWORKER]
    village = make_place(falcon, "Tel Qasab", latitude=36.3180, longitude=41.9020)
    house = make_place(falcon, "House 14", kind="house", latitude=LATITUDE, longitude=LONGITUDE)
    make_place(falcon, "House 9", kind="house", latitude=37.5, longitude=41.9)
    for user in (falcon, olive):
        hits = selectors.places_for_user(user=user, near=(LATITUDE, LONGITUDE), radius_km=2)
        assert [h.place for h in hits] == [house, village]
        assert hits[0].distance_km == 0.0 and 0 < (hits[1].distance_km or 0) < 1
    only_houses = selectors.places_for_user(
        user=olive, near=(LATITUDE, LONGITUDE), radius_km=2, kind="house"
    )
    assert [h.place for h in only_houses] == [house]


def test_pages_and_api_show_a_house_coordinates_to_a_case_reader(
    users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    house = make_place(
        users[Role.COORDINATOR], "House 14", kind="house", latitude=LATITUDE, longitude=LONGITUDE
    )
    client = client_for(Role.CASEWORKER)
    page = client.get(f"/intel/places/{house.pk}/").content.decode()
    assert f"{LATITUDE}, {LONGITUDE}" in page
    found = client.post(
        "/intel/places/", {"q": "", "kind": "", "lat": LATITUDE, "lon": LONGITUDE, "km": "1"}
    ).content.decode()
    assert f'href="/intel/places/{house.pk}/"' in found and "0.0 km" in found
    detail = client.get(f"/api/intel/places/{house.pk}/").json()
    assert (detail["latitude"], detail["longitude"]) == (LATITUDE, LONGITUDE)
    point = {"lat": str(LATITUDE), "lon": str(LONGITUDE), "km": "1"}
    listed = client.get("/api/intel/places/", point).json()
    assert [(p["id"], p["latitude"], p["distance_km"]) for p in listed] == [
        (str(house.pk), LATITUDE, 0.0)
    ]
    # Who sees a house did not change: a field member still sees no places at all.
    assert client_for(Role.FIELD).get(f"/api/intel/places/{house.pk}/").status_code == 404


def _migrate(target: list[tuple[str, str]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor


@pytest.mark.django_db(transaction=True)
def test_the_migration_seals_the_coordinates_of_houses_written_before_and_back() -> None:
    before, after = [("intel", "0002_sealed_records")], [("intel", "0003_house_coordinates_sealed")]
    try:
        _migrate(before)
        # Rows as the code before this change wrote them (the table is the same but for the
        # constraint): a house with clear coordinates, a village, a secret house.
        house = Place.objects.create(
            kind="house", names=["House 14"], notes="cellar", latitude=LATITUDE, longitude=LONGITUDE
        )
        village = Place.objects.create(
            kind="village", names=["Kanîsor"], latitude=LATITUDE, longitude=LONGITUDE
        )
        hidden = Place.objects.create(
            kind="house", is_secret=True, names=["Farm"], secret_coordinates=[36.5, 42.1]
        )
        assert _clear_columns(house) == (LATITUDE, LONGITUDE)  # the check sees them in the clear

        _migrate(after)
        assert _clear_columns(house) == (None, None)
        assert [n for n in _float_needles(LATITUDE, LONGITUDE) if n in _row_bytes(house)] == []
        sealed = Place.objects.get(pk=house.pk)
        assert sealed.coordinates == (LATITUDE, LONGITUDE)
        assert (sealed.names, sealed.notes) == (["House 14"], "cellar")  # the rest kept
        assert _clear_columns(village) == (LATITUDE, LONGITUDE)
        assert Place.objects.get(pk=hidden.pk).coordinates == (36.5, 42.1)

        _migrate(before)
        assert _clear_columns(house) == (LATITUDE, LONGITUDE)
        back = Place.objects.get(pk=house.pk)
        assert back.secret_coordinates is None and (back.names, back.notes) == (
            ["House 14"],
            "cellar",
        )
        assert _clear_columns(hidden) == (None, None)  # a secret house stays sealed
        assert Place.objects.get(pk=hidden.pk).coordinates == (36.5, 42.1)
    finally:
        _migrate(after)
