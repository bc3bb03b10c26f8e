"""A line in a person's timeline when an automatic change leaves her status as it was."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from safepassage.accounts.models import User
from safepassage.audit.services import audit_record
from safepassage.tracing.models import Person, StatusChange
from safepassage.tracing.services._common import lock_unmerged, require_person_write
from safepassage.tracing.status_reasons import Said, stored


def person_status_kept(*, actor: User, person: Person, reason: str | Said) -> StatusChange:
    """Record why her status stays as it is (an event that would have moved her back); a
    flow's ``reason`` is a sentence key and its values, as for ``person_set_status``."""
    require_person_write(actor, person)
    reason, reason_key, reason_params = stored(reason)
    if not reason:
        raise ValidationError({"reason": _("Say why the status stays.")})
    with transaction.atomic():
        person = lock_unmerged(person)
        change = StatusChange(
            person=person,
            from_status=person.status,
            to_status=person.status,
            reason=reason,
            reason_key=reason_key,
            reason_params=reason_params,
            changed_by=actor,
        )
        change.full_clean()
        change.save()
        audit_record(
            actor=actor,
            action="status.kept",
            obj=person,
            detail={"status": person.status},
        )
    return change
