"""Two records of one woman merged, each with its rescue request: the plan page offers both,
side by side and told apart (when and by whom each was recorded, whether the trap check has
cleared it, its short reference), not as two identical entries."""

from __future__ import annotations

import re
from collections.abc import Callable
from html import unescape

import pytest
from django.test import Client

from safepassage.accounts.models import User
from safepassage.operations import selectors, services
from safepassage.operations.tests.factories import clear, make_person, make_request
from safepassage.tracing.services.merges import persons_merge
from safepassage.verification.selectors import request_is_cleared, requests_cleared
from safepassage.verification.services import request_approve, request_close, rules_update

pytestmark = pytest.mark.django_db

OPTION = re.compile(r'<option value="([0-9a-f-]{36})"[^>]*>([^<]*)</option>')


def _offered(html: str) -> list[tuple[str, str]]:
    select = html.split('id="add-req"', 1)[1].split("</select>", 1)[0]
    return [(value, unescape(label)) for value, label in OPTION.findall(select)]


def test_her_two_requests_are_told_apart_after_the_merge(
    users: dict[str, User],
    second_coordinator: User,
    client_for: Callable[[str], Client],
) -> None:
    coordinator, caseworker = users["coordinator"], users["caseworker"]
    # The family's report and a second report of her by a caseworker, in another spelling.
    first = make_person(coordinator, given="Berfîn", family="Xelîl")
    second = make_person(caseworker, given="Birfin", family="Khalil")
    risky = make_request(
        coordinator,
        first,
        urgency_claimed=True,
        holder_away_claimed=True,
        pickup_at_captive_location=True,
        network_chosen_meeting_point=False,
    )
    plain = make_request(caseworker, second)
    other = make_request(coordinator, make_person(coordinator, given="Nesrîn", family="Ezîz"))
    clear(plain, [coordinator, second_coordinator])
    persons_merge(actor=coordinator, survivor=first, merged=second, reason="Same woman.")
    operation = services.operation_create(actor=coordinator, codename="Alpha")

    page = client_for("coordinator").get(f"/operations/{operation.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    offered = _offered(html)
    labels = dict(offered)
    assert set(labels) == {str(risky.pk), str(plain.pk), str(other.pk)}
    # Both are hers now (one name), each entry its own.
    assert labels[str(risky.pk)].startswith("Berfîn Xelîl · ")
    assert labels[str(plain.pk)].startswith("Berfîn Xelîl · ")
    assert labels[str(risky.pk)] != labels[str(plain.pk)]
    assert (
        f"by {coordinator.username} · waiting for verification · rescue request "
        in (labels[str(risky.pk)])
    )
    assert f"by {caseworker.username} · cleared · rescue request " in labels[str(plain.pk)]
    for request in (risky, plain):
        assert labels[str(request.pk)].endswith(f"rescue request {str(request.pk)[:8]}")
        assert f"recorded {request.created_at:%Y-%m-%d}" in labels[str(request.pk)]
    # Side by side, newest first; the page says why she is there twice.
    order = [value for value, _label in offered]
    assert abs(order.index(str(risky.pk)) - order.index(str(plain.pk))) == 1
    assert order.index(str(plain.pk)) < order.index(str(risky.pk))
    assert 'id="add-req-help"' in html and "more than one open request" in html

    # Taking one on the plan: the other leaves the list, and the plan names the one taken.
    client = client_for("coordinator")
    client.post(f"/operations/{operation.pk}/plan/person/", {"rescue_request": str(plain.pk)})
    html = client.get(f"/operations/{operation.pk}/").content.decode()
    assert {v for v, _label in _offered(html)} == {str(other.pk)}
    assert f"/verification/requests/{plain.pk}/" in html
    assert f"rescue request {str(plain.pk)[:8]}" in html
    assert 'id="add-req-help"' not in html


def test_one_request_each_needs_no_explanation(
    users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    coordinator = users["coordinator"]
    make_request(coordinator, make_person(coordinator))
    make_request(coordinator, make_person(coordinator, given="Nesrîn"))
    operation = services.operation_create(actor=coordinator, codename="Alpha")
    html = client_for("coordinator").get(f"/operations/{operation.pk}/").content.decode()
    assert len(_offered(html)) == 2 and 'id="add-req-help"' not in html
    assert all(
        c.siblings == 0 for c in selectors.request_choices(user=coordinator, operation=operation)
    )


def test_the_states_shown_are_the_trap_checks_own(
    users: dict[str, User], second_coordinator: User
) -> None:
    coordinator = users["coordinator"]
    risky = {"urgency_claimed": True, "holder_away_claimed": True}
    waiting = make_request(coordinator, make_person(coordinator), **risky)
    half = make_request(coordinator, make_person(coordinator, given="Nesrîn"), **risky)
    request_approve(actor=coordinator, request=half, reason="Known risk.")
    approved = make_request(coordinator, make_person(coordinator, given="Gulistan"), **risky)
    clear(approved, [coordinator, second_coordinator])
    closed = make_request(coordinator, make_person(coordinator, given="Zozan"))
    clear(closed, [coordinator, second_coordinator])
    request_close(actor=coordinator, request=closed, reason="Withdrawn.")
    requests = [waiting, half, approved, closed]
    assert [request_is_cleared(r) for r in requests] == [False, False, True, False]
    assert requests_cleared(requests) == {r.pk: request_is_cleared(r) for r in requests}
    # Below the threshold no approval is needed: cleared, unless closed.
    rules_update(actor=coordinator, weights={}, params={}, threshold=10_000, reason="Review.")
    assert [request_is_cleared(r) for r in requests] == [True, True, True, False]
    assert requests_cleared(requests) == {r.pk: request_is_cleared(r) for r in requests}


def test_a_woman_no_longer_held_is_not_offered_nor_taken(
    users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    from django.core.exceptions import ValidationError

    from safepassage.operations.models import OperationPerson
    from safepassage.tracing.services import person_status_change

    coordinator = users["coordinator"]
    held = make_request(coordinator, make_person(coordinator))
    gone = make_request(coordinator, make_person(coordinator, given="Nesrîn"))
    # Her family learns she has died after the request was recorded.
    person_status_change(
        actor=coordinator, person=gone.person, status="deceased", reason="Her family was told."
    )
    operation = services.operation_create(actor=coordinator, codename="Alpha")
    html = client_for("coordinator").get(f"/operations/{operation.pk}/").content.decode()
    assert {v for v, _label in _offered(html)} == {str(held.pk)}
    gone.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        services.operation_add_request(actor=coordinator, operation=operation, rescue_request=gone)
    assert "She is no longer held (Deceased)" in str(refused.value)
    assert not OperationPerson.objects.filter(operation=operation).exists()


def test_the_women_offered_are_audited_as_shown(
    users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    import json

    from django.utils import timezone

    from safepassage.audit.models import AuditEvent
    from safepassage.operations.models import Alert

    coordinator = users["coordinator"]
    first = make_request(coordinator, make_person(coordinator))
    second = make_request(coordinator, make_person(coordinator, given="Nesrîn"))
    operation = services.operation_create(actor=coordinator, codename="Alpha")
    # Their approval alerts, which would name them too, are dealt with: only the list remains.
    Alert.objects.update(acknowledged_at=timezone.now())
    before = AuditEvent.objects.count()
    page = client_for("coordinator").get(f"/operations/{operation.pk}/").content.decode()
    assert f'value="{first.pk}"' in page and f'value="{second.pk}"' in page
    shown = [
        set(json.loads(e.detail)["ids"] if e.detail else [e.object_id])
        for e in AuditEvent.objects.order_by("seq")[before:]
        if e.action in ("view", "view.list") and e.object_type == "tracing.Person"
    ]
    assert {str(first.person_id), str(second.person_id)} in shown
