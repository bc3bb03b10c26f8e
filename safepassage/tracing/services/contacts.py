"""Proof of life and authentication: contacts, questions only she can answer, agreed words."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from safepassage.accounts.models import User
from safepassage.audit.services import audit_record
from safepassage.operations.services import alert_raise
from safepassage.tracing.answers import answer_hash, answer_matches, normalise_answer
from safepassage.tracing.models import (
    AuthOutcome,
    AuthSecret,
    Contact,
    ContactChannel,
    Person,
    SecretKind,
)
from safepassage.tracing.services._common import lock_unmerged, require_person_write
from safepassage.tracing.services.persons import (
    EARLIEST_EVENT,
    phone_index,
    phone_sighting_add,
)


@dataclass(frozen=True)
class ContactDetails:
    """What was heard in one contact."""

    occurred_at: datetime.datetime
    channel: str
    number_used: str = ""
    location_said: str = ""
    holder_said: str = ""
    condition: str = ""
    children_with_her: str = ""
    what_she_asked: str = ""
    notes: str = ""
    # Question id -> what she answered; the word she used (duress or all-clear), if asked.
    answers: Mapping[str, str] = field(default_factory=dict)
    word_used: str = ""


@dataclass(frozen=True)
class AuthCheck:
    """The outcome of checking her answers: pass or fail per question, never the answer."""

    outcome: str
    results: dict[str, bool]
    duress: bool = False
    all_clear: bool | None = None


def auth_question_check(*, question: str, answer: str) -> str:
    """Check a question as :func:`auth_question_add` does (writes nothing); the question."""
    question = question.strip()
    errors: dict[str, str] = {}
    if not question:
        errors["question"] = _("Write the question.")
    if not normalise_answer(answer):
        errors["answer"] = _("Write the answer (letters or digits).")
    if errors:
        raise ValidationError(errors)
    return question


def auth_question_add(*, actor: User, person: Person, question: str, answer: str) -> AuthSecret:
    """At intake: a question only she could answer; the answer is kept as a hash only."""
    require_person_write(actor, person)
    question = auth_question_check(question=question, answer=answer)
    with transaction.atomic():
        lock_unmerged(person, whole=False)
        secret = AuthSecret(
            person=person,
            kind=SecretKind.QUESTION,
            question=question,
            answer_hash=answer_hash(answer),
            created_by=actor,
        )
        secret.full_clean()
        secret.save()
        audit_record(actor=actor, action="create", obj=secret, detail={"kind": secret.kind})
    return secret


def agreed_words_check(*, has_contact: bool, duress_word: str, all_clear_word: str) -> None:
    """Check new words as :func:`agreed_words_set` does before it reads the words in force
    (writes nothing); ``has_contact``: whether a contact with her is logged."""
    if not has_contact:
        raise ValidationError(_("Words are agreed with her after a first contact is logged."))
    errors: dict[str, str] = {}
    if not normalise_answer(duress_word):
        errors["duress_word"] = _("Write the duress word.")
    if not normalise_answer(all_clear_word):
        errors["all_clear_word"] = _("Write the all-clear word.")
    if not errors and normalise_answer(duress_word) == normalise_answer(all_clear_word):
        errors["all_clear_word"] = _("The two words must differ.")
    if errors:
        raise ValidationError(errors)


def words_already_agreed() -> ValidationError:
    """The refusal of new words, without ``replace``, where words are in force."""
    return ValidationError(
        {
            "replace": _(
                "Words are already agreed with her. To replace them, confirm that "
                "she will be told the new words."
            )
        }
    )


def agreed_words_set(
    *,
    actor: User,
    person: Person,
    duress_word: str,
    all_clear_word: str,
    replace: bool = False,
) -> list[AuthSecret]:
    """After first contact: agree a duress word and an all-clear word.

    Words already agreed are replaced only with ``replace``: the caseworker confirms that she
    will be told the new ones, since a duress word she does not know goes undetected. The
    old words are retired (kept, with when), and the audit log records a replacement.
    """
    require_person_write(actor, person)
    agreed_words_check(
        has_contact=Contact.objects.filter(person=person).exists(),
        duress_word=duress_word,
        all_clear_word=all_clear_word,
    )
    now = timezone.now()
    with transaction.atomic():
        # Her row locked, so two people replacing her words at once cannot both pass.
        lock_unmerged(person, whole=False)
        agreed = AuthSecret.objects.filter(
            person=person,
            kind__in=[SecretKind.DURESS_WORD, SecretKind.ALL_CLEAR_WORD],
            retired_at__isnull=True,
        )
        if not replace and agreed.exists():
            raise words_already_agreed()
        retired = agreed.update(retired_at=now)
        made = []
        for kind, word in (
            (SecretKind.DURESS_WORD, duress_word),
            (SecretKind.ALL_CLEAR_WORD, all_clear_word),
        ):
            secret = AuthSecret(
                person=person, kind=kind, answer_hash=answer_hash(word), created_by=actor
            )
            secret.full_clean()
            secret.save()
            made.append(secret)
        if retired:
            audit_record(
                actor=actor, action="auth.words_replace", obj=person, detail={"retired": retired}
            )
        else:
            audit_record(actor=actor, action="auth.words_set", obj=person)
    return made


def auth_check(*, person: Person, answers: Mapping[str, str], word_used: str = "") -> AuthCheck:
    """Check what she answered against the stored hashes (no write; used by contact logging)."""
    active = list(AuthSecret.objects.filter(person=person, retired_at__isnull=True))
    return auth_check_against(active, answers=answers, word_used=word_used)


def auth_check_against(
    active: list[AuthSecret], *, answers: Mapping[str, str], word_used: str = ""
) -> AuthCheck:
    """:func:`auth_check` against these secrets in force (read by the caller)."""
    questions = {str(s.pk): s for s in active if s.kind == SecretKind.QUESTION}
    results: dict[str, bool] = {}
    for secret_id, answer in answers.items():
        if not answer.strip():
            continue
        secret = questions.get(str(secret_id))
        if secret is None:
            raise ValidationError({"answers": _("An answer was given to an unknown question.")})
        results[str(secret.pk)] = answer_matches(answer, secret.answer_hash)
    if not results:
        outcome = AuthOutcome.NOT_ATTEMPTED
    elif all(results.values()):
        outcome = AuthOutcome.PASSED
    else:
        outcome = AuthOutcome.FAILED
    duress, all_clear = False, None
    if word_used.strip():
        # Every word in force counts: a merge brings the words agreed on both records.
        duress_words = [s for s in active if s.kind == SecretKind.DURESS_WORD]
        clear_words = [s for s in active if s.kind == SecretKind.ALL_CLEAR_WORD]
        if not duress_words and not clear_words:
            raise ValidationError({"word_used": _("No words have been agreed with her yet.")})
        duress = any(answer_matches(word_used, s.answer_hash) for s in duress_words)
        all_clear = any(answer_matches(word_used, s.answer_hash) for s in clear_words)
    return AuthCheck(outcome=outcome, results=results, duress=duress, all_clear=all_clear)


def contact_create(*, actor: User, person: Person, contact: ContactDetails) -> Contact:
    """Log a contact, check her answers and words; a duress word raises an alert at once."""
    return contact_log(actor=actor, person=person, contact=contact)[0]


def contact_log(
    *, actor: User, person: Person, contact: ContactDetails
) -> tuple[Contact, AuthCheck]:
    """Like :func:`contact_create`, also returning pass or fail per question."""
    require_person_write(actor, person)
    contact_check(contact)
    check = auth_check(person=person, answers=contact.answers, word_used=contact.word_used)
    with transaction.atomic():
        # Merged meanwhile (after the check above read her)? Refused, not logged on the
        # hidden record; once locked, a merge of her waits and then moves this contact too.
        lock_unmerged(person, whole=False)
        row = contact_row(actor=actor, person=person, contact=contact, check=check)
        row.full_clean()
        row.save()
        if row.number_used:
            phone_sighting_add(
                number=row.number_used, source=row, person=person, seen_at=row.occurred_at
            )
        audit_record(
            actor=actor,
            action="create",
            obj=row,
            detail={
                "person": str(person.pk),
                "auth": check.outcome,
                "questions": len(check.results),
                "duress": check.duress,
            },
        )
        if check.duress:
            alert_raise(
                kind="danger",
                message="Duress word used in a contact: she may be forced to call. "
                "Do not act on this contact; review the case.",
                subject=person,
            )
        # New evidence: open rescue requests for her are assessed again (trap check).
        from safepassage.verification.services import assessments_recompute

        assessments_recompute(
            persons=[person], trigger="contact", actor=actor, numbers=[row.number_index]
        )
    return row, check


def contact_check(contact: ContactDetails) -> None:
    """Check a contact's details as :func:`contact_log` does before her answers (no write)."""
    errors: dict[str, str] = {}
    if contact.channel not in ContactChannel.values:
        errors["channel"] = _("Choose how she got in touch.")
    if contact.occurred_at > timezone.now() + datetime.timedelta(minutes=5):
        errors["occurred_at"] = _("The contact cannot be in the future.")
    elif contact.occurred_at.date() < EARLIEST_EVENT:
        errors["occurred_at"] = _("The contact cannot be before %(year)d.") % {
            "year": EARLIEST_EVENT.year
        }
    if contact.number_used.strip() and not phone_index(contact.number_used):
        errors["number_used"] = _("The number holds no digits.")
    if errors:
        raise ValidationError(errors)


def contact_row(
    *, actor: User | None, person: Person, contact: ContactDetails, check: AuthCheck
) -> Contact:
    """The contact row :func:`contact_log` stores (not stored here)."""
    return Contact(
        person=person,
        occurred_at=contact.occurred_at,
        channel=contact.channel,
        number_used=contact.number_used.strip(),
        number_index=phone_index(contact.number_used),
        location_said=contact.location_said.strip(),
        holder_said=contact.holder_said.strip(),
        condition=contact.condition.strip(),
        children_with_her=contact.children_with_her.strip(),
        what_she_asked=contact.what_she_asked.strip(),
        notes=contact.notes.strip(),
        auth_outcome=check.outcome,
        duress_word_used=check.duress,
        all_clear_given=check.all_clear,
        taken_by=actor,
    )
