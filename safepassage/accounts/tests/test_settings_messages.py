"""The settings page says what it saved, for a real session and a decoy alike."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.test import Client

from safepassage.accounts.models import Role, User
from safepassage.accounts.services import user_set_duress_password
from safepassage.conftest import PASSWORD, current_code, make_user, sign_in

pytestmark = pytest.mark.django_db

DURESS = "blue-river-duress-77"
NEW = "a-fresh-long-password-42"


def _post(client: Client, data: dict[str, str]) -> list[str]:
    answer = client.post("/accounts/settings/", data, follow=True)
    assert answer.redirect_chain == [("/accounts/settings/", 302)]
    return [str(m) for m in get_messages(answer.wsgi_request)]


def _decoy_client(owner: User) -> Client:
    user_set_duress_password(actor=owner, duress_password=DURESS)
    client = Client()
    client.post("/accounts/login/", {"username": owner.username, "password": DURESS})
    client.post("/accounts/login/code/", {"token": current_code(owner)})
    return client


@pytest.mark.parametrize("role", Role.values)
def test_settings_messages_say_what_was_saved(role: str) -> None:
    user = make_user("heron", role)
    client = Client()
    sign_in(client, user)
    assert _post(client, {"action": "duress", "du-current": PASSWORD, "du-duress": DURESS}) == [
        "Duress password set."
    ]
    assert _post(client, {"action": "password", "pw-current": PASSWORD, "pw-new": NEW}) == [
        "Password changed."
    ]
    assert User.objects.get(pk=user.pk).check_password(NEW)


def test_a_decoy_gets_the_same_messages() -> None:
    owner = make_user("heron", Role.CASEWORKER)
    decoy = _decoy_client(owner)
    assert _post(decoy, {"action": "password", "pw-current": DURESS, "pw-new": NEW}) == [
        "Password changed."
    ]
    assert _post(decoy, {"action": "duress", "du-current": DURESS, "du-duress": "x" * 20}) == [
        "Duress password set."
    ]
    assert not User.objects.get(pk=owner.pk).check_password(NEW)
