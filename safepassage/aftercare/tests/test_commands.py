"""The export command (``safepassage export testimony DIR``) and the demo loader."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from safepassage.accounts.models import Role, User
from safepassage.aftercare import demo, selectors, services
from safepassage.aftercare.models import Arrival
from safepassage.aftercare.models import Testimony as StoredTestimony
from safepassage.aftercare.tests.factories import OTHER, make_testimony, reported_person
from safepassage.audit.models import AuditEvent
from safepassage.conftest import make_user
from safepassage.tracing.models import PersonStatus

pytestmark = pytest.mark.django_db


def test_export_command_writes_checksummed_files(users: dict[str, User], tmp_path: Path) -> None:
    coordinator = users[Role.COORDINATOR]
    shared = reported_person(coordinator)
    make_testimony(coordinator, shared, "He sold me in the market.")
    make_testimony(coordinator, reported_person(coordinator, **OTHER), "Private.")
    services.consent_record(
        actor=coordinator, person=shared, purpose="investigators", language="ar"
    )
    call_command("exporttestimony", str(tmp_path))
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "manifest.json",
        "testimony.csv",
        "testimony.json",
    ]
    assert services.verify_directory(tmp_path) == []
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["count"] == 1 and manifest["exporter"] == "command line"
    csv_text = (tmp_path / "testimony.csv").read_text(encoding="utf-8-sig")
    assert "He sold me in the market." in csv_text and "Private." not in csv_text
    assert AuditEvent.objects.filter(action="export", actor_id="").exists()


def test_export_command_refuses_missing_or_used_folders(db: None, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="does not exist"):
        call_command("exporttestimony", str(tmp_path / "nowhere"))
    (tmp_path / "manifest.json").write_text("{}")
    events = AuditEvent.objects.count()
    with pytest.raises(CommandError, match="already in"):
        call_command("exporttestimony", str(tmp_path))
    assert AuditEvent.objects.count() == events
    assert (tmp_path / "manifest.json").read_text() == "{}"


def test_demo_adds_an_arrived_person_olive_can_follow(db: None) -> None:
    falcon = make_user("falcon", Role.COORDINATOR)
    olive = make_user("olive", Role.CASEWORKER)
    demo.load(users={"falcon": falcon, "olive": olive})
    assert not Arrival.objects.exists()  # no tracing demo persons: nothing added
    person = reported_person(falcon)
    demo.load(users={"falcon": falcon, "olive": olive})
    person.refresh_from_db()
    assert person.status == PersonStatus.ARRIVED
    assert len(selectors.followups_overdue_for_user(user=olive)) == 1
    testimony = StoredTestimony.objects.get()
    assert selectors.testimony_get_for_user(user=olive, testimony_id=testimony.pk)
    assert services.consent_given(person, "testimony")


def test_exported_testimony_is_readable_by_its_owner_only(
    users: dict[str, User], tmp_path: Path
) -> None:
    """The files hold testimony in the clear: not for every account of the machine."""
    coordinator = users[Role.COORDINATOR]
    shared = reported_person(coordinator)
    make_testimony(coordinator, shared, "He sold me in the market.")
    services.consent_record(
        actor=coordinator, person=shared, purpose="investigators", language="ar"
    )
    call_command("exporttestimony", str(tmp_path))
    modes = {p.name: p.stat().st_mode & 0o777 for p in tmp_path.iterdir()}
    assert modes == {"manifest.json": 0o600, "testimony.csv": 0o600, "testimony.json": 0o600}


def test_an_export_cut_short_leaves_no_testimony_behind(
    users: dict[str, User], tmp_path: Path
) -> None:
    """The last file cannot be made (here a dangling link in its place, as a full disk or a
    removed stick would stop it): a clear error, and the files already written are removed."""
    coordinator = users[Role.COORDINATOR]
    shared = reported_person(coordinator)
    make_testimony(coordinator, shared, "He sold me in the market.")
    services.consent_record(
        actor=coordinator, person=shared, purpose="investigators", language="ar"
    )
    (tmp_path / "manifest.json").symlink_to(tmp_path / "gone" / "manifest.json")
    with pytest.raises(CommandError, match=r"Cannot write .*Nothing was written"):
        call_command("exporttestimony", str(tmp_path))
    assert [p.name for p in tmp_path.iterdir()] == ["manifest.json"]  # the link alone
