"""Agreed duress and all-clear words: replaced only on purpose, and never before a contact."""

from __future__ import annotations

import datetime
import json
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from safepassage.accounts.models import User
from safepassage.accounts.services import api_token_create
from safepassage.audit.models import AuditEvent
from safepassage.tracing.models import AuthSecret, Person, SecretKind
from safepassage.tracing.services import ContactDetails, agreed_words_set, contact_create
from safepassage.tracing.tests.conftest import KHALIL_LATIN, report_person

pytestmark = pytest.mark.django_db


def _contact(word_used: str = "") -> ContactDetails:
    return ContactDetails(
        occurred_at=timezone.now() - datetime.timedelta(hours=1),
        channel="phone",
        word_used=word_used,
    )


def _person_with_words(actor: User) -> Person:
    person = report_person(actor, **KHALIL_LATIN).person
    contact_create(actor=actor, person=person, contact=_contact())
    agreed_words_set(actor=actor, person=person, duress_word="zeytûn", all_clear_word="hinar")
    return person


def _active(person: Person) -> set[object]:
    return set(
        AuthSecret.objects.filter(
            person=person, retired_at__isnull=True, kind__in=["duress_word", "all_clear_word"]
        ).values_list("pk", flat=True)
    )


def test_agreed_words_are_not_replaced_without_confirmation(users) -> None:
    actor = users["coordinator"]
    person = _person_with_words(actor)
    before = _active(person)
    with pytest.raises(ValidationError) as refused:
        agreed_words_set(actor=actor, person=person, duress_word="bera", all_clear_word="kevok")
    assert "replace" in refused.value.message_dict
    assert "told the new words" in refused.value.message_dict["replace"][0]
    assert _active(person) == before
    assert AuthSecret.objects.filter(person=person, retired_at__isnull=False).count() == 0
    # Her real duress word still raises the alarm.
    forced = contact_create(actor=actor, person=person, contact=_contact(word_used="Zeytun"))
    assert forced.duress_word_used


def test_confirmed_replacement_retires_the_old_words_and_is_recorded(users) -> None:
    actor = users["coordinator"]
    person = _person_with_words(actor)
    old = _active(person)
    made = agreed_words_set(
        actor=actor, person=person, duress_word="bera", all_clear_word="kevok", replace=True
    )
    assert _active(person) == {secret.pk for secret in made} and not old & _active(person)
    retired = AuthSecret.objects.filter(pk__in=old)
    assert retired.count() == 2 and all(s.retired_at is not None for s in retired)
    event = AuditEvent.objects.filter(action="auth.words_replace").get()
    assert json.loads(event.detail) == {"retired": 2} and event.object_id == str(person.pk)
    assert AuditEvent.objects.filter(action="auth.words_set").count() == 1  # the first words
    # The new duress word counts now; the old one no longer does.
    assert contact_create(
        actor=actor, person=person, contact=_contact(word_used="bera")
    ).duress_word_used
    old_word = contact_create(actor=actor, person=person, contact=_contact(word_used="zeytûn"))
    assert not old_word.duress_word_used and old_word.all_clear_given is False


def test_person_page_explains_words_come_after_a_first_contact(users, client_for) -> None:
    person = report_person(users["coordinator"], **KHALIL_LATIN).person
    client = client_for("coordinator")
    html = unescape(client.get(f"/persons/{person.pk}/").content.decode())
    assert "Words are agreed with her after a first contact is logged." in html
    assert 'id="words"' not in html and "id_duress_word" not in html
    contact_create(actor=users["coordinator"], person=person, contact=_contact())
    html = unescape(client.get(f"/persons/{person.pk}/").content.decode())
    assert 'id="words"' in html and "Agree words" in html
    assert 'name="replace"' not in html and 'id="words-warning"' not in html


def test_person_page_asks_for_confirmation_before_replacing_words(users, client_for) -> None:
    person = _person_with_words(users["coordinator"])
    client = client_for("coordinator")
    url = f"/persons/{person.pk}/"
    html = unescape(client.get(url).content.decode())
    assert 'id="words-warning"' in html and 'name="replace"' in html
    assert "Replace the agreed words" in html
    before = _active(person)
    words = {"duress_word": "bera", "all_clear_word": "kevok"}
    refused = client.post(f"{url}words/", words, follow=True)
    page = unescape(refused.content.decode())
    assert "To replace them, confirm that she will be told the new words." in page
    assert "Words agreed" not in page and _active(person) == before
    replaced = client.post(f"{url}words/", {**words, "replace": "on"}, follow=True)
    assert replaced.status_code == 200 and _active(person) != before
    assert AuditEvent.objects.filter(action="auth.words_replace").count() == 1


def test_api_replaces_words_only_when_asked(users) -> None:
    actor = users["coordinator"]
    person = _person_with_words(actor)
    _, token = api_token_create(actor=None, user=actor)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    url = f"/api/persons/{person.pk}/words/"
    before = _active(person)
    words = {"duress_word": "bera", "all_clear_word": "kevok"}
    refused = client.post(url, words, "application/json")
    assert refused.status_code == 400 and "told the new words" in refused.content.decode()
    assert _active(person) == before
    ok = client.post(url, {**words, "replace": True}, "application/json")
    assert ok.status_code == 200 and ok.json() == {"agreed": 2}
    assert _active(person) != before
    assert AuthSecret.objects.filter(person=person, kind=SecretKind.DURESS_WORD).count() == 2


def test_words_agreed_on_both_merged_records_are_both_known(users) -> None:
    # Two records of one woman, each with words agreed with her (two families, two liaisons):
    # after the merge, either duress word raises the alarm and either all-clear word counts.
    from safepassage.tracing.services import persons_merge
    from safepassage.tracing.tests.conftest import KHALIL_ARABIC

    actor = users["coordinator"]
    merged = _person_with_words(actor)
    survivor = report_person(actor, reporter="Saeed", **KHALIL_ARABIC).person
    contact_create(actor=actor, person=survivor, contact=_contact())
    agreed_words_set(actor=actor, person=survivor, duress_word="bera", all_clear_word="kevok")
    persons_merge(actor=actor, survivor=survivor, merged=merged)
    for duress in ("zeytûn", "bera"):
        forced = contact_create(actor=actor, person=survivor, contact=_contact(word_used=duress))
        assert forced.duress_word_used and forced.all_clear_given is False, duress
    for clear in ("hinar", "kevok"):
        fine = contact_create(actor=actor, person=survivor, contact=_contact(word_used=clear))
        assert fine.all_clear_given and not fine.duress_word_used, clear
