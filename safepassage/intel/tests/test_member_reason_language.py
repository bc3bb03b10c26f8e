"""Why a network member's status changed, as the system wrote it (an operation ending with the
member captured or killed), is kept as a sentence key and its values and shown in the reader's
language, the codename isolated; a reason typed by a coordinator, and the English of changes
recorded before keys, are shown as stored."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from safepassage.accounts.models import Role, User
from safepassage.conftest import make_user
from safepassage.intel import member_reasons
from safepassage.intel.models import Member, MemberStatusChange
from safepassage.intel.services import member_set_status
from safepassage.operations import services as operations
from safepassage.operations.tests.factories import World, underway
from safepassage.tracing.status_reasons import said as person_said

pytestmark = pytest.mark.django_db


def _world(users: dict[str, User], codename: str = "Olive") -> World:
    second = make_user("heron-two", Role.COORDINATOR)
    return underway(users[Role.COORDINATOR], second, users[Role.FIELD], codename=codename)


def _end(world: World, outcome: str) -> MemberStatusChange:
    operations.operation_end(
        actor=world.coordinator,
        operation=world.operation,
        status="failed",
        notes="Stopped at the checkpoint.",
        member_outcomes={str(world.lead.pk): outcome},
    )
    change = MemberStatusChange.objects.filter(member=world.member).order_by("changed_at").last()
    assert change is not None
    return change


def _history(client: Client, member: Member, language: str) -> list[str]:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(f"/intel/members/{member.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    section = re.search(r'<section class="card"><h2>[^<]+</h2><ul>(.*?)</ul>', page, re.S)
    assert section
    return re.findall(r"<li>(.*?)</li>", section.group(1), re.S)


def _said(language: str, key: str, **values: str) -> str:
    with translation.override(language):
        return str(member_reasons.MESSAGES[key]) % values


def test_a_capture_is_stored_as_a_key_and_values_with_the_english_kept(
    users: dict[str, User],
) -> None:
    world = _world(users)
    change = _end(world, "captured")
    stored = MemberStatusChange.objects.get(pk=change.pk)  # read back from its sealed record
    assert (stored.from_status, stored.to_status) == ("active", "captured")
    assert (stored.reason_key, stored.reason_params) == (
        "captured_on_operation",
        {"operation": "Olive"},
    )
    assert stored.reason == "Captured on operation Olive."


@pytest.mark.parametrize("language", ["ar", "ckb", "kmr"])
def test_every_member_reason_is_translated(language: str) -> None:
    for key, message in member_reasons.MESSAGES.items():
        with translation.override("en"):
            english = str(message)
        with translation.override(language):
            translated = str(message)
        assert translated != english, (language, key)
        assert re.findall(r"%\(\w+\)s", translated) == re.findall(r"%\(\w+\)s", english)


def test_the_arabic_history_says_the_capture_in_arabic_with_the_codename_isolated(
    users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    world = _world(users)
    _end(world, "captured")
    lines = _history(client_for(Role.COORDINATOR), world.member, "ar")
    assert len(lines) == 1
    assert _said("ar", "captured_on_operation", operation="<bdi>Olive</bdi>") in lines[0]
    assert "Captured on operation" not in lines[0]


def test_the_kurmanji_history_isolates_a_codename_in_arabic_script(
    users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    world = _world(users, codename="زيتون")
    _end(world, "killed")
    lines = _history(client_for(Role.COORDINATOR), world.member, "kmr")
    said = _said("kmr", "killed_on_operation", operation="<bdi>زيتون</bdi>")
    assert said.startswith("Di operasyona <bdi>زيتون</bdi>")
    assert said in lines[0] and "Killed on operation" not in lines[0]
    # The same change in English, for a reader who chose it.
    english = _history(client_for(Role.COORDINATOR), world.member, "en")
    assert "Killed on operation <bdi>زيتون</bdi>." in english[0]


def test_a_typed_reason_and_an_old_english_one_are_shown_as_stored(
    users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    world = _world(users)
    typed = member_set_status(
        actor=world.coordinator,
        member=world.member,
        status="missing",
        reason="  لم يتصل منذ يومين  ",
    )
    change = MemberStatusChange.objects.get(member=typed, to_status="missing")
    assert (change.reason, change.reason_key, change.reason_params) == ("لم يتصل منذ يومين", "", {})
    # A change recorded before keys existed: English text only.
    MemberStatusChange.objects.create(
        member=world.member,
        from_status="missing",
        to_status="captured",
        reason="Captured on operation Elm.",
        changed_by=world.coordinator,
    )
    lines = _history(client_for(Role.COORDINATOR), world.member, "ar")
    assert '<span dir="auto">لم يتصل منذ يومين</span>' in lines[0]
    assert '<span dir="auto">Captured on operation Elm.</span>' in lines[1]


def test_a_reason_is_escaped_and_a_person_reason_is_refused(users: dict[str, User]) -> None:
    world = _world(users)
    with pytest.raises(ValueError, match="another history"):
        member_set_status(
            actor=world.coordinator,
            member=world.member,
            status="missing",
            reason=person_said("operation_started", operation="Olive"),
        )
    world.member.refresh_from_db()
    assert world.member.status == "active"
    assert not MemberStatusChange.objects.filter(member=world.member).exists()
    change = MemberStatusChange(
        reason="", reason_key="captured_on_operation", reason_params={"operation": "<b>x</b>"}
    )
    with translation.override("en"):
        assert member_reasons.render(change) == "Captured on operation &lt;b&gt;x&lt;/b&gt;."
