"""A decoy coordinator plans an operation as a real one does, and writes nothing.

"New operation" (the page and ``POST /api/operations/``) checks a decoy's draft as the real
service checks one (a codename taken, in any case, by an operation of the network or by one of
its own; the check-in and duress codes), answers as a real save (a redirect to the draft's page,
201 with the same JSON) and lists it back (the operations page and the API); its page opens as a
new real draft's, with what the plan still lacks. It is kept in the decoy's session only: no
row, audit event or alert.
"""

from __future__ import annotations

import datetime
import re
import uuid
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from safepassage.accounts.models import Role
from safepassage.accounts.permissions import ActionRefused
from safepassage.conftest import make_user
from safepassage.intel.models import Member, Place
from safepassage.operations import compromise, services
from safepassage.operations.models import (
    Alert,
    CheckIn,
    Operation,
    OperationPerson,
    Supply,
    TeamMember,
    Waypoint,
)
from safepassage.tests.decoy import (
    ApiPair,
    added_on_page,
    answered_alike,
    counts,
    links_added,
    main_content,
    opened_alike,
    posted_alike,
    queued_messages,
    real_and_decoy,
)

pytestmark = pytest.mark.django_db

LIST = "/operations/"
NEW = "/operations/new/"
API = "/api/operations/"
COMPROMISE = "/operations/compromise/"
GOOD = {
    "codename": "Swallow",
    "objective": "Bring her out before the wedding",
    "channel": "sms",
    "check_in_interval_minutes": "45",
    "grace_minutes": "10",
    "check_in_code": "",
    "duress_code": "",
    "comm_notes": "Two missed calls mean wait",
}


def _counts() -> dict[str, int]:
    """Every table a decoy's write could reach, the operation tables with them."""
    models: tuple[Any, ...] = (Operation, OperationPerson, TeamMember, Waypoint, Supply, CheckIn)
    return {**counts(), **{model.__name__: model.objects.count() for model in models}}


def _both(real: Client, decoy: Client, path: str, data: dict[str, Any]) -> tuple[Any, Any]:
    """The same form sent by each, the decoy first (a codename the real one saves is taken
    for the decoy too): the same answer, and the decoy's writes nothing."""
    before = _counts()
    answer = decoy.post(path, data)
    assert _counts() == before, data  # no row, no audit event, no alert
    real_answer = real.post(path, data)
    answered_alike(real_answer, answer, data)
    return real_answer, answer


def _created(both: ApiPair, data: dict[str, Any]) -> tuple[Any, Any]:
    """``POST /api/operations/`` by each, the decoy first (as :func:`_both`): the same answer
    as :meth:`ApiPair.send` checks it, and the decoy's writes nothing."""
    before = _counts()
    answer = both.decoy.post(API, data, content_type="application/json")
    assert _counts() == before, data
    real = both.real.post(API, data, content_type="application/json")
    assert answer.status_code == real.status_code, (data, real.content, answer.content)
    assert both.blank(answer.json()) == both.blank(real.json())
    return real, answer


def _lines(page: Any, leaving: str = "") -> list[str]:
    """A page's content line by line (ids, tokens, the minute and the machine-readable times
    blanked), those naming ``leaving`` and blank ones left out."""
    lines = re.sub(r'datetime="[^"]*"', 'datetime=""', main_content(page)).splitlines()
    return [line for line in lines if line.strip() and not (leaving and leaving in line)]


def _network_operation(codename: str) -> Operation:
    return services.operation_create(
        actor=make_user("network-coordinator", Role.COORDINATOR), codename=codename
    )


def _quiet() -> None:
    """The duress sign-in's alert acknowledged, so the pages compared show no alert."""
    for alert in Alert.objects.filter(acknowledged_at__isnull=True):
        services.alert_acknowledge(
            actor=make_user("night-coordinator", Role.COORDINATOR), alert=alert, note="Seen"
        )


def test_a_new_operation_on_the_pages_is_checked_saved_and_listed_as_a_real_one() -> None:
    real, decoy = real_and_decoy(Role.COORDINATOR)
    _quiet()
    assert main_content(decoy.get(LIST)) == main_content(real.get(LIST))
    assert main_content(decoy.get(NEW)) == main_content(real.get(NEW))
    _network_operation("Olive")
    for bad in (
        {**GOOD, "codename": "  "},
        {**GOOD, "codename": "x" * 65},
        {**GOOD, "codename": "OLIVE"},
        {**GOOD, "check_in_code": "abc"},
        {**GOOD, "check_in_code": "    "},
        {**GOOD, "check_in_code": "amber 7", "duress_code": "Amber  7"},
        {**GOOD, "channel": "pigeon"},
    ):
        assert _both(real, decoy, NEW, bad)[1].status_code == 422, bad
    assert "No operations yet." in decoy.get(LIST).content.decode()

    real_answer, answer = _both(real, decoy, NEW, {**GOOD, "check_in_code": "amber 7"})
    assert answer.status_code == 302
    shown = opened_alike(real, decoy, real_answer, answer)
    assert "Swallow" in shown and "Bring her out before the wedding" in shown
    assert "Name a team lead." in shown and "check-in code set" in shown
    # Its list is the real one's but for the network's operation, which it never sees.
    assert _lines(decoy.get(LIST)) == _lines(real.get(LIST), leaving="Olive")
    assert answer["Location"] in decoy.get(LIST).content.decode()
    assert "Olive" not in decoy.get(LIST).content.decode()

    # Its own codename is taken for it, in any case, as a real one's own is.
    assert _both(real, decoy, NEW, {**GOOD, "codename": "swallow"})[1].status_code == 422
    # Another's draft, or any other id: not found, as for a real account.
    assert decoy.get(real_answer["Location"]).status_code == 404
    assert real.get(answer["Location"]).status_code == 404


def test_a_new_operation_through_the_api_is_checked_recorded_and_read_as_a_real_one() -> None:
    both = ApiPair.of_role(Role.COORDINATOR)
    _quiet()
    assert both.send("get", API)[1].json() == []
    _network_operation("Olive")
    good = {
        "codename": "Swallow",
        "objective": "Bring her out",
        "channel": "radio",
        "check_in_code": "amber 7",
        "duress_code": "storm 9",
    }
    before = Operation.objects.count()
    for bad in (
        {**good, "codename": ""},
        {**good, "codename": "x" * 65},
        {**good, "codename": "olive"},
        {**good, "channel": "pigeon"},
        {**good, "duress_code": "AMBER 7"},
        {**good, "check_in_code": "ab"},
    ):
        assert _created(both, bad)[1].status_code == 400, bad
    real, answer = _created(both, good)
    assert answer.status_code == 201 and answer.json()["status"] == "draft"
    assert Operation.objects.count() == before + 1  # the real one only
    both.keep("operation", real.json()["id"], answer.json()["id"])
    assert _created(both, {**good, "codename": "SWALLOW"})[1].status_code == 400
    # Its list is the real one's but for the network's operation, which it never sees.
    listed, real_listed = both.decoy.get(API).json(), both.real.get(API).json()
    assert [o["codename"] for o in listed] == ["Swallow"]
    assert both.blank(listed) == both.blank([o for o in real_listed if o["codename"] != "Olive"])
    real, answer = both.send("get", API + "{operation}/")
    assert answer.json()["operation"]["codename"] == "Swallow"
    # Another's operation, or a random id: not found, as for a real account.
    both.keep("stranger", both.ids["operation"][1], both.ids["operation"][0])
    assert both.send("get", API + "{stranger}/")[1].status_code == 404
    # What the API "saved" opens on its pages too.
    page = both.decoy.get(f"/operations/{both.ids['operation'][1]}/").content.decode()
    assert "Bring her out" in page and "duress code set" in page


def test_only_a_decoy_coordinator_gets_a_pretend_operation() -> None:
    draft = Operation(id=uuid.uuid4(), codename="Swallow")
    comm = {"channel": "sms", "check_in_interval_minutes": 30, "grace_minutes": 5}
    kept: list[Alert] = []
    pretend_saves: tuple[tuple[Any, dict[str, Any]], ...] = (
        (services.operation_pretend, {"codenames_kept": [], "codename": "Swallow"}),
        (services.operation_set_comm_plan_pretend, {"operation": draft, **comm}),
        (services.supply_add_pretend, {"operation": draft, "kind": "water", "quantity": 1}),
        (
            services.plan_item_remove_pretend,
            {"operation": draft, "item_type": "supply", "item_id": "x", "items": []},
        ),
        (services.operation_approve_pretend, {"operation": draft}),
        (
            services.operation_add_request_pretend,
            {"operation": draft, "rescue_request": None, "persons": [], "busy": None},
        ),
        *(
            (step, {"operation": draft, "persons": [], "elsewhere": lambda _: None, **more})
            for step, more in (
                (services.operation_reopen_pretend, {}),
                (services.operation_start_pretend, {"team": [], "uncleared": []}),
                (services.operation_end_pretend, {"team": [], "status": "aborted", "notes": "x"}),
            )
        ),
        (
            services.team_member_add_pretend,
            {"operation": draft, "member": Member(codename="wren"), "role": "lead", "team": []},
        ),
        (
            services.waypoint_add_pretend,
            {"operation": draft, "route": [], "kind": "pickup", "place": Place()},
        ),
        (
            services.check_in_relay_pretend,
            {
                "operation": draft,
                "team_member": TeamMember(operation=draft),
                "pressed": "ok",
                "keep_alert": kept.append,
            },
        ),
        (
            services.check_in_relay_refused_pretend,
            {"operation": draft, "code": "", "keep_alert": kept.append},
        ),
    )
    pretend_reads: tuple[tuple[Any, dict[str, Any]], ...] = (
        (compromise.compromise_subjects_pretend, {"members": []}),
        (compromise.compromise_report_pretend, {"member": None, "plans": []}),
    )
    for user in (make_user("real-one", Role.COORDINATOR), make_user("case", Role.CASEWORKER)):
        for pretend, values in pretend_saves:
            with pytest.raises(ActionRefused):
                pretend(actor=user, **values)
        for pretend, values in pretend_reads:
            with pytest.raises(ActionRefused):
                pretend(user=user, **values)
    assert Operation.objects.count() == 0 and kept == []


def _drafts() -> tuple[Client, str, Client, str]:
    """A real coordinator's new draft and a decoy's, the same: (real, its page, decoy, its)."""
    real, decoy = real_and_decoy(Role.COORDINATOR)
    _quiet()
    real_answer, answer = _both(real, decoy, NEW, {**GOOD, "check_in_code": "amber 7"})
    assert answer.status_code == 302
    return real, str(real_answer["Location"]), decoy, str(answer["Location"])


def _on_drafts(
    real: Client,
    real_page: str,
    decoy: Client,
    page: str,
    path: str,
    data: dict[str, Any],
    pretend_data: dict[str, Any] | None = None,
) -> Any:
    """The same post on the real draft and on the pretend one (``path`` after the draft's
    address; ``pretend_data``: the decoy's, naming its own records, else ``data``): the same
    answer and message, the same page after, and the decoy's writes nothing."""
    real_answer = real.post(real_page + path, data)
    before = _counts()
    answer = decoy.post(page + path, data if pretend_data is None else pretend_data)
    assert _counts() == before, (path, data)
    answered_alike(real_answer, answer, (path, data))
    if answer.status_code == 302:
        assert _lines(decoy.get(page)) == _lines(real.get(real_page)), (path, data)
    return answer


def test_a_pretend_drafts_comm_plan_is_checked_and_saved_as_a_real_ones() -> None:
    real, real_page, decoy, page = _drafts()
    comm = {
        "channel": "radio",
        "check_in_interval_minutes": "30",
        "grace_minutes": "5",
        "check_in_code": "",
        "duress_code": "",
        "comm_notes": "Radio silence after dark",
    }
    for bad in (
        {**comm, "check_in_interval_minutes": "0"},
        {**comm, "channel": "pigeon"},
        {**comm, "duress_code": "ab"},
        {**comm, "duress_code": "  "},
        {**comm, "duress_code": "AMBER 7"},  # the check-in code kept
        {**comm, "check_in_code": "storm 9", "duress_code": "Storm 9"},
    ):
        answer = _on_drafts(real, real_page, decoy, page, "plan/comm/", bad)
        assert answer.status_code == 302
        assert "Saved." not in queued_messages(answer), bad
    assert "duress code set" not in decoy.get(page).content.decode()

    answer = _on_drafts(
        real, real_page, decoy, page, "plan/comm/", {**comm, "duress_code": "storm 9"}
    )
    assert queued_messages(answer) == ["Saved."]
    shown = decoy.get(page).content.decode()
    assert "Radio silence after dark" in shown and "duress code set" in shown
    assert "Set the check-in code and the duress code." not in shown
    # The kept duress code is checked against a new check-in code, as a real one.
    answer = _on_drafts(
        real, real_page, decoy, page, "plan/comm/", {**comm, "check_in_code": "storm 9"}
    )
    assert "Saved." not in queued_messages(answer)
    assert main_content(decoy.get(page)) == main_content(real.get(real_page))
    assert decoy.get(LIST).content.decode().count("Swallow") == 1


def test_a_pretend_drafts_other_plan_sections_and_steps_answer_as_a_real_new_drafts() -> None:
    real, real_page, decoy, page = _drafts()
    stranger = str(uuid.uuid4())
    when = (timezone.now() + datetime.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    for path, data in (
        ("plan/person/", {"rescue_request": stranger}),
        ("plan/person/", {"rescue_request": "not an id"}),
        ("plan/team/", {"member": stranger, "role": "lead"}),
        ("plan/team/", {"member": stranger, "role": "captain"}),
        ("plan/waypoint/", {"kind": "pickup", "place": stranger, "planned_arrival": when}),
        ("plan/waypoint/", {"kind": "pickup", "place": stranger, "transport": "car"}),
        ("plan/supply/", {"kind": "water", "quantity": "0"}),
        ("plan/supply/", {"kind": "water", "quantity": "6", "carried_by": stranger}),
        ("plan/remove/", {"item_type": "supply", "item_id": stranger}),
        ("plan/remove/", {"item_type": "cake", "item_id": stranger}),
        ("approve/", {}),
        ("reopen/", {}),
        ("start/", {}),
        ("end/", {"status": "completed", "notes": "Done"}),
        ("end/", {"status": "sunny", "notes": "Done"}),
    ):
        answer = _on_drafts(real, real_page, decoy, page, path, data)
        assert answer.status_code == 302 and "Saved." not in queued_messages(answer), path
    for path in ("plan/colour/", "fly/"):
        assert decoy.post(page + path, {}).status_code == real.post(real_page + path).status_code
        assert decoy.post(page + path, {}).status_code == 404

    # Supplies nobody carries are added and taken off as on a real draft.
    supply = {"kind": "water", "quantity": "6", "note": "Two litres each"}
    assert queued_messages(_on_drafts(real, real_page, decoy, page, "plan/supply/", supply)) == [
        "Saved."
    ]
    shown = decoy.get(page).content.decode()
    assert "Two litres each" in shown
    [item] = re.findall(r'name="item_id" value="([^"]+)"', shown)
    [real_item] = re.findall(
        r'name="item_id" value="([^"]+)"', real.get(real_page).content.decode()
    )
    removed = _on_removal(real, real_page, real_item, decoy, page, item)
    assert queued_messages(removed) == ["Saved."]
    assert "Two litres each" not in decoy.get(page).content.decode()
    # Another's draft: not found, as for a real account.
    assert decoy.post(real_page + "approve/").status_code == 404
    assert decoy.post(real_page + "plan/comm/", {}).status_code == 404


def _on_removal(
    real: Client,
    real_page: str,
    real_item: str,
    decoy: Client,
    page: str,
    item: str,
    item_type: str = "supply",
) -> Any:
    """The same item (each side's own) taken off each draft: the same answer and page."""
    real_answer = real.post(
        real_page + "plan/remove/", {"item_type": item_type, "item_id": real_item}
    )
    before = _counts()
    answer = decoy.post(page + "plan/remove/", {"item_type": item_type, "item_id": item})
    assert _counts() == before
    answered_alike(real_answer, answer)
    assert _lines(decoy.get(page)) == _lines(real.get(real_page))
    return answer


def test_a_pretend_draft_through_the_api_answers_as_a_real_new_draft() -> None:
    both = ApiPair.of_role(Role.COORDINATOR)
    _quiet()
    real, answer = _created(both, {"codename": "Swallow", "check_in_code": "amber 7"})
    both.keep("operation", real.json()["id"], answer.json()["id"])
    stranger = str(uuid.uuid4())
    when = (timezone.now() + datetime.timedelta(days=2)).isoformat()
    op = API + "{operation}/"
    before = Operation.objects.count()
    for path, data in (
        ("persons/", {"rescue_request": stranger}),
        ("team/", {"member": stranger, "role": "lead"}),
        ("waypoints/", {"kind": "pickup", "place": stranger, "planned_arrival": when}),
        ("supplies/", {"kind": "water", "quantity": 0}),
        ("supplies/", {"kind": "water", "quantity": 6, "carried_by": stranger}),
        ("approve/", {}),
        ("reopen/", {}),
        ("start/", {}),
        ("end/", {"status": "completed", "notes": "Done"}),
        ("end/", {"status": "completed"}),
        ("check-ins/", {"pressed": "ok", "code": "amber 7"}),
        ("check-ins/", {"pressed": "ok", "code": "amber 7", "team_member": stranger}),
    ):
        assert both.send("post", op + path, data)[1].status_code == 400, path
    assert both.send("get", op + "check-ins/")[1].json() == []
    real, answer = both.send("post", op + "supplies/", {"kind": "water", "quantity": 6})
    assert answer.status_code == 201 and answer.json()["supplies"][0]["quantity"] == 6
    assert both.send("get", op)[1].json()["supplies"][0]["kind"] == "water"
    assert Operation.objects.count() == before


def test_a_pretend_draft_is_counted_among_the_open_operations_as_a_real_one() -> None:
    real, _, decoy, _ = _drafts()
    shown = decoy.get("/reports/").content.decode()
    assert "Open operations: <strong>1</strong>" in shown
    assert _lines(decoy.get("/reports/"), leaving="<svg") == _lines(
        real.get("/reports/"), leaving="<svg"
    )


def _choices(page: str, field: str) -> list[tuple[str, str]]:
    """What a plan form's select ``field`` offers: (id, label), the empty choice left out."""
    found = re.search(rf'<select [^>]*name="{field}"[^>]*>(.*?)</select>', page, re.S)
    assert found is not None, field
    options = re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', found.group(1))
    return [(value, label) for value, label in options if value]


def _labels(client: Client, page: str, field: str) -> list[str]:
    return [label for _, label in _choices(client.get(page).content.decode(), field)]


def _offered(client: Client, page: str, field: str, label: str) -> str:
    """The id of the choice labelled ``label`` that ``field`` offers on the draft's page."""
    [found] = [
        v for v, shown in _choices(client.get(page).content.decode(), field) if label in shown
    ]
    return found


def _members_added(client: Client) -> dict[str, str]:
    """One side's place, holder and members wren (a source) and heron (a driver): their ids."""
    ids = links_added(client, coordinator=True)
    ids["heron"] = added_on_page(
        client, "/intel/members/", {"codename": "heron", "role": "driver", "phones": ""}
    )
    return ids


def test_a_pretend_drafts_team_is_its_own_members_checked_kept_and_shown_as_a_real_ones() -> None:
    real, real_page, decoy, page = _drafts()
    real_ids, ids = _members_added(real), _members_added(decoy)
    # Its own members are offered as a real draft offers the network's.
    assert _labels(decoy, page, "member") == _labels(real, real_page, "member")
    assert {v for v, _ in _choices(decoy.get(page).content.decode(), "member")} == {
        ids["member"],
        ids["heron"],
    }

    def on_both(data: dict[str, str], **named: str) -> Any:
        real_data = {**data, **{k: real_ids[v] for k, v in named.items()}}
        pretend_data = {**data, **{k: ids[v] for k, v in named.items()}}
        return _on_drafts(real, real_page, decoy, page, "plan/team/", real_data, pretend_data)

    answer = on_both({"role": "lead"}, member="member")
    assert queued_messages(answer) == ["Saved."]
    shown = decoy.get(page).content.decode()
    assert "Name a team lead." not in shown and "wren</bdi> · Lead" in shown
    assert _labels(decoy, page, "member") == _labels(real, real_page, "member")
    # Checked as a real team member is: already on it, a second lead, a role not offered.
    for data, named, message in (
        ({"role": "guide"}, {"member": "member"}, "wren is already on the team."),
        ({"role": "lead"}, {"member": "heron"}, "The operation already has a lead"),
    ):
        answer = on_both(data, **named)
        assert "Saved." not in queued_messages(answer)
        assert message in " ".join(queued_messages(answer)), data
    assert on_both({"role": "driver"}, member="heron").status_code == 302
    assert main_content(decoy.get(page)) == main_content(real.get(real_page))

    # Supplies carried by one of its team, as on a real draft.
    supply = {"kind": "water", "quantity": "6", "note": "Two litres each"}
    answer = _on_drafts(
        real,
        real_page,
        decoy,
        page,
        "plan/supply/",
        {**supply, "carried_by": _offered(real, real_page, "carried_by", "wren")},
        {**supply, "carried_by": _offered(decoy, page, "carried_by", "wren")},
    )
    assert queued_messages(answer) == ["Saved."]
    assert "<bdi>wren</bdi> · <bdi>Two litres each" in decoy.get(page).content.decode()

    # One of its team captured since: the plan says so, and approving does, as a real one's.
    captured = {"status": "captured", "reason": "Taken at the checkpoint"}
    assert real.post(f"/intel/members/{real_ids['heron']}/", captured).status_code == 302
    assert decoy.post(f"/intel/members/{ids['heron']}/", captured).status_code == 302
    assert _lines(decoy.get(page)) == _lines(real.get(real_page))
    assert "heron is captured, not active." in decoy.get(page).content.decode()
    answer = _on_drafts(real, real_page, decoy, page, "approve/", {})
    assert "heron is captured, not active." in queued_messages(answer)

    # Taken off the team: offered again, and the supplies it carried carried by nobody.
    team_member = re.compile(
        r'value="team_member"><input type="hidden" name="item_id" value="([^"]+)"'
    )
    [wren, _] = team_member.findall(decoy.get(page).content.decode())[::-1]
    [real_wren, _] = team_member.findall(real.get(real_page).content.decode())[::-1]
    answer = _on_removal(real, real_page, real_wren, decoy, page, wren, "team_member")
    assert queued_messages(answer) == ["Saved."]
    shown = decoy.get(page).content.decode()
    assert "Name a team lead." in shown and "<bdi>wren</bdi> · <bdi>Two" not in shown
    assert _lines(decoy.get(page)) == _lines(real.get(real_page))
    # Another account's member is no choice of its draft's, as for a real account.
    answer = _on_drafts(
        real,
        real_page,
        decoy,
        page,
        "plan/team/",
        {"member": ids["member"], "role": "lead"},
        {"member": real_ids["member"], "role": "lead"},
    )
    assert queued_messages(answer) == ["That choice is not available."]


def test_a_pretend_drafts_team_through_the_api_is_checked_and_kept_as_a_real_ones() -> None:
    both = _api_draft(places=False)
    op = API + "{operation}/"
    real, answer = both.send("post", op + "team/", {"member": "{member}", "role": "lead"})
    assert answer.status_code == 201 and answer.json()["team"][0]["codename"] == "wren"
    both.keep("wren", real.json()["team"][0]["id"], answer.json()["team"][0]["id"])
    assert both.send("post", op + "team/", {"member": "{member}", "role": "guide"})[1].json() == {
        "member": ["wren is already on the team."]
    }
    real, answer = both.send(
        "post", op + "supplies/", {"kind": "water", "quantity": 6, "carried_by": "{wren}"}
    )
    assert answer.json()["supplies"][0]["carried_by"] == both.ids["wren"][1]
    assert both.send("get", op)[1].json()["team"][0]["member"] == both.ids["member"][1]
    both.keep("stranger", both.ids["member"][1], both.ids["member"][0])
    assert both.send("post", op + "team/", {"member": "{stranger}", "role": "guide"})[1].json() == {
        "member": ["Not found."]
    }


def _team_and_stop(both: ApiPair) -> None:
    """Each side's member put on its draft's team, ``{wren}``, and its place made the first
    stop of its route, ``{stop}``, through the API."""
    op = API + "{operation}/"
    real, answer = both.send("post", op + "team/", {"member": "{member}", "role": "lead"})
    both.keep("wren", real.json()["team"][0]["id"], answer.json()["team"][0]["id"])
    when = (timezone.now() + datetime.timedelta(days=2)).isoformat()
    stop = {"kind": "pickup", "place": "{place}", "planned_arrival": when}
    real, answer = both.send("post", op + "waypoints/", stop)
    both.keep("stop", real.json()["waypoints"][0]["id"], answer.json()["waypoints"][0]["id"])


def test_a_check_in_relayed_for_its_own_team_is_refused_as_on_a_real_draft() -> None:
    both = _api_draft()
    op = API + "{operation}/"
    _team_and_stop(both)
    check_in = {"pressed": "ok", "code": "amber 7", "team_member": "{wren}"}
    for data in (check_in, {**check_in, "waypoint": "{stop}", "position": "By the well"}):
        answer = both.send("post", op + "check-ins/", data)[1]
        assert answer.json() == {"detail": ["This operation is not underway."]}, data
    both.keep("stranger", both.ids["stop"][1], both.ids["stop"][0])
    answer = both.send("post", op + "check-ins/", {**check_in, "waypoint": "{stranger}"})[1]
    assert answer.json() == {"waypoint": ["That waypoint is not on this route."]}
    assert both.send("get", op + "check-ins/")[1].json() == []


def _api_draft(**links: bool) -> ApiPair:
    """A real coordinator's new draft through the API and a decoy's, kept as ``{operation}``,
    then each side's own place and holder, or member (``links``: :func:`api_links_added`'s)."""
    from safepassage.tests.decoy import api_links_added

    both = ApiPair.of_role(Role.COORDINATOR)
    _quiet()
    real, answer = _created(both, {"codename": "Swallow", "check_in_code": "amber 7"})
    both.keep("operation", real.json()["id"], answer.json()["id"])
    api_links_added(both, **links)
    return both


def _at(days: int) -> str:
    return (timezone.now() + datetime.timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


def test_a_pretend_drafts_route_is_its_own_places_checked_kept_and_shown_as_a_real_ones() -> None:
    real, real_page, decoy, page = _drafts()
    real_ids, ids = links_added(real, coordinator=False), links_added(decoy, coordinator=False)
    village = {"kind": "village", "names": "Tel Qasab", "control": "contested"}
    real_ids["village"] = added_on_page(real, "/intel/places/new/", village)
    ids["village"] = added_on_page(decoy, "/intel/places/new/", village)
    # Its own places are offered as a real draft offers the network's.
    assert _labels(decoy, page, "place") == _labels(real, real_page, "place")
    assert {v for v, _ in _choices(decoy.get(page).content.decode(), "place")} == {
        ids["place"],
        ids["village"],
    }

    def on_both(data: dict[str, str], place: str) -> Any:
        return _on_drafts(
            real,
            real_page,
            decoy,
            page,
            "plan/waypoint/",
            {**data, "place": real_ids[place]},
            {**data, "place": ids[place]},
        )

    stop = {"kind": "pickup", "transport": "car", "note": "Behind the mill"}
    assert queued_messages(on_both({**stop, "planned_arrival": _at(2)}, "place")) == ["Saved."]
    shown = decoy.get(page).content.decode()
    assert "The mill house</bdi>" in shown and "Behind the mill" in shown
    # Checked as a real stop is: no earlier than the one before, within a year.
    for when, message in (
        (_at(1), "The arrival must not be earlier than the previous stop's."),
        (_at(400), "The arrival is more than a year ahead: check the date."),
    ):
        answer = on_both({**stop, "kind": "crossing", "planned_arrival": when}, "village")
        assert message in " ".join(queued_messages(answer)), when
    answer = on_both({**stop, "kind": "crossing", "planned_arrival": _at(3)}, "village")
    assert queued_messages(answer) == ["Saved."]
    assert "Plan a route of at least two waypoints." not in decoy.get(page).content.decode()
    assert main_content(decoy.get(page)) == main_content(real.get(real_page))
    # Approving answers with what the plan still lacks, as a real draft's does.
    answer = _on_drafts(real, real_page, decoy, page, "approve/", {})
    assert queued_messages(answer) == [
        "Add at least one person (from a rescue request).",
        "Name a team lead.",
        "Set the check-in code and the duress code.",
    ]

    # Its first stop taken off: the route is the one left, as on a real draft.
    stops = re.compile(r'value="waypoint"><input type="hidden" name="item_id" value="([^"]+)"')
    [first, _] = stops.findall(decoy.get(page).content.decode())
    [real_first, _] = stops.findall(real.get(real_page).content.decode())
    answer = _on_removal(real, real_page, real_first, decoy, page, first, "waypoint")
    assert queued_messages(answer) == ["Saved."]
    shown = decoy.get(page).content.decode()
    assert "The mill house</bdi>" not in shown and "Tel Qasab</bdi>" in shown
    # Another account's place is no choice of its draft's, as for a real account.
    answer = _on_drafts(
        real,
        real_page,
        decoy,
        page,
        "plan/waypoint/",
        {**stop, "planned_arrival": _at(4), "place": ids["place"]},
        {**stop, "planned_arrival": _at(4), "place": real_ids["place"]},
    )
    assert queued_messages(answer) == ["That choice is not available."]


def test_a_pretend_drafts_route_through_the_api_is_checked_and_kept_as_a_real_ones() -> None:
    both = _api_draft(member=False)
    op = API + "{operation}/"
    stop = {"kind": "pickup", "place": "{place}", "transport": "car"}
    when = (timezone.now() + datetime.timedelta(days=2)).isoformat()
    _, answer = both.send("post", op + "waypoints/", {**stop, "planned_arrival": when})
    assert answer.status_code == 201
    [waypoint] = answer.json()["waypoints"]
    assert waypoint["place_name"] == "Tel Qasab" and waypoint["position"] == 1
    earlier = (timezone.now() + datetime.timedelta(days=1)).isoformat()
    assert both.send("post", op + "waypoints/", {**stop, "planned_arrival": earlier})[1].json() == {
        "planned_arrival": ["The arrival must not be earlier than the previous stop's."]
    }
    later = (timezone.now() + datetime.timedelta(days=3)).isoformat()
    _, answer = both.send("post", op + "waypoints/", {**stop, "planned_arrival": later})
    assert [w["position"] for w in answer.json()["waypoints"]] == [1, 2]
    assert both.send("post", op + "approve/", {})[1].status_code == 400
    both.keep("stranger", both.ids["place"][1], both.ids["place"][0])
    assert both.send(
        "post", op + "waypoints/", {**stop, "place": "{stranger}", "planned_arrival": later}
    )[1].json() == {"place": ["Not found."]}


def _duress_alerts(both: ApiPair, client: Client) -> list[dict[str, Any]]:
    """The open duress alerts ``client`` finds through the API, ids, times and links blanked."""
    rows = [row for row in client.get("/api/alerts/").json() if row["kind"] == "duress"]
    return [
        both.blank(
            {
                **row,
                "message": re.sub(r"\d", "0", row["message"]),
                "subject": {**row["subject"], "url": "URL"} if row["subject"] else None,
            }
        )
        for row in rows
    ]


def test_a_duress_code_relayed_for_its_own_team_alerts_as_on_a_real_draft() -> None:
    """On a real draft, a check-in relayed with the duress code raises a duress alert, then is
    refused as not underway (or for its input); the wrong code raises none. A decoy's pretend
    draft raises its pretend one the same way, shown on its alerts panel and the API."""
    both = ApiPair.of_role(Role.COORDINATOR)
    _quiet()
    drafted = {"codename": "Swallow", "check_in_code": "amber 7", "duress_code": "red 9"}
    real, answer = _created(both, drafted)
    both.keep("operation", real.json()["id"], answer.json()["id"])
    from safepassage.tests.decoy import api_links_added

    api_links_added(both)
    op = API + "{operation}/"
    _team_and_stop(both)
    check_in = {"pressed": "ok", "code": "wrong", "team_member": "{wren}", "waypoint": "{stop}"}
    assert both.send("post", op + "check-ins/", check_in)[1].json() == {
        "detail": ["This operation is not underway."]
    }
    assert _duress_alerts(both, both.decoy) == _duress_alerts(both, both.real) == []

    sent = [
        {**check_in, "code": "Red 9", "position": "By the well"},
        {**check_in, "code": "red 9", "pressed": "maybe"},
        {"pressed": "ok", "code": "red 9"},
    ]
    for data in sent:
        both.send("post", op + "check-ins/", data)
    shown = _duress_alerts(both, both.decoy)
    assert shown == _duress_alerts(both, both.real)
    assert len(shown) == 3 and "wren" in shown[-1]["message"]
    assert "Tel Qasab" in shown[-1]["message"] and shown[-1]["subject"]["type"] == "operation"
    panel = both.decoy.get("/alerts/panel/").content.decode()
    assert "Swallow" in panel and f"/operations/{both.ids['operation'][1]}/" in panel
    assert both.send("get", op + "check-ins/")[1].json() == []


def _listed(real: Client) -> str:
    """The compromise reports' page as the real side reads it, but for the account the decoy
    stands for: locked by its duress sign-in, listed for the network, never to the decoy."""
    watched = '<li><a href="/operations/compromise/account/ID/">watched</a> · Coordinator</li>'
    page = main_content(real.get(COMPROMISE))
    assert watched in page
    return page.replace(watched, '<li class="muted">—</li>')


def test_its_own_member_marked_captured_is_listed_and_reported_as_a_real_one() -> None:
    """A real coordinator who marks a member captured finds him on the compromise reports'
    page, his report naming the draft he is on, its route and team; a decoy coordinator
    marking its own member does too (page and API), and its report writes nothing."""
    real, real_page, decoy, page = _drafts()
    assert main_content(decoy.get(COMPROMISE)) == _listed(real)
    real_ids, ids = _members_added(real), _members_added(decoy)
    for member, role in (("member", "lead"), ("heron", "driver")):
        _on_drafts(
            real,
            real_page,
            decoy,
            page,
            "plan/team/",
            {"role": role, "member": real_ids[member]},
            {"role": role, "member": ids[member]},
        )
    stop = {"kind": "pickup", "transport": "car", "note": "", "planned_arrival": _at(2)}
    _on_drafts(
        real,
        real_page,
        decoy,
        page,
        "plan/waypoint/",
        {**stop, "place": real_ids["place"]},
        {**stop, "place": ids["place"]},
    )
    captured = {"status": "captured", "reason": "Taken at the checkpoint"}
    member_page = "/intel/members/{}/"
    posted_alike(
        real,
        decoy,
        member_page.format(real_ids["member"]),
        captured,
        decoy_path=member_page.format(ids["member"]),
    )
    listed = decoy.get(COMPROMISE)
    assert main_content(listed) == _listed(real)
    report = f"{COMPROMISE}member/{ids['member']}/"
    assert f'href="{report}"' in listed.content.decode()
    before = _counts()
    shown = decoy.get(report)
    assert _counts() == before  # no audit event of its showing
    real_report = real.get(f"{COMPROMISE}member/{real_ids['member']}/")
    assert shown.status_code == real_report.status_code == 200
    assert main_content(shown) == main_content(real_report)
    text = shown.content.decode()
    assert "Swallow (Draft)" in text and "The mill house (House)" in text
    assert "heron (Driver)" in text
    # Its CSV export and the API read as a real one's.
    real_csv = real.get(f"{COMPROMISE}member/{real_ids['member']}/?format=csv")
    real_api = ApiPair(real, decoy, names=("real-one", "watched")).blank(
        real.get(f"/api/compromise/member/{real_ids['member']}/").json()
    )
    before = _counts()
    pretend_csv = decoy.get(report + "?format=csv")
    api = ApiPair(real, decoy, names=("real-one", "watched")).blank(
        decoy.get(f"/api/compromise/member/{ids['member']}/").json()
    )
    assert _counts() == before  # no audit event of its export or its reading
    blank = re.compile(r"[0-9a-f]{8}-[0-9a-f-]{27}")
    assert blank.sub("ID", pretend_csv.content.decode()) == blank.sub(
        "ID", real_csv.content.decode()
    )
    assert api == real_api and api["subject"] == "wren"
    # A member not marked lost has no report, as a real one has none.
    assert decoy.get(f"{COMPROMISE}member/{ids['heron']}/").status_code == 404
    assert real.get(f"{COMPROMISE}member/{real_ids['heron']}/").status_code == 404


HER_REQUEST = {"pickup_text": "The crossroads by the old mill", "urgency_claimed": "on"}


def _her_requests(client: Client, count: int = 2) -> tuple[str, list[str]]:
    """One side's new person and ``count`` rescue requests for her: her id, theirs (oldest
    first)."""
    from safepassage.tests.decoy import REPORT, reported

    her = reported(client, REPORT)
    made = []
    for _ in range(count):
        answer = client.post(f"/verification/persons/{her}/request/", HER_REQUEST)
        assert answer.status_code == 302
        made.append(str(answer["Location"]).rstrip("/").split("/")[-1])
    return her, made


def _alike(page: Any) -> list[str]:
    """:func:`_lines` with who recorded a request and its short reference blanked (a request
    names the account that recorded it; each side's has its own)."""
    return [
        re.sub(r"\b[0-9a-f]{8}\b", "REF", line.replace("real-one", "watched"))
        for line in _lines(page)
    ]


def test_a_pretend_drafts_persons_are_its_own_requests_checked_kept_and_shown_as_real_ones() -> (
    None
):
    real, real_page, decoy, page = _drafts()
    (real_her, real_requests), (her, requests) = _her_requests(real), _her_requests(decoy)
    # Its own open requests are offered as a real draft offers the network's: hers side by
    # side, newest first, each cleared or waiting.
    assert _alike(decoy.get(page)) == _alike(real.get(real_page))
    assert {v for v, _ in _choices(decoy.get(page).content.decode(), "rescue_request")} == set(
        requests
    )
    assert "add-req-help" in decoy.get(page).content.decode()

    def on_both(real_request: str, request: str) -> Any:
        """:func:`_on_drafts` of a person, the pages compared as :func:`_alike` has them."""
        real_answer = real.post(real_page + "plan/person/", {"rescue_request": real_request})
        before = _counts()
        answer = decoy.post(page + "plan/person/", {"rescue_request": request})
        assert _counts() == before, request
        answered_alike(real_answer, answer, request)
        assert _alike(decoy.get(page)) == _alike(real.get(real_page))
        return answer

    # A closed request is refused as a real one is.
    closed = {"reason": "Another request replaces it"}
    assert real.post(f"/verification/requests/{real_requests[1]}/close/", closed).status_code == 302
    assert decoy.post(f"/verification/requests/{requests[1]}/close/", closed).status_code == 302
    answer = on_both(real_requests[1], requests[1])
    assert queued_messages(answer) == ["That rescue request is closed."]
    assert queued_messages(on_both(real_requests[0], requests[0])) == ["Saved."]
    shown = decoy.get(page).content.decode()
    assert "Add at least one person (from a rescue request)." not in shown
    assert f"/verification/requests/{requests[0]}/" in shown and "Nareen Berani" in shown
    assert _alike(decoy.get(page)) == _alike(real.get(real_page))
    assert _choices(decoy.get(page).content.decode(), "rescue_request") == []
    # Her again: the real refusal.
    answer = on_both(real_requests[0], requests[0])
    assert queued_messages(answer) == ["That person is already on this operation."]
    # No longer held since: the plan says so, as a real one's.
    dead = {"status": "deceased", "reason": "Her sister was told"}
    assert real.post(f"/persons/{real_her}/status/", dead).status_code == 302
    assert decoy.post(f"/persons/{her}/status/", dead).status_code == 302
    assert _alike(decoy.get(page)) == _alike(real.get(real_page))
    assert "Nareen is no longer held (Deceased): take her off the plan." in (
        decoy.get(page).content.decode()
    )

    # Taken off: the plan lacks a person again.
    person = re.compile(r'value="person"><input type="hidden" name="item_id" value="([^"]+)"')
    [entry] = person.findall(decoy.get(page).content.decode())
    [real_entry] = person.findall(real.get(real_page).content.decode())
    real.post(real_page + "plan/remove/", {"item_type": "person", "item_id": real_entry})
    answer = decoy.post(page + "plan/remove/", {"item_type": "person", "item_id": entry})
    assert queued_messages(answer) == ["Saved."]
    assert _alike(decoy.get(page)) == _alike(real.get(real_page))
    assert "Add at least one person" in decoy.get(page).content.decode()
    # Not held, she is offered no more, as on a real draft; her request is refused so.
    assert _choices(decoy.get(page).content.decode(), "rescue_request") == []
    answer = on_both(real_requests[0], requests[0])
    assert "She is no longer held (Deceased): there is no one to bring out." in (
        queued_messages(answer)
    )
    # Another account's request is no choice of its draft's, as for a real account.
    answer = on_both(requests[0], real_requests[0])
    assert queued_messages(answer) == ["That choice is not available."]


def test_a_pretend_drafts_persons_through_the_api_are_checked_and_kept_as_real_ones() -> None:
    from safepassage.tests.decoy import api_pair_with_her

    both = api_pair_with_her(
        Role.COORDINATOR,
        {
            "person": {"given_names": ["Nareen"], "family_names": ["Berani"], "sex": "f"},
            "report": {"reporter_name": "Hadiya", "relationship": "sister"},
        },
    )
    _quiet()
    real, answer = _created(both, {"codename": "Swallow", "check_in_code": "amber 7"})
    both.keep("operation", real.json()["id"], answer.json()["id"])
    real, answer = both.send(
        "post",
        "/api/verification/requests/",
        {"person": "{her}", "pickup_text": "The crossroads by the old mill"},
    )
    assert answer.status_code == 201
    both.keep("request", real.json()["id"], answer.json()["id"])
    op = API + "{operation}/"
    real, answer = both.send("post", op + "persons/", {"rescue_request": "{request}"})
    assert answer.status_code == 201
    [person] = answer.json()["persons"]
    assert person["person"] == both.ids["her"][1]
    assert person["rescue_request"] == both.ids["request"][1]
    assert both.send("get", op)[1].json()["persons"] == [person]
    assert both.send("post", op + "persons/", {"rescue_request": "{request}"})[1].json() == {
        "rescue_request": ["That person is already on this operation."]
    }
    both.keep("stranger", both.ids["request"][1], both.ids["request"][0])
    assert both.send("post", op + "persons/", {"rescue_request": "{stranger}"})[1].json() == {
        "rescue_request": ["Not found."]
    }


def _complete_plans() -> tuple[Client, str, Client, str, dict[str, tuple[str, str]]]:
    """:func:`_drafts`, each side's plan then made complete with its own records: her (one
    rescue request), wren leading, a route of two stops, both codes. (real, its page, decoy,
    its page, the ids of her, her request and wren: each side's, the real one's first)."""
    real, real_page, decoy, page = _drafts()
    kept: list[dict[str, str]] = []
    for client, draft in ((real, real_page), (decoy, page)):
        her, [request] = _her_requests(client, 1)
        added = links_added(client, coordinator=True)
        village = {"kind": "village", "names": "Tel Qasab", "control": "contested"}
        added["village"] = added_on_page(client, "/intel/places/new/", village)
        for path, data in (
            ("plan/person/", {"rescue_request": request}),
            ("plan/team/", {"member": added["member"], "role": "lead"}),
            (
                "plan/waypoint/",
                {"kind": "pickup", "place": added["place"], "planned_arrival": _at(2)},
            ),
            (
                "plan/waypoint/",
                {"kind": "crossing", "place": added["village"], "planned_arrival": _at(3)},
            ),
            (
                "plan/comm/",
                {
                    "channel": "sms",
                    "check_in_interval_minutes": "45",
                    "grace_minutes": "10",
                    "duress_code": "storm 9",
                },
            ),
        ):
            answer = client.post(draft + path, {"transport": "car", **data})
            assert queued_messages(answer) == ["Saved."], (path, queued_messages(answer))
        kept.append({"her": her, "request": request, "wren": added["member"]})
    assert _alike(decoy.get(page)) == _alike(real.get(real_page))
    ids = {name: (kept[0][name], kept[1][name]) for name in kept[0]}
    return real, real_page, decoy, page, ids


def test_a_complete_pretend_plan_is_approved_as_a_real_one() -> None:
    real, real_page, decoy, page, ids = _complete_plans()
    real_her, her = ids["her"]
    assert "Before approval" not in decoy.get(page).content.decode()
    real_answer = real.post(real_page + "approve/")
    before = _counts()
    answer = decoy.post(page + "approve/")
    assert _counts() == before
    answered_alike(real_answer, answer)
    assert queued_messages(answer) == ["Saved."]
    assert _alike(decoy.get(page)) == _alike(real.get(real_page))
    shown = decoy.get(page).content.decode()
    assert '<span class="status">Approved</span>' in shown and "Start the operation" in shown
    # Her request waits for approvals: the plan says it cannot start, as a real one's does.
    blocked = "is approved but cannot start"
    assert blocked in shown
    assert blocked in decoy.get("/").content.decode()
    # Her status moved on, as a real approval moves hers.
    person = decoy.get(f"/persons/{her}/").content.decode()
    assert "Rescue planned" in person
    assert "Rescue planned" in real.get(f"/persons/{real_her}/").content.decode()
    assert _lines(decoy.get(LIST)) == _lines(real.get(LIST))
    # Approved: approving again, or changing the plan, is refused as a real one is.
    for path, data in (("approve/", {}), ("plan/supply/", {"kind": "water", "quantity": "1"})):
        real_answer = real.post(real_page + path, data)
        answer = decoy.post(page + path, data)
        answered_alike(real_answer, answer)
        assert queued_messages(answer) == queued_messages(real_answer) != ["Saved."]


def test_her_on_an_approved_pretend_plan_is_busy_for_its_other_drafts_as_on_a_real_one() -> None:
    real, real_page, decoy, page, ids = _complete_plans()
    (real_request, request), wren = ids["request"], ids["wren"]
    real.post(real_page + "approve/")
    decoy.post(page + "approve/")
    second = {**GOOD, "codename": "Kestrel"}
    # The decoy's first: a codename the real one saves is taken for it too.
    made = decoy.post(NEW, second)
    real_made = real.post(NEW, second)
    real_second, second_page = (
        real_made["Location"],
        made["Location"],
    )
    assert _alike(decoy.get(second_page)) == _alike(real.get(real_second))
    assert _choices(decoy.get(second_page).content.decode(), "rescue_request") == []
    real_answer = real.post(real_second + "plan/person/", {"rescue_request": real_request})
    answer = decoy.post(second_page + "plan/person/", {"rescue_request": request})
    answered_alike(real_answer, answer)
    assert queued_messages(answer) == [
        "That person is already on operation Swallow (approved). End it first, or take her off it."
    ]
    # Its lead too is busy, as a real member on an approved operation is.
    real_answer = real.post(real_second + "plan/team/", {"member": wren[0], "role": "lead"})
    answer = decoy.post(second_page + "plan/team/", {"member": wren[1], "role": "lead"})
    answered_alike(real_answer, answer)
    assert queued_messages(answer) == [
        "wren is on operation Swallow (approved). A member is on one operation at a time: end "
        "that one first, or take them off it."
    ]


def _api_plan() -> ApiPair:
    """A real coordinator's complete plan through the API and a decoy's, the same, each with
    its own records: her (kept as ``{her}``) with a rescue request (``{request}``), wren
    leading, two stops, both codes; the plan kept as ``{operation}``, her place on it as
    ``{entry}``."""
    from safepassage.tests.decoy import api_links_added

    both = ApiPair.of_role(Role.COORDINATOR)
    _quiet()
    codes = {"check_in_code": "amber 7", "duress_code": "storm 9"}
    real, answer = _created(both, {"codename": "Swallow", **codes})
    both.keep("operation", real.json()["id"], answer.json()["id"])
    api_links_added(both)
    op = API + "{operation}/"
    real, answer = both.send(
        "post",
        "/api/persons/",
        {
            "person": {"given_names": ["Nareen"], "family_names": ["Berani"], "sex": "f"},
            "report": {"reporter_name": "Hadiya", "relationship": "sister"},
        },
    )
    both.keep("her", real.json()["id"], answer.json()["id"])
    real, answer = both.send(
        "post", "/api/verification/requests/", {"person": "{her}", "pickup_text": "The mill"}
    )
    both.keep("request", real.json()["id"], answer.json()["id"])
    later = (timezone.now() + datetime.timedelta(days=3)).isoformat()
    for path, data in (
        ("team/", {"member": "{member}", "role": "lead"}),
        ("waypoints/", {"kind": "pickup", "place": "{place}", "planned_arrival": later}),
        ("waypoints/", {"kind": "crossing", "place": "{place}", "planned_arrival": later}),
        ("persons/", {"rescue_request": "{request}"}),
    ):
        real, answer = both.send("post", op + path, data)
        assert answer.status_code == 201, path
    both.keep("entry", real.json()["persons"][0]["id"], answer.json()["persons"][0]["id"])
    return both


def test_a_complete_pretend_plan_through_the_api_is_approved_as_a_real_one() -> None:
    both = _api_plan()
    op = API + "{operation}/"
    _, answer = both.send("post", op + "approve/", {})
    assert answer.status_code == 200 and answer.json()["operation"]["status"] == "approved"
    assert both.send("get", op)[1].json()["operation"]["status"] == "approved"
    assert [a["kind"] for a in answer.json()["alerts"]] == ["approval"]


def _alike_after(
    real: Client, real_page: str, decoy: Client, page: str, path: str, real_data: Any, data: Any
) -> list[str]:
    """The same step on each side's operation (each naming its own records): the same answer,
    the same page after, nothing written by the decoy; its messages, short references
    blanked."""
    real_answer = real.post(real_page + path, real_data)
    before = _counts()
    answer = decoy.post(page + path, data)
    assert _counts() == before, path
    assert answer.status_code == real_answer.status_code == 302, path
    said = [re.sub(r"\b[0-9a-f]{8}\b", "REF", m) for m in queued_messages(answer)]
    assert said == [re.sub(r"\b[0-9a-f]{8}\b", "REF", m) for m in queued_messages(real_answer)]
    assert _alike(decoy.get(page)) == _alike(real.get(real_page)), path
    return said


def _status_of(client: Client, her: str) -> str:
    found = re.search(
        r'<strong id="status">([^<]+)</strong>', client.get(f"/persons/{her}/").content.decode()
    )
    assert found is not None
    return found.group(1)


def test_a_pretend_operation_is_reopened_started_and_ended_as_a_real_one() -> None:
    from safepassage.verification.models import RuleConfig

    RuleConfig.objects.create(weights={}, params={}, threshold=1000)  # every request cleared
    real, real_page, decoy, page, ids = _complete_plans()
    real_her, her = ids["her"]

    def step(path: str, real_data: Any = None, data: Any = None) -> list[str]:
        return _alike_after(real, real_page, decoy, page, path, real_data or {}, data or {})

    assert step("approve/") == ["Saved."]
    assert _status_of(decoy, her) == _status_of(real, real_her) == "Rescue planned"
    assert step("reopen/") == ["Saved."]
    assert _status_of(decoy, her) == _status_of(real, real_her) == "Located"
    assert "Approve the plan" in decoy.get(page).content.decode()
    assert step("start/") == ["Only an approved operation can start."]
    assert step("approve/") == ["Saved."]
    assert step("start/") == ["Saved."]
    assert _status_of(decoy, her) == _status_of(real, real_her) == "In transit"
    shown = decoy.get(page).content.decode()
    assert '<span class="status">Underway</span>' in shown and "Next check-in due" in shown
    assert step("reopen/") == ["Only an approved operation that has not started can be reopened."]

    # Its outcome, checked as a real one's.
    real_shown = real.get(real_page).content.decode()
    entry = re.compile(r'name="brought_out" value="([^"]+)"')
    outcome = re.compile(r'name="(outcome-[^"]+)"')
    [real_entry], [pretend_entry] = entry.findall(real_shown), entry.findall(shown)
    [real_wren], [wren] = outcome.findall(real_shown), outcome.findall(shown)
    for bad in (
        {"status": "completed", "notes": "   "},
        {"status": "completed", "notes": "Out at dawn"},
        {"status": "sunny", "notes": "Out at dawn"},
        {"status": "completed", "notes": "Out", "brought_out": [str(uuid.uuid4())]},
    ):
        assert step("end/", bad, bad) != ["Saved."], bad
    ending = {"status": "completed", "notes": "Out at dawn"}
    said = step(
        "end/",
        {**ending, "brought_out": [real_entry], real_wren: "captured"},
        {**ending, "brought_out": [pretend_entry], wren: "captured"},
    )
    assert said == ["Saved."]
    assert _status_of(decoy, her) == _status_of(real, real_her) == "Arrived"
    shown = decoy.get(page).content.decode()
    assert "Out at dawn" in shown and "brought out" in shown
    # Its member captured is marked so, and the alerts say it, as a real outcome's.
    member = decoy.get(f"/intel/members/{ids['wren'][1]}/").content.decode()
    assert "Captured" in member
    dashboard = decoy.get("/").content.decode()
    assert "Swallow" in dashboard and "wren" in dashboard
    assert step("start/") == ["Only an approved operation can start."]
    assert step("end/", ending, ending) == ["A completed operation cannot be completed."]
    # Ended, it is no longer counted among the open operations, as a real one.
    assert "Open operations: <strong>0</strong>" in decoy.get("/reports/").content.decode()
    assert "Open operations: <strong>0</strong>" in real.get("/reports/").content.decode()


def test_a_pretend_operations_blocked_alert_and_start_follow_its_requests_as_a_real_ones() -> None:
    real, real_page, decoy, page, ids = _complete_plans()
    for path in ("approve/", "start/"):
        said = _alike_after(real, real_page, decoy, page, path, {}, {})
    assert said == [
        "The trap check has not cleared rescue request REF (for Nareen). It needs the approvals "
        "its assessment asks for before the operation can start."
    ]
    blocked = "is approved but cannot start"
    assert blocked in decoy.get("/").content.decode()
    assert _alike_after(real, real_page, decoy, page, "reopen/", {}, {}) == ["Saved."]
    assert blocked not in decoy.get("/").content.decode()
    assert "closed: no longer needed" in decoy.get(page).content.decode()
    # Aborted before it starts: nobody brought out, as a real one.
    _alike_after(real, real_page, decoy, page, "approve/", {}, {})
    abort = {"status": "aborted", "notes": "The road was closed"}
    assert _alike_after(real, real_page, decoy, page, "end/", abort, abort) == ["Saved."]
    assert _status_of(decoy, ids["her"][1]) == "Located"
    assert blocked not in decoy.get("/").content.decode()


def test_a_pretend_operation_through_the_api_starts_and_ends_as_a_real_one() -> None:
    from safepassage.verification.models import RuleConfig

    RuleConfig.objects.create(weights={}, params={}, threshold=1000)
    both = _api_plan()
    op = API + "{operation}/"
    for path in ("approve/", "reopen/", "approve/", "start/"):
        assert both.send("post", op + path, {})[1].status_code == 200, path
    assert both.send("get", op)[1].json()["operation"]["status"] == "underway"
    assert both.send("post", op + "end/", {"status": "completed"})[1].status_code == 400
    _, answer = both.send(
        "post", op + "end/", {"status": "completed", "notes": "Out", "brought_out": ["{entry}"]}
    )
    assert answer.json()["operation"]["status"] == "completed"
    assert answer.json()["persons"][0]["brought_out"] is True
    assert both.send("get", "/api/persons/{her}/")[1].json()["status"] == "arrived"


def test_a_pretend_plans_blocked_alert_is_retired_once_the_trap_check_clears_it() -> None:
    from safepassage.verification.models import RuleConfig

    real, real_page, decoy, page, ids = _complete_plans()
    _alike_after(real, real_page, decoy, page, "approve/", {}, {})
    blocked = "is approved but cannot start"
    assert blocked in decoy.get("/").content.decode()
    # The rules change, and her request assessed again falls at or below the threshold.
    RuleConfig.objects.create(weights={}, params={}, threshold=1000)
    real_request, request = ids["request"]
    assert real.post(f"/verification/requests/{real_request}/recompute/").status_code == 302
    assert decoy.post(f"/verification/requests/{request}/recompute/").status_code == 302
    assert blocked not in real.get("/").content.decode()
    assert blocked not in decoy.get("/").content.decode()
    assert _alike(decoy.get(page)) == _alike(real.get(real_page))
    assert _alike_after(real, real_page, decoy, page, "start/", {}, {}) == ["Saved."]
