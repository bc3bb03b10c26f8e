"""Error messages of accounts, aftercare and audit are translated; a decoy gets the same ones."""

from __future__ import annotations

import ast
import datetime
from collections.abc import Callable
from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation

from safepassage.accounts.models import Role, User
from safepassage.accounts.services import user_create, user_set_duress_password
from safepassage.aftercare import services
from safepassage.aftercare.models import Referral
from safepassage.aftercare.tests.factories import arrived, reported_person
from safepassage.audit import chain
from safepassage.conftest import current_code, make_user

pytestmark = pytest.mark.django_db

PACKAGE = Path(__file__).resolve().parents[2]
CHECKED = [
    *sorted((PACKAGE / "aftercare" / "services").glob("*.py")),
    PACKAGE / "aftercare" / "selectors.py",
    PACKAGE / "aftercare" / "forms.py",
    PACKAGE / "aftercare" / "serializers.py",
    PACKAGE / "accounts" / "services.py",
    PACKAGE / "accounts" / "forms.py",
    PACKAGE / "audit" / "chain.py",
]
ERRORS = {"ValidationError", "Verdict"}


def _plain_texts(node: ast.AST) -> list[str]:
    """English text passed as is (a string constant or an f-string, not inside ``_()``)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and " " in node.value:
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        return ["f-string"]
    if isinstance(node, ast.Dict):
        return [t for value in node.values if value is not None for t in _plain_texts(value)]
    return []


def test_no_error_message_is_left_in_plain_english() -> None:
    found: list[str] = []
    for path in CHECKED:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name in ERRORS:
                found += [
                    f"{path.name}:{node.lineno}: {text}"
                    for arg in node.args
                    for text in _plain_texts(arg)
                ]
    assert found == []


def test_service_errors_come_in_the_users_language(users: dict[str, User]) -> None:
    coordinator = users[Role.COORDINATOR]
    person = reported_person(coordinator)
    with translation.override("ar"), pytest.raises(ValidationError) as caught:
        services.referral_create(
            actor=coordinator, person=person, kind="x", service="", she_consents=False
        )
    texts = caught.value.message_dict
    assert texts["she_consents"] == ["سجّل موافقتها على هذه الإحالة أولًا."]
    assert all(not any("a" <= c <= "z" for c in t) for v in texts.values() for t in v)
    arrived(coordinator, person, arrived_on=datetime.date(2024, 6, 1))
    member = services.family_member_add(actor=coordinator, person=person, name="Nadia")
    with translation.override("kmr"), pytest.raises(ValidationError) as caught:
        services.family_met(actor=coordinator, member=member, on="2999-01-01")
    assert "future" not in " ".join(caught.value.messages)
    with translation.override("ckb"), pytest.raises(ValidationError) as caught:
        user_create(actor=None, username=coordinator.username, role="coordinator", password="x")
    assert "taken" not in " ".join(caught.value.messages)
    with translation.override("ar"):
        verdict = chain.verify([], head_seq=2, head_hash="x")
    assert not verdict.ok and "log ends" not in verdict.reason and "2" in verdict.reason


def _decoy_client(owner: User) -> Client:
    user_set_duress_password(actor=owner, duress_password="blue-river-duress-77")
    client = Client()
    client.post(
        "/accounts/login/", {"username": owner.username, "password": "blue-river-duress-77"}
    )
    client.post("/accounts/login/code/", {"token": current_code(owner)})
    return client


def _posted(client: Client, path: str, data: dict[str, str]) -> list[str]:
    answer = client.post(path, data, follow=True)
    return [str(m) for m in get_messages(answer.wsgi_request)]


ARRIVAL = {
    "given_names": "Leyla",
    "family_names": "Xalid",
    "birth": "1999",
    "arrived_on": "2024-06-01",
    "reception_text": "Border post",
}
BAD = {
    "referrals/": {"kind": "medical", "service": "Clinic", "follow_up_on": "2020-01-01"},
    "consents/": {"purpose": "photo", "language": "xx"},
    "family/": {"name": "  ", "report": ""},
}


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_decoy_gets_the_real_error_messages_word_for_word(
    language: str, users: dict[str, User], client_for: Callable[[str], Client]
) -> None:
    real = client_for(Role.CASEWORKER)
    person = reported_person(users[Role.COORDINATOR])
    from safepassage.accounts.services import grant_create

    grant_create(actor=users[Role.COORDINATOR], user=users[Role.CASEWORKER], obj=person)
    decoy = _decoy_client(make_user("watched", Role.CASEWORKER))
    for client in (real, decoy):
        client.post("/i18n/setlang/", {"language": language})
    checked = decoy.post("/aftercare/arrival/", {**ARRIVAL, "decision": "check"})
    assert checked.status_code == 200
    made = decoy.post("/aftercare/arrival/", {**ARRIVAL, "decision": "new", "checked": "1"})
    pretend = made["Location"]
    assert decoy.get(pretend).status_code == 200  # shows (and so clears) "Arrival recorded."
    for path, data in BAD.items():
        real_texts = _posted(real, f"/aftercare/persons/{person.pk}/{path}", data)
        decoy_texts = _posted(decoy, f"{pretend}{path}", data)
        assert decoy_texts == real_texts, path
        assert real_texts and all("recorded" not in t and "added" not in t for t in real_texts)
    assert not Referral.objects.exists()
