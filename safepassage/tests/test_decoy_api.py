"""A decoy session through the API: it is its owner, as on its pages."""

from __future__ import annotations

import pytest
from django.test import Client

from safepassage.accounts.models import Role
from safepassage.accounts.services import api_token_create
from safepassage.conftest import decoy_client, make_user

pytestmark = pytest.mark.django_db


def test_me_is_the_owner_for_a_decoy_as_for_its_owners_token() -> None:
    owner = make_user("watched", Role.CASEWORKER)
    _, token = api_token_create(actor=None, user=owner)
    before = Client(HTTP_AUTHORIZATION=f"Bearer {token}").get("/api/me/").json()
    decoy = decoy_client(owner, "blue-river-duress-77")
    assert (
        decoy.get("/api/me/").json()
        == before
        == {
            "id": str(owner.pk),
            "username": "watched",
            "role": "caseworker",
        }
    )
