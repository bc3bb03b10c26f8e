"""Demo intel: a few places (one safe house for the field member "sparrow"), members (one
compromised), a holder and an earlier trap with its phone number. Every name is invented."""

from __future__ import annotations

import datetime

from safepassage.accounts.models import User
from safepassage.accounts.services import grant_create
from safepassage.intel.services import (
    holder_create,
    incident_create,
    member_create,
    member_set_status,
    place_create,
)

# The number the earlier trap was run from; the trap-like demo request calls from it again.
TRAP_NUMBER = "+964 750 555 0199"


def load(*, users: dict[str, User]) -> None:
    falcon = users["falcon"]
    kanisor = place_create(
        actor=falcon,
        kind="village",
        names=["Kanîsor", "Kani Sor", "كاني سور"],
        latitude=36.512,
        longitude=41.874,
        control="contested",
        control_as_of=datetime.date(2025, 1, 10),
    )
    tel_qasab = place_create(
        actor=falcon,
        kind="village",
        names=["Tel Qasab", "Tell Qassab", "تل قصب"],
        latitude=36.305,
        longitude=41.902,
        control="hostile",
        control_as_of=datetime.date(2025, 1, 10),
    )
    house = place_create(
        actor=falcon,
        kind="house",
        names=["House 14, Tel Qasab", "البيت ١٤ تل قصب"],
        latitude=36.3061,
        longitude=41.9034,
        control="hostile",
    )
    place_create(
        actor=falcon,
        kind="checkpoint",
        names=["Checkpoint on the Girzerik road"],
        latitude=36.401,
        longitude=41.955,
        control="hostile",
    )
    crossing = place_create(
        actor=falcon,
        kind="crossing",
        names=["Old mill crossing", "Aşê kevn"],
        latitude=36.620,
        longitude=42.010,
        control="contested",
    )
    safe_house = place_create(
        actor=falcon,
        kind="safe_house",
        names=["Orchard house"],
        latitude=36.701,
        longitude=42.150,
        control="safe",
    )
    grant_create(actor=falcon, user=users["sparrow"], obj=safe_house, reason="keeper's route")
    place_create(
        actor=falcon,
        kind="reception",
        names=["Reception point North"],
        latitude=36.850,
        longitude=42.300,
        control="safe",
    )

    member_create(actor=falcon, codename="wren", role="source", region="Tel Qasab")
    member_create(actor=falcon, codename="robin", role="guide", region="Kanîsor")
    member_create(
        actor=falcon,
        codename="otter",
        role="driver",
        channels=[{"kind": "phone", "value": "+964 770 000 1122"}],
        user=users["sparrow"],
    )
    kite = member_create(
        actor=falcon,
        codename="kite",
        role="source",
        region="Tel Qasab",
        channels=[{"kind": "phone", "value": "+964 750 222 3344"}],
    )
    member_set_status(
        actor=falcon,
        member=kite,
        status="compromised",
        reason="Demo: his phone was taken at the checkpoint.",
    )
    holder = holder_create(
        actor=falcon,
        names=["Abu Hamza al-Tali", "أبو حمزة"],
        aliases=["the Tailor"],
        places=[house, tel_qasab],
    )
    incident_create(
        actor=falcon,
        kind="trap",
        occurred_on=datetime.date(2024, 11, 3),
        place=house,
        description="Demo: a call said the holder was away; the team was ambushed at the house.",
        phone_numbers=[TRAP_NUMBER],
        members=[kite],
        holders=[holder],
        places=[tel_qasab],
    )
    del kanisor, crossing  # used by the verification demo through the gazetteer
