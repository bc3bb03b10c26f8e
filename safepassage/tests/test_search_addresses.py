"""An address from before, still carrying a name searched for (a bookmark, a history entry),
is never written into another address: not the sign-in page's "next", not the language
switch's way back."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_signing_in_from_an_old_search_address_leaves_the_name_out() -> None:
    response = Client().get("/persons/", {"q": "Xelîl", "status": "missing"})
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith("/accounts/login/?next=")
    assert "Xel" not in location and "q%3D" not in location
    assert "status%3Dmissing" in location  # what is no search is kept
    near = Client().get("/intel/places/", {"lat": "36.3", "lon": "41.8"})
    assert "36.3" not in near["Location"] and "41.8" not in near["Location"]


def test_the_language_switch_goes_back_without_the_name(
    client_for: Callable[[str], Client],
) -> None:
    html = client_for("coordinator").get("/persons/", {"q": "Xelîl"}).content.decode()
    assert "Xel" not in html
    assert 'name="next" value="/persons/"' in html
    kept = client_for("coordinator").get("/persons/", {"status": "missing"}).content.decode()
    assert 'name="next" value="/persons/?status=missing"' in kept
