"""The care page holds many forms: every element id is unique, every label points at one."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable
from html.parser import HTMLParser

import pytest
from django.test import Client

from safepassage.accounts.models import Role, User
from safepassage.aftercare import services
from safepassage.aftercare.tests.factories import arrived, reported_person

pytestmark = pytest.mark.django_db


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.label_for: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.append(str(found["id"]))
        if tag == "label" and found.get("for"):
            self.label_for.append(str(found["for"]))


def _parse(html: str) -> _Ids:
    parser = _Ids()
    parser.feed(html)
    return parser


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.CASEWORKER, Role.LIAISON])
def test_ids_are_unique_and_labels_point_at_fields(
    role: str, users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    coordinator = users[Role.COORDINATOR]
    person = reported_person(coordinator)
    if role != Role.COORDINATOR:
        from safepassage.accounts.services import grant_create

        grant_create(actor=coordinator, user=users[role], obj=person)
    arrived(coordinator, person, arrived_on=datetime.date(2024, 6, 1))
    # Two relatives: their step forms repeat on the page.
    for name in ("Nadia", "Hesen"):
        services.family_member_add(actor=coordinator, person=person, name=name)
    services.referral_create(
        actor=coordinator, person=person, kind="medical", service="Clinic", she_consents=True
    )
    answer = client_for(role).get(f"/aftercare/persons/{person.pk}/")
    assert answer.status_code == 200
    page = _parse(answer.content.decode())
    repeated = [i for i, n in Counter(page.ids).items() if n > 1]
    assert repeated == []
    assert len(page.label_for) > 10  # the forms are there
    assert sorted(set(page.label_for) - set(page.ids)) == []
    # The forms that used to clash now have their own ids.
    for clashed in ("id_kind", "id_note", "id_notes", "id_on", "id_reason"):
        assert clashed not in page.ids


def test_the_step_forms_still_post_their_plain_field_names(
    users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    coordinator = users[Role.COORDINATOR]
    person = reported_person(coordinator)
    arrived(coordinator, person, arrived_on=datetime.date(2024, 6, 1))
    member = services.family_member_add(actor=coordinator, person=person, name="Nadia")
    html = client_for(Role.COORDINATOR).get(f"/aftercare/persons/{person.pk}/").content.decode()
    assert f'id="notify-{member.pk}-how"' in html and 'name="how"' in html
    assert f'id="reunite-{member.pk}-on"' in html and 'name="on"' in html
    assert 'id="referral-kind"' in html and 'id="consent-note"' in html
