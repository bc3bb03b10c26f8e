"""Every role against every page and endpoint: the expected answer is written down per cell."""

from __future__ import annotations

import pytest
from django.test import Client

from safepassage.accounts.models import Role, User
from safepassage.accounts.permissions import (
    ActionRefused,
    Capability,
    can_access_record,
    filter_visible,
    require_capability,
)
from safepassage.accounts.services import api_token_create, grant_create
from safepassage.operations.models import Alert
from safepassage.operations.services import alert_raise

pytestmark = pytest.mark.django_db

OK, DENY = 200, 404
R = Role
# path -> expected status per role, in Role order:
# coordinator, caseworker, liaison, field, analyst, auditor, administrator
PAGES: dict[str, dict[str, int]] = {
    "/": dict.fromkeys(R.values, OK),
    "/accounts/settings/": dict.fromkeys(R.values, OK),
    "/accounts/users/": {**dict.fromkeys(R.values, DENY), R.ADMINISTRATOR: OK},
    "/audit/": {**dict.fromkeys(R.values, DENY), R.AUDITOR: OK},
    "/alerts/panel/": {**dict.fromkeys(R.values, DENY), R.COORDINATOR: OK},
}
API: dict[str, dict[str, int]] = {
    "/api/me/": dict.fromkeys(R.values, OK),
    "/api/schema/": dict.fromkeys(R.values, OK),
    "/api/alerts/": {**dict.fromkeys(R.values, DENY), R.COORDINATOR: OK},
}


@pytest.mark.parametrize("role", R.values)
def test_pages_by_role(role: str, client_for) -> None:
    client = client_for(role)
    got = {path: client.get(path).status_code for path in PAGES}
    assert got == {path: expected[role] for path, expected in PAGES.items()}


@pytest.mark.parametrize("role", R.values)
def test_api_by_role_with_token(role: str, users: dict[str, User]) -> None:
    _, token = api_token_create(actor=None, user=users[role])
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    got = {path: client.get(path).status_code for path in API}
    assert got == {path: expected[role] for path, expected in API.items()}


@pytest.mark.parametrize("role", R.values)
def test_api_by_role_with_session(role: str, client_for) -> None:
    client = client_for(role)
    got = {path: client.get(path).status_code for path in API}
    assert got == {path: expected[role] for path, expected in API.items()}


def test_anonymous_gets_login_redirect_or_401() -> None:
    client = Client()
    for path in PAGES:
        response = client.get(path)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], path
    for path in API:
        assert client.get(path).status_code in (401, 403), path


def test_views_without_an_access_rule_are_refused(settings) -> None:
    from django.urls import path

    from safepassage import urls

    def undeclared(request):
        from django.http import HttpResponse

        return HttpResponse("open")

    settings.ROOT_URLCONF = type(
        "U", (), {"urlpatterns": [*urls.urlpatterns, path("undeclared/", undeclared)]}
    )
    assert Client().get("/undeclared/").status_code == 404


def test_need_to_know_filters_records(users: dict[str, User]) -> None:
    first = alert_raise(kind="danger", message="one")
    second = alert_raise(kind="danger", message="two")
    coordinator, caseworker = users[R.COORDINATOR], users[R.CASEWORKER]
    assert set(filter_visible(Alert.objects.all(), coordinator)) == {first, second}
    assert list(filter_visible(Alert.objects.all(), caseworker)) == []
    grant_create(actor=coordinator, user=caseworker, obj=first, reason="assigned")
    assert list(filter_visible(Alert.objects.all(), caseworker)) == [first]
    assert can_access_record(caseworker, first) and not can_access_record(caseworker, second)
    for role in (R.ANALYST, R.AUDITOR, R.ADMINISTRATOR):
        grant_create(actor=coordinator, user=users[role], obj=first)
        assert list(filter_visible(Alert.objects.all(), users[role])) == [], role


def test_only_coordinators_grant(users: dict[str, User]) -> None:
    alert = alert_raise(kind="danger", message="x")
    with pytest.raises(ActionRefused):
        grant_create(actor=users[R.CASEWORKER], user=users[R.LIAISON], obj=alert)


def test_administrator_never_gets_case_capabilities(users: dict[str, User]) -> None:
    admin = users[R.ADMINISTRATOR]
    for capability in (Capability.CASES_READ, Capability.CASES_ALL, Capability.ALERTS):
        with pytest.raises(ActionRefused):
            require_capability(admin, capability)


def test_unknown_record_and_forbidden_record_both_404(client_for) -> None:
    alert = alert_raise(kind="danger", message="x")
    client = client_for(R.COORDINATOR)
    ok = client.post(f"/alerts/{alert.pk}/acknowledge/", {"note": "called the team"})
    assert ok.status_code == 302
    caseworker = client_for(R.CASEWORKER)
    assert caseworker.post(f"/alerts/{alert.pk}/acknowledge/", {"note": "x"}).status_code == 404
    missing = "00000000-0000-4000-8000-000000000000"
    assert client.post(f"/alerts/{missing}/acknowledge/", {"note": "x"}).status_code == 404
