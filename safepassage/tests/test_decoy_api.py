"""A decoy session through the API: it is its owner, as on its pages; no token is made for a
decoy, and a duress sign-in leaves the owner's tokens answering as any invalid token."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from safepassage.accounts.models import Role, User
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
    # The real account is locked: its token answers as an invalid one; none is made for the
    # decoy, which reaches the API through its signed-in session only.
    locked = Client(HTTP_AUTHORIZATION=f"Bearer {token}").get("/api/me/")
    assert locked.status_code == 401
    assert locked.json() == {"detail": "The token is invalid, expired or revoked."}
    with pytest.raises(ValidationError):
        api_token_create(actor=None, user=User.objects.get(decoy_of=owner))
