"""Tracing services: every write to persons, reports, contacts, secrets and merges.

The package re-exports each service so callers write ``from safepassage.tracing.services
import report_create``.
"""

from safepassage.tracing.keys import PersonDetails
from safepassage.tracing.services.contacts import (
    AuthCheck,
    ContactDetails,
    agreed_words_set,
    auth_check,
    auth_question_add,
    contact_create,
    contact_log,
)
from safepassage.tracing.services.matching import (
    Candidate,
    duplicates_refresh,
    find_candidates,
    intake_fingerprint,
    keys_rebuild,
)
from safepassage.tracing.services.merges import (
    duplicate_dismiss,
    duplicate_merge,
    merge_status,
    merge_undo,
    persons_merge,
    persons_underway,
    survivor_suggested,
)
from safepassage.tracing.services.persons import (
    IntakeAlreadySaved,
    ReportDetails,
    intake_key,
    intake_submit,
    intake_validate,
    person_add_spellings,
    person_create,
    person_link_create,
    person_link_remove,
    person_set_status,
    person_status_change,
    person_update,
    phone_index,
    phone_sighting_add,
    report_create,
)
from safepassage.tracing.services.photos import person_photo_remove, person_photo_set
from safepassage.tracing.services.reasons import status_reasons_rekey

__all__ = [
    "AuthCheck",
    "Candidate",
    "ContactDetails",
    "IntakeAlreadySaved",
    "PersonDetails",
    "ReportDetails",
    "agreed_words_set",
    "auth_check",
    "auth_question_add",
    "contact_create",
    "contact_log",
    "duplicate_dismiss",
    "duplicate_merge",
    "duplicates_refresh",
    "find_candidates",
    "intake_fingerprint",
    "intake_key",
    "intake_submit",
    "intake_validate",
    "keys_rebuild",
    "merge_status",
    "merge_undo",
    "person_add_spellings",
    "person_create",
    "person_link_create",
    "person_link_remove",
    "person_photo_remove",
    "person_photo_set",
    "person_set_status",
    "person_status_change",
    "person_update",
    "persons_merge",
    "persons_underway",
    "phone_index",
    "phone_sighting_add",
    "report_create",
    "status_reasons_rekey",
    "survivor_suggested",
]
