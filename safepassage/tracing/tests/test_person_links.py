"""Persons taken with her: linked from her page and the API by those who may write cases,
to persons they may see; removable; audited; clear errors for herself, duplicates, merged."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from safepassage.accounts.models import User
from safepassage.accounts.permissions import ActionRefused
from safepassage.accounts.services import grant_create, user_set_duress_password
from safepassage.audit.models import AuditEvent
from safepassage.conftest import current_code
from safepassage.tracing.models import Person, PersonLink
from safepassage.tracing.services import person_link_create, person_link_remove, persons_merge
from safepassage.tracing.tests.conftest import KHALIL_ARABIC, KHALIL_LATIN, report_person

pytestmark = pytest.mark.django_db

ROZA: dict[str, Any] = {
    "given_names": ("Roza",),
    "father_names": ("Xelîl",),
    "family_names": ("Şingalî",),
}


def _family(users: dict[str, User]) -> tuple[Person, Person]:
    actor = users["coordinator"]
    mother = report_person(actor, **KHALIL_LATIN).person
    child = report_person(actor, reporter="Saeed", **ROZA).person
    return mother, child


def _events(action: str) -> int:
    return AuditEvent.objects.filter(action=action, object_type="tracing.PersonLink").count()


# --- service ------------------------------------------------------------------------------


def test_link_and_remove_are_audited(users) -> None:
    actor = users["coordinator"]
    mother, child = _family(users)
    link = person_link_create(actor=actor, person=mother, other=child, kind="child")
    assert _events("create") == 1
    person_link_remove(actor=actor, link=link)
    assert not PersonLink.objects.exists() and _events("delete") == 1
    with pytest.raises(ValidationError, match="already removed"):
        person_link_remove(actor=actor, link=link)


def test_link_refusals_change_nothing(users) -> None:
    actor = users["coordinator"]
    mother, child = _family(users)
    with pytest.raises(ValidationError, match="herself"):
        person_link_create(actor=actor, person=mother, other=mother, kind="child")
    person_link_create(actor=actor, person=mother, other=child, kind="child")
    with pytest.raises(ValidationError, match="already linked"):
        person_link_create(actor=actor, person=mother, other=child, kind="sister")
    with pytest.raises(ValidationError, match="Choose how"):
        person_link_create(actor=actor, person=child, other=mother, kind="aunt")
    duplicate = report_person(actor, reporter="Nadia", **KHALIL_ARABIC).person
    persons_merge(actor=actor, survivor=mother, merged=duplicate)
    with pytest.raises(ValidationError, match="merged"):
        person_link_create(actor=actor, person=child, other=duplicate, kind="mother")
    assert PersonLink.objects.count() == 1


def test_link_needs_write_and_access_to_both(users) -> None:
    mother, child = _family(users)
    caseworker = users["caseworker"]
    grant_create(actor=None, user=caseworker, obj=mother)
    with pytest.raises(ActionRefused):
        person_link_create(actor=caseworker, person=mother, other=child, kind="child")
    with pytest.raises(ActionRefused):
        person_link_create(actor=users["analyst"], person=mother, other=child, kind="child")
    grant_create(actor=None, user=caseworker, obj=child)
    link = person_link_create(actor=caseworker, person=mother, other=child, kind="child")
    assert link.person == mother and link.other == child


# --- pages --------------------------------------------------------------------------------


def test_link_from_her_page_by_name_search_then_remove(users, client_for) -> None:
    mother, child = _family(users)
    client = client_for("coordinator")
    page = client.get(f"/persons/{mother.pk}/").content.decode()
    assert f'href="/persons/{mother.pk}/links/"' in page
    found = client.post(f"/persons/{mother.pk}/links/", {"q": "Roza"}).content.decode()
    assert f'name="other" value="{child.pk}"' in found
    assert f'name="other" value="{mother.pk}"' not in found  # never herself
    response = client.post(
        f"/persons/{mother.pk}/links/", {"other": str(child.pk), "kind": "child"}, follow=True
    )
    assert "Linked." in response.content.decode()
    link = PersonLink.objects.get()
    assert (link.person, link.other, link.kind) == (mother, child, "child")
    page = client.get(f"/persons/{mother.pk}/").content.decode()
    assert "Taken with her" in page and f"/persons/{child.pk}/" in page
    again = client.post(f"/persons/{mother.pk}/links/", {"q": "Roza"}).content.decode()
    assert "already linked" in again and f'name="other" value="{child.pk}"' not in again
    # The same link posted twice (another tab): a clear message, nothing new.
    twice = client.post(
        f"/persons/{mother.pk}/links/", {"other": str(child.pk), "kind": "sister"}, follow=True
    )
    assert "These two are already linked." in twice.content.decode()
    assert PersonLink.objects.get().kind == "child"
    removed = client.post(
        f"/persons/{mother.pk}/links/remove/", {"link": str(link.pk)}, follow=True
    )
    assert "Link removed." in removed.content.decode()
    assert not PersonLink.objects.exists() and _events("delete") == 1


def test_bad_link_input_gets_a_clear_message(users, client_for) -> None:
    mother, child = _family(users)
    client = client_for("coordinator")
    for data in ({}, {"other": "not-an-id", "kind": "child"}, {"other": str(child.pk)}):
        response = client.post(f"/persons/{mother.pk}/links/", data, follow=True)
        assert "Choose a person from the search results" in response.content.decode()
    herself = client.post(
        f"/persons/{mother.pk}/links/", {"other": str(mother.pk), "kind": "child"}, follow=True
    )
    assert "cannot be linked to herself" in herself.content.decode()
    unknown = client.post(
        f"/persons/{mother.pk}/links/",
        {"other": "00000000-0000-4000-8000-000000000000", "kind": "child"},
    )
    assert unknown.status_code == 404
    nothing = client.post(f"/persons/{mother.pk}/links/remove/", {}, follow=True)
    assert "Choose the link to remove." in nothing.content.decode()
    assert not PersonLink.objects.exists()


def test_link_to_a_merged_record_is_refused_clearly(users, client_for) -> None:
    actor = users["coordinator"]
    mother, child = _family(users)
    duplicate = report_person(actor, reporter="Nadia", **KHALIL_ARABIC).person
    persons_merge(actor=actor, survivor=mother, merged=duplicate)
    client = client_for("coordinator")
    response = client.post(
        f"/persons/{child.pk}/links/", {"other": str(duplicate.pk), "kind": "mother"}, follow=True
    )
    assert "merged into another record" in response.content.decode()
    # Her own page addressed by the merged record's id: sent to the record she became.
    stale = client.post(
        f"/persons/{duplicate.pk}/links/", {"other": str(child.pk), "kind": "child"}, follow=True
    )
    assert "Nothing was changed." in stale.content.decode()
    assert stale.redirect_chain[-1][0] == f"/persons/{mother.pk}/links/"
    assert not PersonLink.objects.exists()


def test_other_person_outside_need_to_know_is_404_and_hidden(users, client_for) -> None:
    mother, child = _family(users)
    caseworker = users["caseworker"]
    grant_create(actor=None, user=caseworker, obj=mother)
    client = client_for("caseworker")
    found = client.post(f"/persons/{mother.pk}/links/", {"q": "Roza"}).content.decode()
    assert str(child.pk) not in found and "No one found" in found
    response = client.post(
        f"/persons/{mother.pk}/links/", {"other": str(child.pk), "kind": "child"}
    )
    assert response.status_code == 404 and not PersonLink.objects.exists()
    # A link the coordinator made to someone she cannot see: not shown, cannot be removed.
    link = person_link_create(actor=users["coordinator"], person=mother, other=child, kind="child")
    page = client.get(f"/persons/{mother.pk}/links/").content.decode()
    assert str(child.pk) not in page
    gone = client.post(f"/persons/{mother.pk}/links/remove/", {"link": str(link.pk)})
    assert gone.status_code == 404 and PersonLink.objects.exists()


@pytest.mark.parametrize(
    ("role", "shared", "expected"),
    [
        ("coordinator", False, 302),
        ("caseworker", True, 302),
        ("caseworker", False, 404),
        ("liaison", True, 302),
        ("liaison", False, 404),
        ("field", True, 404),
        ("analyst", True, 404),
        ("auditor", True, 404),
        ("administrator", True, 404),
    ],
)
def test_link_pages_by_role(users, client_for, role: str, shared: bool, expected: int) -> None:
    mother, child = _family(users)
    if shared:
        for person in (mother, child):
            grant_create(actor=None, user=users[role], obj=person)
    client = client_for(role)
    page = client.get(f"/persons/{mother.pk}/links/")
    assert page.status_code == (200 if expected == 302 else 404)
    response = client.post(
        f"/persons/{mother.pk}/links/", {"other": str(child.pk), "kind": "child"}
    )
    assert response.status_code == expected
    assert PersonLink.objects.exists() == (expected == 302)
    if expected == 302:
        link = PersonLink.objects.get()
        removed = client.post(f"/persons/{mother.pk}/links/remove/", {"link": str(link.pk)})
        assert removed.status_code == 302 and not PersonLink.objects.exists()
    else:
        link = person_link_create(
            actor=users["coordinator"], person=mother, other=child, kind="child"
        )
        removed = client.post(f"/persons/{mother.pk}/links/remove/", {"link": str(link.pk)})
        assert removed.status_code == 404 and PersonLink.objects.exists()


def _decoy(users: dict[str, User]) -> Client:
    actor = users["coordinator"]
    user_set_duress_password(actor=actor, duress_password="blue-river-duress-77")
    client = Client()
    client.post(
        "/accounts/login/", {"username": actor.username, "password": "blue-river-duress-77"}
    )
    client.post("/accounts/login/code/", {"token": current_code(actor)})
    return client


def test_decoy_session_can_neither_see_nor_link(users) -> None:
    mother, child = _family(users)
    link = person_link_create(actor=users["coordinator"], person=mother, other=child, kind="child")
    decoy = _decoy(users)
    assert decoy.get(f"/persons/{mother.pk}/links/").status_code == 404
    assert (
        decoy.post(
            f"/persons/{child.pk}/links/", {"other": str(mother.pk), "kind": "mother"}
        ).status_code
        == 404
    )
    assert (
        decoy.post(f"/persons/{mother.pk}/links/remove/", {"link": str(link.pk)}).status_code == 404
    )
    assert decoy.get(f"/api/persons/{mother.pk}/links/").status_code == 404
    assert PersonLink.objects.count() == 1


def test_links_page_is_translated_and_light(users, client_for) -> None:
    from safepassage.tests.test_page_weight import LIMIT, _weight

    mother, _child = _family(users)
    client = client_for("coordinator")
    client.post("/i18n/setlang/", {"language": "ar"})
    response = client.post(f"/persons/{mother.pk}/links/", {"q": "Roza"})
    html = response.content.decode()
    assert _weight(response.content) <= LIMIT
    assert "Link a person taken with her" not in html and "This person is her" not in html


# --- API ----------------------------------------------------------------------------------


def test_api_link_list_and_remove(users, client_for) -> None:
    mother, child = _family(users)
    client = client_for("coordinator")
    created = client.post(
        f"/api/persons/{mother.pk}/links/",
        {"other": str(child.pk), "kind": "child"},
        content_type="application/json",
    )
    assert created.status_code == 201
    body = created.json()
    assert body["person"] == str(mother.pk) and body["other"] == str(child.pk)
    assert body["kind"] == "child"
    listed = client.get(f"/api/persons/{mother.pk}/links/").json()
    assert [row["id"] for row in listed] == [body["id"]]
    twice = client.post(
        f"/api/persons/{mother.pk}/links/",
        {"other": str(child.pk), "kind": "child"},
        content_type="application/json",
    )
    assert twice.status_code == 400 and "already linked" in str(twice.json())
    herself = client.post(
        f"/api/persons/{mother.pk}/links/",
        {"other": str(mother.pk), "kind": "child"},
        content_type="application/json",
    )
    assert herself.status_code == 400 and "herself" in str(herself.json())
    bad = client.post(
        f"/api/persons/{mother.pk}/links/",
        {"other": str(child.pk), "kind": "aunt"},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "kind" in bad.json()
    removed = client.post(
        f"/api/persons/{mother.pk}/links/remove/",
        {"link": body["id"]},
        content_type="application/json",
    )
    assert removed.status_code == 204 and not PersonLink.objects.exists()
    again = client.post(
        f"/api/persons/{mother.pk}/links/remove/",
        {"link": body["id"]},
        content_type="application/json",
    )
    assert again.status_code == 404


@pytest.mark.parametrize(
    ("role", "shared", "read", "write"),
    [
        ("coordinator", False, 200, 201),
        ("caseworker", True, 200, 201),
        ("caseworker", False, 404, 404),
        ("liaison", True, 200, 201),
        ("liaison", False, 404, 404),
        ("field", True, 404, 404),
        ("analyst", True, 404, 404),
        ("auditor", True, 404, 404),
        ("administrator", True, 404, 404),
    ],
)
def test_api_links_by_role(
    users, client_for, role: str, shared: bool, read: int, write: int
) -> None:
    mother, child = _family(users)
    if shared:
        for person in (mother, child):
            grant_create(actor=None, user=users[role], obj=person)
    client = client_for(role)
    assert client.get(f"/api/persons/{mother.pk}/links/").status_code == read
    response = client.post(
        f"/api/persons/{mother.pk}/links/",
        {"other": str(child.pk), "kind": "child"},
        content_type="application/json",
    )
    assert response.status_code == write
    assert PersonLink.objects.exists() == (write == 201)


def test_api_link_to_person_outside_need_to_know_is_404(users, client_for) -> None:
    mother, child = _family(users)
    grant_create(actor=None, user=users["liaison"], obj=mother)
    client = client_for("liaison")
    response = client.post(
        f"/api/persons/{mother.pk}/links/",
        {"other": str(child.pk), "kind": "child"},
        content_type="application/json",
    )
    assert response.status_code == 404 and not PersonLink.objects.exists()


def test_schema_lists_the_link_endpoints(users, client_for) -> None:
    schema = client_for("coordinator").get("/api/schema/?format=json").json()
    paths = schema["paths"]
    assert set(paths["/api/persons/{person_id}/links/"]) >= {"get", "post"}
    assert "post" in paths["/api/persons/{person_id}/links/remove/"]
