"""Her latest word on a purpose decides: a consent dated before she withdrew it does not stand.

A consent is recorded with the time she gave it, which may be earlier than the time it is
typed in. One dated before her last withdrawal of the same purpose would say "yes" to what
she has since said "no" to; and a merge can bring such a consent over from her other record.
"""

from __future__ import annotations

import datetime
import json

import pytest
from django.core.exceptions import ValidationError

from safepassage.accounts.models import Role, User
from safepassage.aftercare import services
from safepassage.aftercare.models import Consent
from safepassage.aftercare.tests.factories import OTHER, make_testimony, reported_person
from safepassage.operations import clock
from safepassage.tracing.services import persons_merge

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(users: dict[str, User]) -> User:
    return users[Role.COORDINATOR]


def _exported(actor: User) -> list[str]:
    bundle = services.testimony_export_build(actor=actor)
    return [t["id"] for t in json.loads(bundle.files["testimony.json"])["testimonies"]]


def test_a_consent_dated_before_her_withdrawal_is_refused(coordinator: User) -> None:
    person = reported_person(coordinator)
    make_testimony(coordinator, person)
    consent = services.consent_record(
        actor=coordinator, person=person, purpose="investigators", language="kmr"
    )
    services.consent_withdraw(actor=coordinator, consent=consent)
    before = clock.now() - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as caught:
        services.consent_record(
            actor=coordinator,
            person=person,
            purpose="investigators",
            language="kmr",
            given_at=before,
        )
    assert "given_at" in caught.value.message_dict
    assert not services.consent_given(person, "investigators")
    assert Consent.objects.filter(person=person, withdrawn_at__isnull=True).count() == 1
    assert _exported(coordinator) == []
    # Given again after her withdrawal: it stands.
    services.consent_record(
        actor=coordinator, person=person, purpose="investigators", language="kmr"
    )
    assert services.consent_given(person, "investigators")
    assert len(_exported(coordinator)) == 1


def test_another_purpose_withdrawn_later_does_not_matter(coordinator: User) -> None:
    person = reported_person(coordinator)
    photo = services.consent_record(
        actor=coordinator, person=person, purpose="photo", language="ar"
    )
    services.consent_withdraw(actor=coordinator, consent=photo)
    services.consent_record(
        actor=coordinator,
        person=person,
        purpose="statistics",
        language="ar",
        given_at=clock.now() - datetime.timedelta(days=1),
    )
    assert services.consent_given(person, "statistics")


def test_a_merge_does_not_bring_back_a_consent_she_withdrew_since(coordinator: User) -> None:
    """Her record kept says she withdrew sharing with investigators; her other record holds
    the consent she gave before that. After the merge her testimony is not exported."""
    kept = reported_person(coordinator)
    other = reported_person(coordinator, reporter="Samir", **OTHER)
    testimony = make_testimony(coordinator, kept)
    earlier = clock.now() - datetime.timedelta(days=3)
    services.consent_record(
        actor=coordinator, person=other, purpose="investigators", language="kmr", given_at=earlier
    )
    mine = services.consent_record(
        actor=coordinator,
        person=kept,
        purpose="investigators",
        language="kmr",
        given_at=earlier - datetime.timedelta(days=1),
    )
    services.consent_withdraw(actor=coordinator, consent=mine)
    persons_merge(actor=coordinator, survivor=kept, merged=other, reason="same woman")
    assert Consent.objects.filter(person=kept, purpose="investigators").count() == 2
    assert not services.consent_given(kept, "investigators")
    assert str(testimony.pk) not in _exported(coordinator)


def test_a_decoy_refuses_a_consent_dated_before_her_withdrawal_as_a_real_one() -> None:
    """A duress session is refused with the same message, so the refusal gives nothing away."""
    from safepassage.aftercare.tests.test_decoy_api import _her
    from safepassage.tests.decoy import ApiPair

    both = ApiPair.of_role(Role.CASEWORKER)
    _her(both)
    consents = "/api/aftercare/persons/{her}/consents/"
    real, answer = both.send("post", consents, {"purpose": "investigators", "language": "ku"})
    both.keep("consent", real.json()["id"], answer.json()["id"])
    withdrawn = both.send("post", "/api/aftercare/consents/{consent}/withdraw/", {})[1]
    assert withdrawn.status_code == 200
    earlier = {"purpose": "investigators", "language": "ku", "given_at": "2020-01-01T10:00:00Z"}
    real, answer = both.send("post", consents, earlier)
    assert real.status_code == 400
    assert "She withdrew this consent on" in str(answer.json())


def test_a_consent_dated_before_1950_is_refused(coordinator: User) -> None:
    """A mistyped year (1900 for 2024) is refused, not kept as her word of long ago."""
    person = reported_person(coordinator)
    with pytest.raises(ValidationError) as caught:
        services.consent_record(
            actor=coordinator,
            person=person,
            purpose="care",
            language="kmr",
            given_at=datetime.datetime(1900, 1, 1, tzinfo=datetime.UTC),
        )
    assert caught.value.message_dict == {"given_at": ["The time of consent cannot be before 1950."]}
    assert not Consent.objects.exists()
