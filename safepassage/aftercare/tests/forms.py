"""Form data the aftercare tests post, shared by the real and the decoy sessions' tests."""

from __future__ import annotations

# A woman's arrival at reception, as the arrival form posts it.
ARRIVAL = {
    "given_names": "Leyla",
    "father_names": "Murad",
    "family_names": "Xalid",
    "sex": "f",
    "birth": "1999",
    "arrived_on": "2024-06-01",
    "reception_text": "Border post",
    "received_by": "Rojda",
    "condition": "Exhausted",
}

# The same arrival, as ``POST /api/aftercare/arrivals/`` takes it (a new person).
API_ARRIVAL = {
    "given_names": ["Leyla"],
    "father_names": ["Murad"],
    "family_names": ["Xalid"],
    "sex": "f",
    "birth_year": 1999,
    "new_person": True,
    "arrived_on": "2024-06-01",
    "reception_text": "Border post",
    "received_by": "Rojda",
    "condition": "Exhausted",
}

# Her testimony, as the testimony form posts it.
TESTIMONY = {
    "account": "She was held in a house by the river.",
    "language": "ar",
    "captivity_from": "2019-01-01",
    "captivity_to": "2020-03-01",
    "events": "2019-02-01 | sold | in the market\n2020-03-01 | escaped | at night",
}
