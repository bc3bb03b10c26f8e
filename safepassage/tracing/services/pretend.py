"""A decoy's saves on tracing records: checked as a real save is, built, never stored.

A decoy session writes nothing, but where refusing would give it away it gets back what a
real save would (an unsaved row, or the same errors word for word). Each function here runs
the checks of the real service (the same functions), builds the rows it would have stored,
and writes nothing: no row, no search key, no grant, no audit event, no alert. The caller
keeps them in the decoy's session (:mod:`safepassage.tracing.decoy`).
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable, Collection
from dataclasses import replace

from django.utils import timezone

from safepassage.accounts.decoy import pretend_clean, require_decoy_writer
from safepassage.accounts.models import User
from safepassage.concurrency import version_check
from safepassage.tracing.answers import answer_hash
from safepassage.tracing.keys import PersonDetails
from safepassage.tracing.models import (
    AuthSecret,
    Contact,
    DuplicateCandidate,
    DuplicateStatus,
    Merge,
    Person,
    PersonLink,
    Report,
    SecretKind,
    StatusChange,
)
from safepassage.tracing.services.contacts import (
    AuthCheck,
    ContactDetails,
    agreed_words_check,
    auth_check_against,
    auth_question_check,
    contact_check,
    contact_row,
    words_already_agreed,
)
from safepassage.tracing.services.merges import (
    fields_snapshot,
    merge_details,
    merge_status,
    merge_status_change,
    merge_undo_check,
    require_undecided,
    survivor_and_merged,
)
from safepassage.tracing.services.persons import (
    DETAIL_FIELDS,
    EDIT_FIELDS,
    ReportDetails,
    _absorb,
    _new_person,
    _new_report,
    _person_from_details,
    _validate_details,
    person_link_check,
    person_status_check,
    status_unchanged,
)
from safepassage.tracing.services.photos import person_photo_check
from safepassage.tracing.status_reasons import Said, stored


def intake_pretend(*, actor: User, details: PersonDetails, report: ReportDetails) -> Report:
    """What a decoy's new person report gets back instead of :func:`intake_submit`'s save.

    The same checks, the same cleaned rows (an unsaved person with an id and her report), and
    nothing written: no row, no search key, no grant, no audit event. The caller keeps them in
    the decoy's session (:mod:`safepassage.tracing.decoy`).
    """
    require_decoy_writer(actor)
    _validate_details(details)
    report = ReportDetails(**{**report.__dict__, "names_as_reported": details.names()})
    person = _new_person(actor, details)
    return _new_report(actor, person, report)


def report_pretend(
    *, actor: User, person: Person, details: PersonDetails | None, report: ReportDetails
) -> Report:
    """What a decoy's report on its own pretend person gets back instead of
    :func:`report_create`'s save, or (``details``: the names it gives, the intake's "same
    person") :func:`intake_submit`'s with ``attach_to``: the same checks, her new spellings
    and the facts she lacked added to ``person`` (her version moved on if any), and the
    unsaved report with a random id. Nothing is written."""
    require_decoy_writer(actor)
    if details is not None:
        _validate_details(details)
        report = ReportDetails(**{**report.__dict__, "names_as_reported": details.names()})
    row = _new_report(actor, person, report)
    if details is not None:
        spellings_pretend(actor=actor, person=person, details=details)
    row.pk = uuid.uuid4()
    row.created_at = timezone.now()
    return row


def spellings_pretend(*, actor: User, person: Person, details: PersonDetails) -> Person:
    """:func:`person_add_spellings` of a pretend person: her new spellings and the facts she
    lacked added to ``person``, her version moved on if any."""
    require_decoy_writer(actor)
    if _absorb(person, details):
        person.version += 1
        pretend_clean(person, "created_by", "merged_into", "photo")
    return person


def person_pretend(*, actor: User, details: PersonDetails) -> Person:
    """What a decoy's new person without a report (the API's) gets back instead of
    :func:`person_create`'s save: the same checks, the unsaved person with an id."""
    require_decoy_writer(actor)
    _validate_details(details)
    return _new_person(actor, details)


def update_pretend(
    *,
    actor: User,
    person: Person,
    details: PersonDetails,
    expected_version: int,
    only: Collection[str] | None = None,
) -> Person:
    """:func:`person_update` of a pretend person: her details replaced (``only``: just those
    fields), her version moved on only when something changed, :class:`EditConflict` when
    her version moved meanwhile; checked in the same order."""
    require_decoy_writer(actor)
    if only is not None and not set(only) <= DETAIL_FIELDS:
        raise ValueError(f"unknown fields: {sorted(set(only) - DETAIL_FIELDS)}")
    if only is None:
        _validate_details(details)
    version_check(stored=person.version, expected=expected_version)
    if only is not None:
        details = replace(
            PersonDetails.of(person), **{name: getattr(details, name) for name in only}
        )
        _validate_details(details)
    before = {name: getattr(person, name) for name in EDIT_FIELDS}
    _person_from_details(person, details)
    if any(getattr(person, name) != before[name] for name in EDIT_FIELDS):
        person.version += 1
        pretend_clean(person, "created_by", "merged_into", "photo")
    return person


def status_pretend(*, actor: User, person: Person, status: str, reason: str) -> StatusChange:
    """:func:`person_status_change` of a pretend person: the change it would store."""
    require_decoy_writer(actor)
    person_status_check(person=person, status=status, reason=reason)
    if person.status == status:
        raise status_unchanged()
    change = StatusChange(
        person=person,
        from_status=person.status,
        to_status=status,
        reason=reason.strip(),
        changed_by=actor,
    )
    pretend_clean(change, "person", "changed_by")
    change.changed_at = timezone.now()
    return change


def flow_status_pretend(
    *, actor: User, person: Person, status: str, reason: Said, at: datetime.datetime
) -> StatusChange:
    """The status change a flow (an arrival, an operation) would store for a pretend person,
    unsaved: to ``status`` (her own status: the note that it stays, as stored), for
    ``reason``, ``at`` that moment."""
    text, key, params = stored(reason)
    change = StatusChange(
        person=person,
        from_status=person.status,
        to_status=status,
        reason=text,
        reason_key=key,
        reason_params=params,
        changed_by=actor,
    )
    change.changed_at = at
    return change


def _secret(actor: User, person: Person, kind: str, answer: str, question: str = "") -> AuthSecret:
    secret = AuthSecret(
        person=person,
        kind=kind,
        question=question,
        answer_hash=answer_hash(answer),
        created_by=actor,
    )
    pretend_clean(secret, "person", "created_by", new_id=True)
    secret.created_at = timezone.now()
    return secret


def question_pretend(*, actor: User, person: Person, question: str, answer: str) -> AuthSecret:
    """:func:`auth_question_add` of a pretend person: the question, its answer as a hash."""
    require_decoy_writer(actor)
    question = auth_question_check(question=question, answer=answer)
    return _secret(actor, person, SecretKind.QUESTION, answer, question)


def words_pretend(
    *,
    actor: User,
    person: Person,
    has_contact: bool,
    agreed: bool,
    duress_word: str,
    all_clear_word: str,
    replace: bool = False,
) -> list[AuthSecret]:
    """:func:`agreed_words_set` of a pretend person (``has_contact``: a contact is logged;
    ``agreed``: words are in force): the two new words, which retire any in force."""
    require_decoy_writer(actor)
    agreed_words_check(
        has_contact=has_contact, duress_word=duress_word, all_clear_word=all_clear_word
    )
    if agreed and not replace:
        raise words_already_agreed()
    return [
        _secret(actor, person, SecretKind.DURESS_WORD, duress_word),
        _secret(actor, person, SecretKind.ALL_CLEAR_WORD, all_clear_word),
    ]


def contact_pretend(
    *, actor: User, person: Person, contact: ContactDetails, secrets: list[AuthSecret]
) -> tuple[Contact, AuthCheck]:
    """:func:`contact_log` of a pretend person, her answers checked against ``secrets`` (her
    pretend questions and words in force): the contact it would store, and the check. No
    alert is raised and no request is assessed again, whatever word she used."""
    require_decoy_writer(actor)
    contact_check(contact)
    check = auth_check_against(secrets, answers=contact.answers, word_used=contact.word_used)
    row = contact_row(actor=actor, person=person, contact=contact, check=check)
    pretend_clean(row, "person", "taken_by", new_id=True)
    row.created_at = timezone.now()
    return row, check


def photo_pretend(*, actor: User, data: bytes, remove: bool = False) -> None:
    """:func:`person_photo_set`'s checks for a pretend person's photo (``remove``: as
    :func:`person_photo_remove`, which checks nothing more than who may)."""
    require_decoy_writer(actor)
    if not remove:
        person_photo_check(data)


def link_pretend(
    *, actor: User, person: Person, other: Person, kind: str, linked: Callable[[], bool]
) -> PersonLink:
    """:func:`person_link_create` between two pretend persons: the link it would store."""
    require_decoy_writer(actor)
    person_link_check(person=person, other=other, kind=kind, linked=linked)
    return pretend_clean(
        PersonLink(person=person, other=other, kind=kind), "person", "other", new_id=True
    )


def link_remove_pretend(*, actor: User) -> None:
    """:func:`person_link_remove` of a pretend link: allowed as for a real one."""
    require_decoy_writer(actor)


def duplicate_dismiss_pretend(*, actor: User, candidate: DuplicateCandidate) -> DuplicateCandidate:
    """:func:`duplicate_dismiss` of a pair of pretend persons: the same refusal of a pair
    decided already, and the pair as it would be stored once kept apart."""
    require_decoy_writer(actor)
    require_undecided(candidate)
    candidate.status = DuplicateStatus.DISMISSED
    candidate.decided_by = actor
    candidate.decided_at = timezone.now()
    return candidate


def duplicate_merge_pretend(
    *, actor: User, candidate: DuplicateCandidate, survivor: Person | None = None
) -> tuple[Merge, StatusChange | None]:
    """:func:`duplicate_merge` of a pair of pretend persons (never on an operation): the same
    refusals, the merge it would record, and the survivor as it would be saved (every name of
    both, the facts she lacked, the status furthest along her journey: the change, if any,
    is returned to be kept in her timeline). The caller keeps what moved."""
    require_decoy_writer(actor)
    require_undecided(candidate)
    kept, merged = survivor_and_merged(candidate, survivor, underway=set())
    status = merge_status(kept.status, merged.status)
    before = fields_snapshot(kept)
    merge_details(kept, merged)
    kept.version += 1
    pretend_clean(kept, "created_by", "merged_into", "photo")
    change: StatusChange | None = None
    before_status = kept.status
    if status != kept.status:
        change = merge_status_change(kept, status, actor=actor)
        pretend_clean(change, "person", "changed_by", new_id=True)
        change.changed_at = timezone.now()
        kept.status = status
    merge = Merge(
        survivor=kept,
        merged=merged,
        merged_by=actor,
        survivor_before={**before, "status": before_status, "after": fields_snapshot(kept)},
    )
    pretend_clean(merge, "survivor", "merged", "merged_by", new_id=True)
    merge.merged_at = timezone.now()
    candidate.status = DuplicateStatus.MERGED
    candidate.decided_by = actor
    candidate.decided_at = merge.merged_at
    return merge, change


def merge_undo_pretend(
    *, actor: User, merge: Merge, later: Callable[[], bool], survivor_merged: bool
) -> Merge:
    """:func:`merge_undo` of a pretend merge: the same refusals (``later``: a later merge of
    its survivor still stands; ``survivor_merged``: she was merged again), and the merge as
    it would be stored once undone. The caller moves back what it moved."""
    require_decoy_writer(actor)
    merge_undo_check(
        undone=merge.undone_at is not None, later=later, survivor_merged=survivor_merged
    )
    merge.undone_at = timezone.now()
    merge.undone_by = actor
    return merge
