"""safepassage rekey: a person's status changes recorded before keys, whose English reason is
word for word a sentence the system wrote, are given its key and values and read in every
language; typed reasons, near misses and texts in doubt stay as written; a second run
changes nothing; a batch that fails leaves nothing half-written."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from safepassage.accounts.models import Role, User
from safepassage.audit.models import AuditEvent
from safepassage.operations import services as operations
from safepassage.operations.models import Operation, OperationStatus
from safepassage.operations.tests.factories import make_person
from safepassage.tracing import status_reasons
from safepassage.tracing.models import Person, PersonStatus, StatusChange
from safepassage.tracing.services import status_reasons_rekey

pytestmark = pytest.mark.django_db


def _operations(actor: User, *codenames: str) -> list[Operation]:
    return [operations.operation_create(actor=actor, codename=name) for name in codenames]


def _old(person: Person, to_status: str, reason: str, actor: User) -> StatusChange:
    """A change as a version before keys recorded it: the English sentence, no key."""
    change = StatusChange(
        person=person, from_status="missing", to_status=to_status, reason=reason, changed_by=actor
    )
    change.save()
    return change


def _label(language: str, code: str, choices: Any = PersonStatus) -> str:
    with translation.override(language):
        return str(choices(code).label)


def _arabic(key: str, params: dict[str, str]) -> str:
    """The sentence as an Arabic page writes it: codes as their Arabic labels, each value
    isolated."""
    shown = dict(params)
    if "status" in shown:
        shown["status"] = _label("ar", shown["status"])
    if "operation_status" in shown:
        shown["operation_status"] = _label("ar", shown["operation_status"], OperationStatus)
    with translation.override("ar"):
        template = str(status_reasons.MESSAGES[key])
    return template % {name: f"<bdi>{value}</bdi>" for name, value in shown.items()}


# (her status after the change, the English an earlier version wrote, its key, its values):
# one for every sentence, each value written as the flows wrote it then (codenames as they
# are, an operation's ending as its code, her status as its English label, ISO dates).
OLD_SENTENCES: list[tuple[str, str, str, dict[str, str]]] = [
    (
        "rescue_planned",
        "Operation Olive approved.",
        "operation_approved",
        {"operation": "Olive"},
    ),
    (
        "arrived",
        "Operation Olive approved; her status stays Arrived.",
        "operation_approved_kept",
        {"operation": "Olive", "status": "arrived"},
    ),
    ("in_transit", "Operation Olive started.", "operation_started", {"operation": "Olive"}),
    (
        "reunited",
        "Operation Olive started; her status stays Reunited.",
        "operation_started_kept",
        {"operation": "Olive", "status": "reunited"},
    ),
    ("arrived", "Brought out by operation Olive.", "brought_out", {"operation": "Olive"}),
    (
        "reunited",
        "Operation Olive (completed) brought her out; her status stays Reunited.",
        "brought_out_kept",
        {"operation": "Olive", "operation_status": "completed", "status": "reunited"},
    ),
    (
        "located",
        "Operation Olive ended (aborted) without her.",
        "ended_without_her",
        {"operation": "Olive", "operation_status": "aborted"},
    ),
    (
        "deceased",
        "Operation Olive ended (failed) without her; her status stays Deceased.",
        "ended_without_her_kept",
        {"operation": "Olive", "operation_status": "failed", "status": "deceased"},
    ),
    (
        "in_transit",
        "Operation Olive ended (aborted) without her; she is on operation Cedar, so her status "
        "stays In transit.",
        "ended_without_her_elsewhere",
        {
            "operation": "Olive",
            "operation_status": "aborted",
            "other": "Cedar",
            "status": "in_transit",
        },
    ),
    (
        "located",
        "Operation Olive sent back to draft: her rescue is no longer planned.",
        "operation_reopened",
        {"operation": "Olive"},
    ),
    (
        "arrived",
        "Operation Olive sent back to draft; her status stays Arrived.",
        "operation_reopened_kept",
        {"operation": "Olive", "status": "arrived"},
    ),
    (
        "rescue_planned",
        "Operation Olive sent back to draft; she is on operation Cedar, so her status stays "
        "Rescue planned.",
        "operation_reopened_elsewhere",
        {"operation": "Olive", "other": "Cedar", "status": "rescue_planned"},
    ),
    (
        "located",
        "Merged with a duplicate record that was further along (Located).",
        "merged_further_along",
        {"status": "located"},
    ),
    ("arrived", "Arrived on 2026-11-20.", "arrived_on", {"date": "2026-11-20"}),
    (
        "reunited",
        "Reunited with her family on 2026-11-21.",
        "reunited_on",
        {"date": "2026-11-21"},
    ),
]


def test_every_old_system_sentence_is_keyed_and_reads_in_arabic(users: dict[str, User]) -> None:
    actor = users[Role.COORDINATOR]
    assert {key for _status, _text, key, _params in OLD_SENTENCES} == set(status_reasons.MESSAGES)
    _operations(actor, "Olive", "Cedar")
    person = make_person(actor)
    olds = [
        (_old(person, status, text, actor), key, params)
        for status, text, key, params in OLD_SENTENCES
    ]

    assert status_reasons_rekey() == (StatusChange.objects.count(), len(olds), 0)
    for old, key, params in olds:
        change = StatusChange.objects.get(pk=old.pk)
        assert (change.reason, change.reason_key, change.reason_params) == (
            old.reason,  # the English kept for the record, as it was
            key,
            params,
        )
        with translation.override("ar"):
            assert status_reasons.render(change) == _arabic(key, params), key
        with translation.override("en"):
            # Her status reads as before; an operation's ending as its label now.
            expected = old.reason.replace("(completed)", "(Completed)")
            expected = expected.replace("(aborted)", "(Aborted)").replace("(failed)", "(Failed)")
            assert status_reasons.text(change) == expected


def test_her_page_in_arabic_reads_an_old_reason_in_arabic(
    users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    actor = users[Role.COORDINATOR]
    _operations(actor, "Olive")
    person = make_person(actor)
    _old(person, "located", "Operation Olive ended (aborted) without her.", actor)
    client = client_for(Role.COORDINATOR)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    before = client.get(f"/persons/{person.pk}/").content.decode()
    assert '<span dir="auto">Operation Olive ended (aborted) without her.</span>' in before

    status_reasons_rekey()
    page = client.get(f"/persons/{person.pk}/").content.decode()
    params = {"operation": "Olive", "operation_status": "aborted"}
    assert _arabic("ended_without_her", params) in page
    assert "without her" not in page


@pytest.mark.parametrize("language", ["ar", "ckb", "kmr"])
def test_a_status_written_from_a_translated_page_is_read_as_her_status(
    users: dict[str, User], language: str
) -> None:
    # Her status was written as its label in the language of the page the change came from.
    actor = users[Role.COORDINATOR]
    _operations(actor, "Olive")
    person = make_person(actor)
    label = _label(language, "rescue_planned")
    old = _old(
        person, "rescue_planned", f"Operation Olive started; her status stays {label}.", actor
    )

    assert status_reasons_rekey()[1] == 1
    change = StatusChange.objects.get(pk=old.pk)
    assert (change.reason_key, change.reason_params) == (
        "operation_started_kept",
        {"operation": "Olive", "status": "rescue_planned"},
    )
    assert change.reason == old.reason


def test_a_codename_with_the_sentences_own_punctuation_is_read_whole(
    users: dict[str, User],
) -> None:
    actor = users[Role.COORDINATOR]
    _operations(actor, "Fox (north)", "Fox")
    person = make_person(actor)
    old = _old(
        person,
        "arrived",
        "Operation Fox (north) (aborted) brought her out; her status stays Arrived.",
        actor,
    )
    status_reasons_rekey()
    change = StatusChange.objects.get(pk=old.pk)
    assert change.reason_params == {
        "operation": "Fox (north)",
        "operation_status": "aborted",
        "status": "arrived",
    }


# (her status after the change, a reason that is not word for word a sentence the system wrote
# with values it could have written).
NOT_SYSTEM: list[tuple[str, str]] = [
    ("located", "She called her mother."),
    ("located", "رأتها جارتها في السوق"),
    ("rescue_planned", "Operation Olive approved"),
    ("rescue_planned", "Operation Olive approved. "),
    ("rescue_planned", " Operation Olive approved."),
    ("rescue_planned", "operation Olive approved."),
    ("rescue_planned", "Operation Olive approved!"),
    ("rescue_planned", "Operation Olive  approved."),
    ("rescue_planned", "Operation Olive approved. Call the family first."),
    ("rescue_planned", "Operation Olive\napproved."),
    ("rescue_planned", "Operation Pine approved."),  # no such operation
    ("rescue_planned", "Operation olive approved."),  # not the codename as written
    ("rescue_planned", "Operation  approved."),
    ("arrived", "Arrived on 2026-02-30."),  # no such day
    ("arrived", "Arrived on 2026-2-3."),
    ("arrived", "Arrived on 20261120."),
    ("arrived", "Arrived on ٢٠٢٦-١١-٢٠."),
    ("arrived", "Arrived on 20 November 2026."),
    ("arrived", "Arrived on 2026-11-20 at night."),
    ("located", "Operation Olive ended (paused) without her."),
    ("located", "Operation Olive ended (underway) without her."),  # not an ending
    ("located", "Operation Olive ended (Aborted ) without her."),
    # Her status named is not the one the change left her in.
    ("located", "Operation Olive approved; her status stays Arrived."),
    ("located", "Merged with a duplicate record that was further along (located)."),
    ("located", "Merged with a duplicate record that was further along (Closed)."),
    # A member's sentence is not one of hers.
    ("located", "Captured on operation Olive."),
]


def test_typed_reasons_and_near_misses_stay_as_written(users: dict[str, User]) -> None:
    actor = users[Role.COORDINATOR]
    _operations(actor, "Olive")
    person = make_person(actor)
    olds = [_old(person, status, text, actor) for status, text in NOT_SYSTEM]

    assert status_reasons_rekey() == (StatusChange.objects.count(), 0, len(olds))
    for old in olds:
        change = StatusChange.objects.get(pk=old.pk)
        assert (change.reason, change.reason_key, change.reason_params) == (old.reason, "", {})


def test_a_reason_that_reads_two_ways_stays_as_written(users: dict[str, User]) -> None:
    # Two operations whose codenames make the sentence read two ways: which ended, and which
    # she is on, is in doubt.
    actor = users[Role.COORDINATOR]
    long = "Owl ended (failed) without her; she is on operation Owl"
    _operations(actor, "Owl", long)
    person = make_person(actor)
    stays = "so her status stays In transit."
    text = f"Operation {long} ended (failed) without her; she is on operation Owl, {stays}"
    assert text == f"Operation Owl ended (failed) without her; she is on operation {long}, {stays}"
    old = _old(person, "in_transit", text, actor)

    assert status_reasons_rekey()[1:] == (0, 1)
    change = StatusChange.objects.get(pk=old.pk)
    assert (change.reason_key, change.reason_params) == ("", {})


def test_rekey_keys_old_reasons_once_and_audits_the_counts(users: dict[str, User]) -> None:
    actor = users[Role.COORDINATOR]
    _operations(actor, "Olive")
    person = make_person(actor)
    _old(person, "rescue_planned", "Operation Olive approved.", actor)
    _old(person, "located", "She called her mother.", actor)

    out = io.StringIO()
    call_command("rekey", "--batch", "1", stdout=out)
    assert (
        "Read 3 status changes of persons; 1 English reasons the system wrote now show in "
        "every language, 1 stay as written."
    ) in out.getvalue()
    event = AuditEvent.objects.get(action="reasons.rekey", object_type="tracing.StatusChange")
    assert not event.actor_id
    assert json.loads(event.detail) == {"changes": 3, "keyed": 1, "left": 1}  # and her first
    assert "Olive" not in event.detail and "mother" not in event.detail
    assert "Olive" not in out.getvalue()

    sealed = dict(StatusChange.objects.values_list("pk", "sealed"))
    again = io.StringIO()
    call_command("rekey", stdout=again)
    assert "Read 3 status changes of persons; 0 English reasons" in again.getvalue()
    # Nothing was written again: every stored record is the same ciphertext.
    assert dict(StatusChange.objects.values_list("pk", "sealed")) == sealed
    assert AuditEvent.objects.filter(action="reasons.rekey").count() == 4  # persons, members x2


def test_a_change_keyed_by_its_flow_is_left_as_it_is(users: dict[str, User]) -> None:
    actor = users[Role.COORDINATOR]
    person = make_person(actor)
    change = StatusChange(
        person=person,
        from_status="missing",
        to_status="arrived",
        reason="Arrived on 2026-11-20.",
        reason_key="arrived_on",
        reason_params={"date": "2026-11-20"},
        changed_by=actor,
    )
    change.save()
    sealed = StatusChange.objects.get(pk=change.pk).sealed
    assert status_reasons_rekey()[1:] == (0, 0)
    assert StatusChange.objects.get(pk=change.pk).sealed == sealed


def test_a_batch_that_fails_leaves_nothing_half_written(
    users: dict[str, User], monkeypatch: pytest.MonkeyPatch
) -> None:
    actor = users[Role.COORDINATOR]
    _operations(actor, "Olive")
    person = make_person(actor)
    StatusChange.objects.filter(person=person).delete()  # her first status: no reason
    for day in ("2026-11-01", "2026-11-02", "2026-11-03", "2026-11-04"):
        _old(person, "arrived", f"Arrived on {day}.", actor)
    ids = sorted(StatusChange.objects.values_list("pk", flat=True))
    real_save = StatusChange.save
    saved: list[Any] = []

    def failing_save(self: StatusChange, *args: Any, **kwargs: Any) -> None:
        saved.append(self.pk)
        if len(saved) == 4:  # the second change of the second batch
            raise RuntimeError("disk full")
        real_save(self, *args, **kwargs)

    monkeypatch.setattr(StatusChange, "save", failing_save)
    with pytest.raises(RuntimeError, match="disk full"):
        status_reasons_rekey(batch=2)
    monkeypatch.undo()

    keys = {pk: StatusChange.objects.get(pk=pk).reason_key for pk in ids}
    # The first batch is done; of the second, whose last save failed, nothing was kept.
    assert [keys[pk] for pk in ids] == ["arrived_on", "arrived_on", "", ""]
    event = AuditEvent.objects.get(action="reasons.rekey")
    assert json.loads(event.detail) == {"changes": 2, "keyed": 2, "left": 0, "stopped": True}

    assert status_reasons_rekey(batch=2) == (4, 2, 0)
    assert {StatusChange.objects.get(pk=pk).reason_key for pk in ids} == {"arrived_on"}
