"""A decoy session's pretend persons outlive a key rotation, as a real account's persons do.

What a decoy "saved" is sealed in its session under the vault's data key; a rotation that
left it sealed under the forgotten key would turn its pages into errors a real account's
pages never show after a rotation, and so give the decoy away.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from safepassage.accounts.models import Role
from safepassage.conftest import decoy_client, make_user, sign_in
from safepassage.tests.decoy import REPORT
from safepassage.vault.keyring import KekSource, Keyring, write_key_file
from safepassage.vault.services import keyring_rotate

pytestmark = pytest.mark.django_db(transaction=True)


def _new_person(client: Client) -> str:
    assert client.post("/persons/new/", {**REPORT, "decision": "check"}).status_code == 200
    answer = client.post("/persons/new/", {**REPORT, "decision": "new", "checked": "1"})
    assert answer.status_code == 302
    location: str = answer["Location"]
    return location


def test_a_decoy_s_pretend_person_still_opens_after_the_keys_rotate(
    isolated_vault: Keyring, tmp_path: Path
) -> None:
    real = Client()
    sign_in(real, make_user("real-rot", Role.CASEWORKER))
    decoy = decoy_client(make_user("watched-rot", Role.CASEWORKER), "blue-river-duress-77")
    real_page, pretend_page = _new_person(real), _new_person(decoy)
    given = REPORT["given_names"]
    assert given in decoy.get(pretend_page).content.decode()

    new_key_file = tmp_path / "new.key"
    write_key_file(new_key_file)
    keyring_rotate(new_source=KekSource.from_key_file(new_key_file))

    for client, page in ((real, real_page), (decoy, pretend_page)):
        shown = client.get(page)
        assert shown.status_code == 200
        assert given in shown.content.decode()
        listed = client.get("/persons/")
        assert listed.status_code == 200
        assert given in listed.content.decode()
