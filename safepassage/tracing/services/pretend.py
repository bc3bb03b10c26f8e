"""A decoy's "new person" report: checked as a real save is, built, never stored."""

from __future__ import annotations

from safepassage.accounts.models import User
from safepassage.accounts.permissions import ActionRefused, Capability, has_capability
from safepassage.tracing.keys import PersonDetails
from safepassage.tracing.models import Report
from safepassage.tracing.services.persons import (
    ReportDetails,
    _new_person,
    _new_report,
    _validate_details,
)


def intake_pretend(*, actor: User, details: PersonDetails, report: ReportDetails) -> Report:
    """What a decoy's new person report gets back instead of :func:`intake_submit`'s save.

    The same checks, the same cleaned rows (an unsaved person with an id and her report), and
    nothing written: no row, no search key, no grant, no audit event. The caller keeps them in
    the decoy's session (:mod:`safepassage.tracing.decoy`).
    """
    if not actor.is_decoy or not has_capability(actor, Capability.CASES_WRITE):
        raise ActionRefused("You cannot do this.")
    _validate_details(details)
    report = ReportDetails(**{**report.__dict__, "names_as_reported": details.names()})
    person = _new_person(actor, details)
    return _new_report(actor, person, report)
