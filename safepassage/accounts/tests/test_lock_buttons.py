"""The accounts page offers Lock only where the service would allow it."""

from __future__ import annotations

import pytest
from django.test import Client

from safepassage.accounts.models import Role, User
from safepassage.accounts.selectors import user_ids_lockable
from safepassage.accounts.services import user_set_locked
from safepassage.conftest import make_user, sign_in

pytestmark = pytest.mark.django_db


def _page(admin: User) -> str:
    client = Client()
    sign_in(client, admin)
    answer = client.get("/accounts/users/")
    assert answer.status_code == 200
    return answer.content.decode()


def _lock_form(user: User) -> str:
    return f'action="/accounts/users/{user.pk}/lock/"'


def test_no_lock_button_on_ones_own_row() -> None:
    keeper = make_user("keeper", Role.ADMINISTRATOR)
    other = make_user("other", Role.ADMINISTRATOR)
    worker = make_user("worker", Role.CASEWORKER)
    html = _page(keeper)
    assert _lock_form(keeper) not in html
    assert _lock_form(other) in html and _lock_form(worker) in html


def test_no_lock_button_on_the_last_active_administrator() -> None:
    keeper = make_user("keeper", Role.ADMINISTRATOR)
    other = make_user("other", Role.ADMINISTRATOR)
    user_set_locked(actor=keeper, user=other, locked=True)
    assert user_ids_lockable(user=other, users=[keeper, other]) == set()
    html = _page(keeper)
    assert _lock_form(keeper) not in html
    assert _lock_form(other) in html  # locked: its Unlock button stays


def test_the_service_still_refuses_locking_oneself() -> None:
    from django.core.exceptions import ValidationError

    keeper = make_user("keeper", Role.ADMINISTRATOR)
    make_user("other", Role.ADMINISTRATOR)
    with pytest.raises(ValidationError):
        user_set_locked(actor=keeper, user=keeper, locked=True)
