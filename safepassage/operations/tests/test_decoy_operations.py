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
from safepassage.operations import services
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
    answered_alike,
    counts,
    main_content,
    opened_alike,
    queued_messages,
    real_and_decoy,
)

pytestmark = pytest.mark.django_db

LIST = "/operations/"
NEW = "/operations/new/"
API = "/api/operations/"
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
    """A page's content line by line (ids and tokens blanked), those naming ``leaving`` and
    blank ones left out."""
    lines = main_content(page).splitlines()
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
    pretend_saves: tuple[tuple[Any, dict[str, Any]], ...] = (
        (services.operation_pretend, {"codenames_kept": [], "codename": "Swallow"}),
        (services.operation_set_comm_plan_pretend, {"operation": draft, **comm}),
        (services.supply_add_pretend, {"operation": draft, "kind": "water", "quantity": 1}),
        (
            services.plan_item_remove_pretend,
            {"operation": draft, "item_type": "supply", "item_id": "x", "items": []},
        ),
        (services.operation_transition_pretend, {"operation": draft, "action": "approve"}),
    )
    for user in (make_user("real-one", Role.COORDINATOR), make_user("case", Role.CASEWORKER)):
        for pretend, values in pretend_saves:
            with pytest.raises(ActionRefused):
                pretend(actor=user, **values)
    assert Operation.objects.count() == 0


def _drafts() -> tuple[Client, str, Client, str]:
    """A real coordinator's new draft and a decoy's, the same: (real, its page, decoy, its)."""
    real, decoy = real_and_decoy(Role.COORDINATOR)
    _quiet()
    real_answer, answer = _both(real, decoy, NEW, {**GOOD, "check_in_code": "amber 7"})
    assert answer.status_code == 302
    return real, str(real_answer["Location"]), decoy, str(answer["Location"])


def _on_drafts(
    real: Client, real_page: str, decoy: Client, page: str, path: str, data: dict[str, Any]
) -> Any:
    """The same post on the real draft and on the pretend one (``path`` after the draft's
    address): the same answer and message, the same page after, and the decoy's writes
    nothing."""
    real_answer = real.post(real_page + path, data)
    before = _counts()
    answer = decoy.post(page + path, data)
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
    real: Client, real_page: str, real_item: str, decoy: Client, page: str, item: str
) -> Any:
    real_answer = real.post(
        real_page + "plan/remove/", {"item_type": "supply", "item_id": real_item}
    )
    before = _counts()
    answer = decoy.post(page + "plan/remove/", {"item_type": "supply", "item_id": item})
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
