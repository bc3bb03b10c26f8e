"""Her photo: encrypted on disk, shown only with consent, only to those who may see her."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from safepassage.tracing.models import Person
from safepassage.tracing.tests.conftest import KHALIL_LATIN, report_person

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64 + b"unique-photo-bytes-4711"


def _upload(client: Client, person: Person, data: bytes = PNG, consent: bool = True) -> Any:
    payload: dict[str, Any] = {
        "photo": SimpleUploadedFile("me.png", data, content_type="image/png")
    }
    if consent:
        payload["consent"] = "1"
    return client.post(f"/persons/{person.pk}/photo/upload/", payload)


def test_photo_is_encrypted_and_shown_only_with_consent(users, client_for) -> None:
    person = report_person(users["coordinator"], **KHALIL_LATIN).person
    client = client_for("coordinator")
    assert _upload(client, person, consent=False).status_code == 302
    stored = Person.objects.get(pk=person.pk)
    with open(stored.photo.path, "rb") as handle:
        assert b"unique-photo-bytes-4711" not in handle.read()
    assert client.get(f"/persons/{person.pk}/photo/").status_code == 404
    assert 'class="photo"' not in client.get(f"/persons/{person.pk}/").content.decode()

    assert _upload(client, person, consent=True).status_code == 302
    response = client.get(f"/persons/{person.pk}/photo/")
    assert response.status_code == 200 and response.content == PNG
    assert response["Content-Type"] == "image/png" and response["Cache-Control"] == "no-store"
    assert 'class="photo"' in client.get(f"/persons/{person.pk}/").content.decode()


def test_photo_needs_access_to_her(users, client_for) -> None:
    person = report_person(users["coordinator"], **KHALIL_LATIN).person
    _upload(client_for("coordinator"), person)
    for role in ("caseworker", "liaison", "analyst", "field", "auditor", "administrator"):
        assert client_for(role).get(f"/persons/{person.pk}/photo/").status_code == 404, role


def test_bad_uploads_change_nothing(users, client_for) -> None:
    person = report_person(users["coordinator"], **KHALIL_LATIN).person
    client = client_for("coordinator")
    too_big = b"\xff\xd8\xff" + b"x" * (2 * 1024 * 1024)
    kept_off_disk = b"\xff\xd8\xff" + b"x" * (6 * 1024 * 1024)  # over the in-memory limit
    for data in (b"GIF89a not allowed", b"", too_big, kept_off_disk):
        response = _upload(client, person, data=data)
        assert response.status_code == 302
        assert not Person.objects.get(pk=person.pk).photo
