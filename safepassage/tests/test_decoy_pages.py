"""A decoy session answers every page address as a real account of its role does on a network
with nothing in it: the same status for each (a "not found" where the real one opens a page
would give the decoy away), for every role."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from safepassage.conftest import decoy_client, make_user
from safepassage.tests.decoy import DURESS
from safepassage.tests.test_access_matrix import EXPECTED, ROLES

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ROLES)
def test_a_decoy_answers_every_page_as_a_real_account_of_its_role(
    role: str, client_for: Callable[[str], Client]
) -> None:
    real = client_for(role)
    decoy = decoy_client(make_user(f"watched-{role}", role), DURESS)
    urls = sorted(EXPECTED, key=lambda url: url == "/accounts/logout/")
    got = {url: decoy.get(url).status_code for url in urls}
    expected = {url: real.get(url).status_code for url in urls}
    assert got == expected
