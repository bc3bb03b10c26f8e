"""A phone number is one number however it is written: international (+964 / 00964), national
with its trunk 0 (0750…), with the trunk 0 kept after the country code (+964 (0)750…), in
Arabic-Indic digits. The trap check must link a captive's call to an earlier trap whichever
way each was typed."""

from __future__ import annotations

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from safepassage.accounts.models import Role, User
from safepassage.tracing.selectors import phone_sightings
from safepassage.tracing.services.contacts import ContactDetails, contact_create
from safepassage.vault.crypto import normalise_phone
from safepassage.verification.selectors import assessment_current
from safepassage.verification.tests.factories import make_incident, make_person, make_request

pytestmark = pytest.mark.django_db

TRAP = "0750 123 4567"
SAME_NUMBER = [
    "+964 750 123 4567",
    "00964 750 123 4567",
    "+964 (0) 750 123 4567",
    "٠٧٥٠ ١٢٣ ٤٥٦٧",
    "+٩٦٤ ٧٥٠ ١٢٣ ٤٥٦٧",
    "۰۷۵۰-۱۲۳-۴۵۶۷",
]


@pytest.mark.parametrize("written", SAME_NUMBER)
def test_one_number_written_every_way_is_one_number(written: str) -> None:
    assert normalise_phone(written) == normalise_phone(TRAP) == "9647501234567"


def test_other_numbers_stay_apart() -> None:
    assert normalise_phone("0750 123 4568") != normalise_phone(TRAP)
    # A number of another country, written internationally, keeps its own country code.
    assert normalise_phone("+963 944 123 456") == "963944123456"
    assert normalise_phone("00963 944 123 456") == "963944123456"


@override_settings(PHONE_COUNTRY_CODE="963")
def test_the_national_form_follows_the_configured_country() -> None:
    assert normalise_phone("0944 123 456") == normalise_phone("+963 944 123 456")


@pytest.mark.parametrize("written", ["+964 750 123 4567", "٠٧٥٠ ١٢٣ ٤٥٦٧"])
def test_a_call_from_a_trap_number_written_another_way_fires(
    users: dict[str, User], written: str
) -> None:
    coordinator = users[Role.COORDINATOR]
    make_incident(coordinator, phone_numbers=[TRAP], occurred_on=datetime.date(2024, 3, 1))
    person = make_person()
    contact = contact_create(
        actor=coordinator,
        person=person,
        contact=ContactDetails(
            occurred_at=timezone.now() - datetime.timedelta(hours=1),
            channel="phone",
            number_used=written,
        ),
    )
    assert phone_sightings(TRAP)
    request = make_request(coordinator, person, contacts=[contact])
    current = assessment_current(request)
    assert current is not None and "number_in_incident" in current.factor_codes


def test_rekey_indexes_numbers_stored_by_earlier_versions_anew(users: dict[str, User]) -> None:
    """An instance upgraded from a version that read 0750… as 07501234567: rekey indexes
    every stored number (contacts, family reports, members, incidents) as this version reads
    it, and the trap check of open requests sees the link."""
    import io

    from django.core.management import call_command

    from safepassage.intel.tests.factories import make_member
    from safepassage.tracing.models import Contact, PhoneSighting
    from safepassage.tracing.services import ReportDetails, report_create
    from safepassage.vault.crypto import get_vault

    coordinator = users[Role.COORDINATOR]
    incident = make_incident(coordinator, phone_numbers=[TRAP])
    member = make_member(
        coordinator, "kite", channels=[{"kind": "phone", "value": "0770 555 1234"}]
    )
    person = make_person()
    contact = contact_create(
        actor=coordinator,
        person=person,
        contact=ContactDetails(
            occurred_at=timezone.now() - datetime.timedelta(hours=1),
            channel="phone",
            number_used="+964 750 123 4567",
        ),
    )
    national = contact_create(
        actor=coordinator,
        person=person,
        contact=ContactDetails(
            occurred_at=timezone.now() - datetime.timedelta(hours=3),
            channel="sms",
            number_used=TRAP,
        ),
    )
    report = report_create(
        actor=coordinator,
        person=make_person(given_names=["Nesrîn"]),
        report=ReportDetails(reporter_name="Her brother", reporter_phones=("0750 123 4567",)),
    )
    request = make_request(coordinator, person, contacts=[contact])

    def old(number: str) -> str:
        digits = "".join(ch for ch in number if ch.isdigit())
        return get_vault().blind_index(digits[2:] if digits.startswith("00") else digits, "phone")

    for source, number in ((incident, TRAP), (member, "0770 555 1234"), (report, TRAP)):
        PhoneSighting.objects.filter(source_id=source.pk).update(number_index=old(number))
    PhoneSighting.objects.filter(source_id=national.pk).update(number_index=old(TRAP))
    Contact.objects.filter(pk=national.pk).update(number_index=old(TRAP))
    # Written internationally, the contact's number indexed the same then as now.
    assert Contact.objects.get(pk=contact.pk).number_index == old("+964 750 123 4567")
    kept = set(PhoneSighting.objects.values_list("source_id", "person_id", "seen_at"))
    from safepassage.verification.services import request_recompute

    request_recompute(actor=coordinator, request=request)
    stale = assessment_current(request)
    assert stale is not None and "number_in_incident" not in stale.factor_codes

    out = io.StringIO()
    call_command("rekey", stdout=out)
    assert "Read 5 records with phone numbers; the indexes of 4 changed." in out.getvalue()
    assert {s.source_id for s in phone_sightings(TRAP)} == {
        incident.pk,
        contact.pk,
        national.pk,
        report.pk,
    }
    assert Contact.objects.get(pk=national.pk).number_index == contact.number_index
    assert [s.source_id for s in phone_sightings("+964 770 555 1234")] == [member.pk]
    # Whose number it is and when it was seen are kept.
    assert set(PhoneSighting.objects.values_list("source_id", "person_id", "seen_at")) == kept
    current = assessment_current(request)
    assert current is not None and current.trigger == "phone_index"
    assert {"number_in_incident", "number_other_person"} <= set(current.factor_codes)

    again = io.StringIO()
    call_command("rekey", stdout=again)
    assert "Read 5 records with phone numbers; the indexes of 0 changed." in again.getvalue()
    assert assessment_current(request) == current
