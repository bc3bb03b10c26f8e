"""The duress word and a failed authentication count on any of her recent contacts, not only
on the contacts ticked on the request; the request form shows each contact's warnings."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from safepassage.accounts.models import Role, User
from safepassage.tracing.models import Contact, Person
from safepassage.verification.models import RescueRequest
from safepassage.verification.selectors import assessment_current, rules_current
from safepassage.verification.services import rules_update
from safepassage.verification.tests.factories import (
    make_contact,
    make_person,
    make_report,
    make_request,
    make_secret,
)

pytestmark = pytest.mark.django_db
HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)


def _she_called(person: Person, *, duress_ago: datetime.timedelta) -> Contact:
    """A good contact with the all-clear, then three with the duress word; returns the good one."""
    make_secret(person)
    good = make_contact(person, ago=5 * HOUR, auth_outcome="passed", all_clear_given=True)
    for ago in (
        duress_ago,
        duress_ago - 2 * HOUR,
        duress_ago - 2 * HOUR - 60 * datetime.timedelta(seconds=1),
    ):
        make_contact(
            person, ago=ago, auth_outcome="passed", all_clear_given=False, duress_word_used=True
        )
    return good


def test_duress_on_an_unticked_contact_fires_through_the_page(
    users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    coordinator = users[Role.COORDINATOR]
    person = make_person()
    good = _she_called(person, duress_ago=4 * HOUR)
    make_report(coordinator, person, place_text="the house by the mill")
    client = client_for(Role.COORDINATOR)
    response = client.post(
        f"/verification/persons/{person.pk}/request/",
        {"contacts": [str(good.pk)], "network_chosen_meeting_point": "on"},
    )
    assert response.status_code == 302
    request = RescueRequest.objects.get(person=person)
    assessment = assessment_current(request)
    assert assessment is not None
    assert "duress_word" in assessment.factor_codes
    assert assessment.needs_approval
    duress = next(f for f in assessment.factors if f["code"] == "duress_word")
    assert len(duress["evidence"]) == 3  # one line per contact, each named by date and channel
    page = client.get(f"/verification/requests/{request.pk}/").content.decode()
    assert 'id="blocked"' in page and 'id="cleared"' not in page
    assert 'data-code="duress_word"' in page


def test_failed_authentication_on_an_unticked_contact_fires(users: dict[str, User]) -> None:
    coordinator = users[Role.COORDINATOR]
    person = make_person()
    good = make_contact(person, ago=3 * HOUR, auth_outcome="passed")
    make_contact(person, ago=2 * HOUR, auth_outcome="failed")
    request = make_request(coordinator, person, contacts=[good], network_chosen_meeting_point=True)
    assessment = assessment_current(request)
    assert assessment is not None and "auth_failed" in assessment.factor_codes
    # The ticked contact passed and no all-clear was agreed: nothing else about her calls.
    assert "auth_not_attempted" not in assessment.factor_codes


def test_contacts_before_the_look_back_window_do_not_count(users: dict[str, User]) -> None:
    coordinator = users[Role.COORDINATOR]
    person = make_person()
    good = _she_called(person, duress_ago=40 * DAY)
    request = make_request(coordinator, person, contacts=[good])
    assessment = assessment_current(request)
    assert assessment is not None and "duress_word" not in assessment.factor_codes
    assert rules_current()[1].params["lookback_days"] == 30

    # Widening the window is a rule change: open requests are assessed again.
    rules_update(
        actor=coordinator,
        weights={},
        params={"lookback_days": 60},
        threshold=40,
        reason="she was coerced for weeks",
    )
    again = assessment_current(request)
    assert again is not None and "duress_word" in again.factor_codes


def test_duress_after_the_request_counts_when_assessed_again(users: dict[str, User]) -> None:
    coordinator = users[Role.COORDINATOR]
    person = make_person()
    good = make_contact(person, ago=3 * HOUR, auth_outcome="passed")
    request = make_request(coordinator, person, contacts=[good])
    make_contact(person, ago=-HOUR, auth_outcome="passed", duress_word_used=True)
    from safepassage.verification.services import request_recompute

    assessment = request_recompute(actor=coordinator, request=request)
    assert "duress_word" in assessment.factor_codes


def test_lookback_must_be_in_range(users: dict[str, User]) -> None:
    from django.core.exceptions import ValidationError

    coordinator = users[Role.COORDINATOR]
    for bad in (0, -3, 5000, "soon"):
        with pytest.raises(ValidationError) as caught:
            rules_update(
                actor=coordinator,
                weights={},
                params={"lookback_days": bad},
                threshold=40,
                reason="x",
            )
        assert "lookback_days" in caught.value.message_dict
    assert rules_current()[0] is None


def test_request_form_shows_each_contacts_warnings(
    users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    person = make_person()
    _she_called(person, duress_ago=4 * HOUR)
    make_contact(person, ago=6 * HOUR, auth_outcome="failed")
    page = client_for(Role.COORDINATOR).get(f"/verification/persons/{person.pk}/request/")
    assert page.status_code == 200
    html = page.content.decode()
    labels: dict[str, Any] = {}
    for contact in Contact.objects.filter(person=person):
        start = html.index(f'value="{contact.pk}"')
        labels[str(contact.pk)] = html[start : html.index("</label>", start)]
        assert "Authentication" in labels[str(contact.pk)]
    flagged = [c for c in labels.values() if "DURESS WORD USED" in c]
    missing = [c for c in labels.values() if "all-clear missing" in c]
    assert len(flagged) == 3 and len(missing) == 4  # three duress calls and the failed one
    assert sum("Failed" in c for c in labels.values()) == 1
    assert (
        timezone.localtime(Contact.objects.filter(person=person).first().occurred_at).strftime(  # type: ignore[union-attr]
            "%Y-%m-%d %H:%M"
        )
        in html
    )
