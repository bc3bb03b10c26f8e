"""A referral's course: allowed status moves, reopening with a reason, follow-up dates."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from safepassage.accounts.models import Role, User
from safepassage.aftercare import services
from safepassage.aftercare.models import Referral, ReferralStatus
from safepassage.aftercare.tests.factories import reported_person
from safepassage.audit.models import AuditEvent
from safepassage.operations import clock

pytestmark = pytest.mark.django_db
S = ReferralStatus


@pytest.fixture
def coordinator(users: dict[str, User]) -> User:
    return users[Role.COORDINATOR]


def _referral(actor: User, follow_up_on: object = None) -> Referral:
    return services.referral_create(
        actor=actor,
        person=reported_person(actor),
        kind="medical",
        service="Clinic",
        she_consents=True,
        follow_up_on=follow_up_on,
    )


def _move(actor: User, referral: Referral, status: str, note: str = "") -> Referral:
    return services.referral_update(actor=actor, referral=referral, status=status, note=note)


def _in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def test_a_referral_moves_forward(coordinator: User) -> None:
    first = _move(coordinator, _referral(coordinator), S.ACCEPTED)
    assert _move(coordinator, first, S.DONE).status == S.DONE
    assert _move(coordinator, _referral(coordinator), S.DECLINED).status == S.DECLINED
    assert _move(coordinator, _referral(coordinator), S.DONE).status == S.DONE


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ([S.ACCEPTED, S.SENT], "A referral cannot go from “Accepted” to “Sent”."),
        ([S.DONE, S.DECLINED], "A referral cannot go from “Done” to “Declined”."),
        ([S.DECLINED, S.DONE], "A referral cannot go from “Declined” to “Done”."),
    ],
)
def test_backward_and_closed_to_closed_moves_are_refused(
    coordinator: User, path: list[str], message: str
) -> None:
    referral = _referral(coordinator)
    for status in path[:-1]:
        referral = _move(coordinator, referral, status)
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as caught:
        _move(coordinator, referral, path[-1], note="A note does not help here.")
    assert caught.value.message_dict == {"status": [message]}
    row = Referral.objects.get(pk=referral.pk)
    assert row.status == path[-2] and row.notes == ""
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize("closed", [S.DONE, S.DECLINED])
@pytest.mark.parametrize("reopened", [S.SENT, S.ACCEPTED])
def test_a_closed_referral_is_reopened_only_with_a_reason(
    coordinator: User, closed: str, reopened: str
) -> None:
    referral = _move(coordinator, _referral(coordinator), closed)
    with pytest.raises(ValidationError) as caught:
        _move(coordinator, referral, reopened, note="   ")
    label = S(closed).label
    assert caught.value.message_dict == {
        "note": [f"This referral is “{label}”. To reopen it, say why in the note."]
    }
    assert Referral.objects.get(pk=referral.pk).status == closed
    row = _move(coordinator, referral, reopened, note="The clinic has a doctor again.")
    assert row.status == reopened and "The clinic has a doctor again." in row.notes


def test_follow_up_date_in_the_past_is_refused_when_set(coordinator: User) -> None:
    yesterday = _in_days(-1)
    with pytest.raises(ValidationError) as caught:
        _referral(coordinator, follow_up_on=yesterday)
    assert caught.value.message_dict == {
        "follow_up_on": ["The follow-up date cannot be in the past."]
    }
    assert not Referral.objects.exists()
    referral = _referral(coordinator, follow_up_on=_in_days(0))  # today is fine
    with pytest.raises(ValidationError, match="cannot be in the past"):
        services.referral_update(actor=coordinator, referral=referral, follow_up_on="2020-01-01")
    assert Referral.objects.get(pk=referral.pk).follow_up_on == _in_days(0)


def test_past_follow_up_date_and_other_errors_come_together(coordinator: User) -> None:
    with pytest.raises(ValidationError) as caught:
        services.referral_create(
            actor=coordinator,
            person=reported_person(coordinator),
            kind="medical",
            service="",
            she_consents=False,
            follow_up_on="2020-01-01",
        )
    assert set(caught.value.message_dict) == {"service", "she_consents", "follow_up_on"}


def test_an_overdue_date_is_kept_when_only_the_status_changes(coordinator: User) -> None:
    with clock.frozen_at(datetime.datetime(2024, 6, 1, 12, tzinfo=datetime.UTC)):
        referral = _referral(coordinator, follow_up_on="2024-06-10")
    # Overdue now; sending the same date back with a new status is no change to the date.
    row = services.referral_update(
        actor=coordinator, referral=referral, status=S.ACCEPTED, follow_up_on="2024-06-10"
    )
    assert row.status == S.ACCEPTED and row.follow_up_on == datetime.date(2024, 6, 10)
    row = services.referral_update(actor=coordinator, referral=row, status=S.DONE)
    assert row.follow_up_on == datetime.date(2024, 6, 10)


def _post(client: Client, path: str, data: dict[str, str]) -> list[str]:
    """Post, follow the redirect (so the messages are shown, once) and return them."""
    answer = client.post(path, data, follow=True)
    assert answer.redirect_chain and answer.redirect_chain[0][1] == 302
    return [str(m) for m in get_messages(answer.wsgi_request)]


def test_page_keeps_the_stored_date_when_the_date_field_is_empty_or_absent(
    coordinator: User, client_for: Callable[[str], Client]
) -> None:
    later = _in_days(10)
    referral = _referral(coordinator, follow_up_on=later)
    client = client_for(Role.COORDINATOR)
    path = f"/aftercare/referrals/{referral.pk}/"
    assert _post(client, path, {"status": "accepted"}) == ["Referral updated."]
    assert Referral.objects.get(pk=referral.pk).follow_up_on == later
    assert _post(client, path, {"status": "done", "follow_up_on": ""}) == ["Referral updated."]
    row = Referral.objects.get(pk=referral.pk)
    assert row.status == S.DONE and row.follow_up_on == later


def test_page_refuses_a_bad_move_with_a_clear_message(
    coordinator: User, client_for: Callable[[str], Client]
) -> None:
    referral = _move(coordinator, _referral(coordinator), S.DONE)
    client = client_for(Role.COORDINATOR)
    path = f"/aftercare/referrals/{referral.pk}/"
    assert _post(client, path, {"status": "sent"}) == [
        "This referral is “Done”. To reopen it, say why in the note."
    ]
    late = {"status": "accepted", "follow_up_on": "2020-05-01", "note": "New clinic."}
    assert _post(client, path, late) == ["The follow-up date cannot be in the past."]
    assert Referral.objects.get(pk=referral.pk).status == S.DONE
    reopen = {"status": "accepted", "note": "New clinic."}
    assert _post(client, path, reopen) == ["Referral updated."]
    assert Referral.objects.get(pk=referral.pk).status == S.ACCEPTED


def test_the_care_page_offers_a_note_with_the_status(
    coordinator: User, client_for: Callable[[str], Client]
) -> None:
    referral = _referral(coordinator)
    page = client_for(Role.COORDINATOR).get(f"/aftercare/persons/{referral.person_id}/")
    form = page.content.decode().split(f'action="/aftercare/referrals/{referral.pk}/"')[1]
    assert 'name="note"' in form.split("</form>")[0]


def test_a_follow_up_more_than_a_year_away_is_refused(coordinator: User) -> None:
    """A follow-up is a reminder to look again: 9999-12-31 would hide the referral from the
    overdue list for good."""
    message = {"follow_up_on": ["Set the follow-up within a year; set the next one then."]}
    for far in (_in_days(367), "9999-12-31"):
        with pytest.raises(ValidationError) as caught:
            _referral(coordinator, follow_up_on=far)
        assert caught.value.message_dict == message
    assert not Referral.objects.exists()
    referral = _referral(coordinator, follow_up_on=_in_days(366))  # a year ahead is fine
    with pytest.raises(ValidationError) as caught:
        services.referral_update(actor=coordinator, referral=referral, follow_up_on="9999-12-31")
    assert caught.value.message_dict == message
    assert Referral.objects.get(pk=referral.pk).follow_up_on == _in_days(366)
