"""safepassage rekey: every person's match and search keys rebuilt from her names."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from safepassage.audit.models import AuditEvent
from safepassage.tracing.keys import PersonDetails
from safepassage.tracing.models import BlockingKey
from safepassage.tracing.selectors import persons_search_for_user
from safepassage.tracing.services import person_create

pytestmark = pytest.mark.django_db


def test_rekey_gives_back_the_keys_a_search_finds_her_by(users) -> None:
    coordinator = users["coordinator"]
    person = person_create(
        actor=coordinator,
        details=PersonDetails(given_names=("حەسەن",), family_names=("شەنگالی",), sex="m"),
    )
    # Found by the Latin spelling of the Sorani name.
    assert person in persons_search_for_user(user=coordinator, query="Hesen")
    kept = set(BlockingKey.objects.filter(person=person).values_list("key", flat=True))
    # Keys made by an older reading of her name are not the ones a search now looks for.
    BlockingKey.objects.filter(person=person).delete()
    BlockingKey.objects.create(person=person, key="0" * 32)
    assert person not in persons_search_for_user(user=coordinator, query="Hesen")

    out = io.StringIO()
    call_command("rekey", stdout=out)
    assert "Read 1 persons; the keys of 1 changed." in out.getvalue()
    assert set(BlockingKey.objects.filter(person=person).values_list("key", flat=True)) == kept
    assert person in persons_search_for_user(user=coordinator, query="Hesen")
    event = AuditEvent.objects.filter(action="keys.rebuild", object_type="tracing.Person").get()
    assert not event.actor_id and '"changed": 1' in event.detail

    again = io.StringIO()
    call_command("rekey", "--batch", "1", stdout=again)
    assert "the keys of 0 changed" in again.getvalue()


def test_rekey_refuses_a_batch_below_one(users) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="at least 1"):
        call_command("rekey", "--batch", "0")
    assert not AuditEvent.objects.filter(action="keys.rebuild").exists()


def test_rekey_rebuilds_the_name_keys_of_places_and_holders(users) -> None:
    from safepassage.intel.models import HolderNameKey, PlaceNameKey
    from safepassage.intel.selectors import places_for_user
    from safepassage.intel.services import holder_create, place_create

    coordinator = users["coordinator"]
    place = place_create(actor=coordinator, kind="village", names=["تەل قەسەب"])
    holder = holder_create(actor=coordinator, names=["ئەحمەد"], aliases=[], notes="")

    def found() -> bool:
        return place in [hit.place for hit in places_for_user(user=coordinator, query="Tel Qeseb")]

    assert found()
    kept = set(PlaceNameKey.objects.filter(place=place).values_list("key", flat=True))
    held = set(HolderNameKey.objects.filter(holder=holder).values_list("key", flat=True))
    PlaceNameKey.objects.filter(place=place).delete()
    HolderNameKey.objects.filter(holder=holder).delete()
    HolderNameKey.objects.create(holder=holder, key="0" * 32)
    assert not found()

    out = io.StringIO()
    call_command("rekey", stdout=out)
    assert "Read 2 places and holders; the keys of 2 changed." in out.getvalue()
    assert set(PlaceNameKey.objects.filter(place=place).values_list("key", flat=True)) == kept
    assert set(HolderNameKey.objects.filter(holder=holder).values_list("key", flat=True)) == held
    assert found()
    again = io.StringIO()
    call_command("rekey", stdout=again)
    assert "Read 2 places and holders; the keys of 0 changed." in again.getvalue()


def test_rekey_adds_the_keys_of_every_reading_of_a_place(users) -> None:
    """A place stored before search read places as matching does had only the keys of its
    name reading: كوجو was not found by Kocho until rekey added its other reading."""
    from safepassage.intel.models import PlaceNameKey
    from safepassage.intel.names import _keys
    from safepassage.intel.selectors import places_for_user
    from safepassage.intel.services import place_create

    coordinator = users["coordinator"]
    place = place_create(actor=coordinator, kind="village", names=["كوجو"])

    def found(query: str) -> bool:
        return place in [hit.place for hit in places_for_user(user=coordinator, query=query)]

    assert found("Kocho") and found("Kojo")
    kept = set(PlaceNameKey.objects.filter(place=place).values_list("key", flat=True))
    whole, words = _keys("place", "", ("kuujuu",)) or ("", [])
    PlaceNameKey.objects.filter(place=place).exclude(key__in=[whole, *words]).delete()
    assert found("Kojo") and not found("Kocho")

    call_command("rekey", stdout=io.StringIO())
    assert set(PlaceNameKey.objects.filter(place=place).values_list("key", flat=True)) == kept
    assert found("Kocho") and found("Kojo")
