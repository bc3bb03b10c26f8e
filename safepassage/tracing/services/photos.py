"""Her photo: stored encrypted, shown only where consent is recorded."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from safepassage.accounts.models import User
from safepassage.audit.services import audit_record
from safepassage.tracing.models import Person
from safepassage.tracing.services._common import lock_unmerged, require_person_write

MAX_PHOTO_BYTES = 2 * 1024 * 1024
# Recognised by their first bytes, not by the name or type the browser claims.
_SIGNATURES = {
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
}


def photo_type(data: bytes) -> str | None:
    """The image type of ``data`` (JPEG, PNG or WebP), or None when it is none of them."""
    for signature, kind in _SIGNATURES.items():
        if data.startswith(signature):
            return kind
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def person_photo_check(data: bytes) -> None:
    """Check a photo as :func:`person_photo_set` does (writes nothing)."""
    if not data:
        raise ValidationError({"photo": _("Choose a photo to upload.")})
    if len(data) > MAX_PHOTO_BYTES:
        raise ValidationError({"photo": _("The photo is larger than 2 MB; send a smaller one.")})
    if photo_type(data) is None:
        raise ValidationError({"photo": _("Upload a JPEG, PNG or WebP image.")})


def _her_consent_withdrawn(person: Person) -> bool:
    # Her own word, recorded in aftercare, outranks a consent ticked on the upload form.
    from safepassage.aftercare.services.consent import photo_consent_withdrawn

    return photo_consent_withdrawn(person)


def person_photo_set(*, actor: User, person: Person, data: bytes, consent: bool) -> Person:
    """Store a photo (encrypted) and whether she or her family consented to showing it."""
    require_person_write(actor, person)
    person_photo_check(data)
    with transaction.atomic():
        person = lock_unmerged(person)
        if consent and _her_consent_withdrawn(person):
            raise ValidationError(
                {
                    "consent": _(
                        "She withdrew her consent to showing her photo. Only her own consent, "
                        "recorded again on her care page, shows it."
                    )
                }
            )
        old_name = person.photo.name if person.photo else ""
        person.photo.save("photo", ContentFile(data), save=False)
        person.photo_consent = consent
        person.version += 1
        person.save(update_fields=["photo", "photo_consent", "version", "updated_at"])
        audit_record(
            actor=actor, action="update", obj=person, detail={"fields": ["photo", "photo_consent"]}
        )
    if old_name:
        person.photo.storage.delete(old_name)
    return person


def person_photo_remove(*, actor: User, person: Person) -> Person:
    require_person_write(actor, person)
    with transaction.atomic():
        person = lock_unmerged(person)
        old_name = person.photo.name if person.photo else ""
        person.photo = ""
        person.photo_consent = False
        person.version += 1
        person.save(update_fields=["photo", "photo_consent", "version", "updated_at"])
        audit_record(actor=actor, action="update", obj=person, detail={"fields": ["photo"]})
    if old_name:
        Person._meta.get_field("photo").storage.delete(old_name)
    return person
