"""The compromise report against a prepared audit history: could see, did see, CSV export."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.http import Http404
from django.test import Client

from safepassage.accounts.models import Role, User
from safepassage.accounts.services import grant_create
from safepassage.audit.models import AuditEvent
from safepassage.audit.services import audit_record, audit_view
from safepassage.conftest import make_user
from safepassage.intel.services import member_set_status
from safepassage.operations import clock
from safepassage.operations.compromise import compromise_report
from safepassage.operations.tests.factories import START, make_person, make_place, underway
from safepassage.tracing.services import ReportDetails, report_create

pytestmark = pytest.mark.django_db


def _labels(report: Any, key: str) -> dict[str, Any]:
    for group in report.groups:
        if group.key == key:
            return {line.label: line for line in group.lines}
    return {}


def test_report_lists_what_a_captured_member_could_and_did_see(
    users: dict[str, User], second_coordinator: User, client_for: Callable[[str], Client]
) -> None:
    coordinator, caseworker = users["coordinator"], users["caseworker"]
    with clock.frozen_at(START):
        world = underway(coordinator, second_coordinator, caseworker)  # the member's account
    shared = make_person(coordinator, given="Şîrîn", family="Hesen")
    grant_create(actor=coordinator, user=caseworker, obj=shared)
    viewed = make_person(coordinator, given="Gulê", family="Ezîz")
    make_person(coordinator, given="Hidden", family="Never")
    report = report_create(
        actor=coordinator,
        person=shared,
        report=ReportDetails(reporter_name="Mother", reported_on=START.date()),
    )
    safe_house = make_place(coordinator, "Olive House", kind="safe_house")
    # What the account did: looked at a list, one report, wrote a place.
    audit_view(actor=caseworker, objects=[shared, viewed])
    audit_view(actor=caseworker, objects=[report])
    audit_record(actor=caseworker, action="update", obj=safe_house)
    audit_record(actor=caseworker, action="login", obj=caseworker)  # not a record it saw
    member_set_status(actor=coordinator, member=world.member, status="captured", reason="Taken.")

    result = compromise_report(user=coordinator, kind="member", subject_id=world.member.pk)
    persons = _labels(result, "tracing.Person")
    assert set(persons) == {"Berfîn Xelîl", "Şîrîn Hesen", "Gulê Ezîz"}
    assert persons["Berfîn Xelîl"].could_see == [f"on the team of {world.operation.codename}"]
    assert persons["Şîrîn Hesen"].could_see == ["shared with the account"]
    assert persons["Şîrîn Hesen"].did_see == 1 and persons["Gulê Ezîz"].did_see == 1
    assert persons["Gulê Ezîz"].could_see == []
    assert "Hidden Never" not in persons
    places = _labels(result, "intel.Place")
    assert any(label.startswith("Olive House") for label in places)
    assert any(label.startswith(world.places[2].name) for label in places)  # reception point
    assert set(_labels(result, "intel.Member")) == {f"{world.member.codename} (Guide)"}
    assert any(
        world.operation.codename in label for label in _labels(result, "operations.Operation")
    )
    assert _labels(result, "tracing.Report")
    assert not result.all_cases

    # The page and the audited CSV export.
    client = client_for(Role.COORDINATOR)
    page = client.get(f"/operations/compromise/member/{world.member.pk}/")
    assert page.status_code == 200 and "Gulê Ezîz" in page.content.decode()
    assert world.member.codename in client.get("/operations/compromise/").content.decode()
    exported = client.get(f"/operations/compromise/member/{world.member.pk}/?format=csv")
    rows = list(csv.reader(io.StringIO(exported.content.decode())))
    assert rows[0][:4] == ["group", "record_type", "record_id", "label"]
    assert {r[3] for r in rows[1:]} >= {"Şîrîn Hesen", "Gulê Ezîz"}
    assert AuditEvent.objects.filter(actor_id=str(coordinator.pk), action="export").exists()


def test_a_coordinator_account_could_see_all_cases(users: dict[str, User]) -> None:
    lost = make_user("lost-falcon", Role.COORDINATOR)
    person = make_person(users["coordinator"])
    audit_view(actor=lost, objects=[person])
    lost.is_locked = True
    lost.save(update_fields=["is_locked"])
    result = compromise_report(user=users["coordinator"], kind="account", subject_id=lost.pk)
    assert result.all_cases and result.all_operations
    assert list(_labels(result, "tracing.Person")) == ["Berfîn Xelîl"]


def test_only_compromised_subjects_and_only_coordinators(
    users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    with pytest.raises(Http404):  # an active account in good standing
        compromise_report(
            user=users["coordinator"], kind="account", subject_id=users["caseworker"].pk
        )
    users["caseworker"].is_locked = True
    users["caseworker"].save(update_fields=["is_locked"])
    for role in (Role.CASEWORKER, Role.AUDITOR, Role.ADMINISTRATOR):
        if role == Role.CASEWORKER:
            continue
        client = client_for(role)
        assert (
            client.get(f"/operations/compromise/account/{users['caseworker'].pk}/").status_code
            == 404
        )
        assert client.get(f"/api/compromise/account/{users['caseworker'].pk}/").status_code == 404


def test_a_decoy_coordinator_finds_the_compromise_reports_page_empty(
    users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    """Its operations page links to the compromise reports, as a real coordinator's: the page
    opens, as on a network with nothing to report (a "not found" would give the decoy away),
    and any report is not found, as an unknown one is."""
    from safepassage.conftest import decoy_client
    from safepassage.tests.decoy import DURESS

    users["caseworker"].is_locked = True
    users["caseworker"].save(update_fields=["is_locked"])
    real = client_for(Role.COORDINATOR).get("/operations/compromise/")
    decoy = decoy_client(make_user("watched", Role.COORDINATOR), DURESS)
    page = decoy.get("/operations/compromise/")
    assert page.status_code == real.status_code == 200
    html = page.content.decode()
    assert users["caseworker"].username in real.content.decode()
    assert users["caseworker"].username not in html and html.count('class="muted">—<') == 2
    report = f"/operations/compromise/account/{users['caseworker'].pk}/"
    assert decoy.get(report).status_code == 404
