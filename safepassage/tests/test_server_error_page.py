"""The page shown when something breaks speaks the reader's language, in its direction: an
Arabic or Kurdish reader on a phone is told in her own words that nothing was saved."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from safepassage.accounts.models import Role, User
from safepassage.conftest import sign_in

pytestmark = pytest.mark.django_db


def _broken(**kwargs: Any) -> Any:
    raise RuntimeError("a fault nobody foresaw")


@pytest.fixture
def failing_client(
    users: dict[str, User], monkeypatch: pytest.MonkeyPatch
) -> Callable[[str], Client]:
    """A caseworker's client whose holder list breaks (its exception is not re-raised)."""
    monkeypatch.setattr("safepassage.intel.selectors.holders_for_user", _broken)

    def build(language: str) -> Client:
        client = Client(raise_request_exception=False)
        sign_in(client, users[Role.CASEWORKER])
        client.cookies["django_language"] = language
        return client

    return build


@pytest.mark.parametrize(
    ("language", "html", "said"),
    [
        ("en", '<html lang="en" dir="ltr">', "Nothing was saved."),
        ("ar", '<html lang="ar" dir="rtl">', "لم يُحفظ شيء."),
        ("ckb", '<html lang="ckb" dir="rtl">', "هیچ شتێک پاشەکەوت نەکرا."),
        ("kmr", '<html lang="kmr" dir="ltr">', "Tiştek nehat tomarkirin."),
    ],
)
def test_the_error_page_is_in_the_readers_language(
    failing_client: Callable[[str], Client], language: str, html: str, said: str
) -> None:
    response = failing_client(language).get("/intel/holders/")
    assert response.status_code == 500
    body = response.content.decode()
    assert html in body
    assert said in body
    assert "a fault nobody foresaw" not in body  # nothing of the fault is shown
    assert response["Cache-Control"] == "no-store"
