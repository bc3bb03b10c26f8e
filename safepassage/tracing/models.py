"""Tracing: the captive (Person), the family's reports, proof-of-life contacts, authentication.

Every name, number, place and free-text note is an encrypted field. What stays in the clear is
what statistics and workflow need and what identifies nobody on its own: status, sex, birth
year, dates of records, ids.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from safepassage.choices import ChoiceLabelsMixin
from safepassage.vault.fields import (
    BlindIndexField,
    EncryptedFileField,
)
from safepassage.vault.sealed import (
    SealedCharField,
    SealedDateField,
    SealedJSONField,
    SealedModel,
    SealedTextField,
)

# Name parts of a person; each holds a list of spellings in any script.
NAME_PARTS = ("given_names", "father_names", "grandfather_names", "family_names", "mother_names")


class PersonStatus(models.TextChoices):
    MISSING = "missing", _("Missing")
    CONTACT = "contact", _("Contact established")
    LOCATED = "located", _("Located")
    RESCUE_PLANNED = "rescue_planned", _("Rescue planned")
    IN_TRANSIT = "in_transit", _("In transit")
    ARRIVED = "arrived", _("Arrived")
    REUNITED = "reunited", _("Reunited")
    DECEASED = "deceased", _("Deceased")
    CLOSED = "closed", _("Closed")


class Sex(models.TextChoices):
    FEMALE = "f", _("Female")
    MALE = "m", _("Male")
    UNKNOWN = "", _("Unknown")


class Person(ChoiceLabelsMixin, SealedModel):
    """A person held captive (or once held), as the network knows her."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    given_names = SealedJSONField(default=list, blank=True)
    father_names = SealedJSONField(default=list, blank=True)
    grandfather_names = SealedJSONField(default=list, blank=True)
    family_names = SealedJSONField(default=list, blank=True)
    mother_names = SealedJSONField(default=list, blank=True)
    nicknames = SealedJSONField(default=list, blank=True)
    sex = models.CharField(max_length=1, choices=Sex.choices, blank=True, default="")
    birth_year = models.PositiveSmallIntegerField(null=True, blank=True)
    birth_year_uncertainty = models.PositiveSmallIntegerField(default=0)
    community = SealedCharField(max_length=100, blank=True, default="")
    home_place = SealedCharField(max_length=200, blank=True, default="")
    # Other spellings of her home place (another script, another report, a merged record),
    # kept as name spellings are; ``home_places`` lists them all.
    home_place_variants = SealedJSONField(default=list, blank=True)
    abducted_on = SealedDateField(null=True, blank=True)
    abduction_place = SealedCharField(max_length=200, blank=True, default="")
    distinguishing_marks = SealedTextField(blank=True, default="")
    photo = EncryptedFileField(blank=True, default="")
    photo_consent = models.BooleanField(default=False)
    status = models.CharField(
        max_length=20, choices=PersonStatus.choices, default=PersonStatus.MISSING
    )
    # The record's id in the file it was imported from (CSV ref, PFIF person_record_id), so a
    # second import of the same file is recognised; the blind index finds it without decrypting.
    # Nullable, so adding the column needs no key (restore migrates before keys exist).
    source_ref = SealedCharField(max_length=500, null=True, blank=True, default=None)
    source_ref_index = BlindIndexField()
    # The key of the request that entered her (an API client's Idempotency-Key, digested with
    # who sent it): the same request sent again finds her instead of entering her twice.
    intake_key = models.CharField(max_length=64, null=True, blank=True, unique=True, default=None)
    # A merged duplicate keeps its row (so a merge can be undone) and points at the survivor.
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_from"
    )
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status"]), models.Index(fields=["merged_into"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(birth_year__isnull=True)
                | Q(birth_year__gte=1900, birth_year__lte=2100),
                name="person_birth_year_range",
            ),
            models.CheckConstraint(
                condition=~Q(merged_into=models.F("id")), name="person_not_merged_into_self"
            ),
        ]

    def __str__(self) -> str:
        return f"person {self.pk}"

    @property
    def home_places(self) -> list[str]:
        """Her home place as recorded, then its other spellings (each once)."""
        places = [self.home_place, *(self.home_place_variants or ())]
        return list(dict.fromkeys(p for p in places if p))


class PersonLinkKind(models.TextChoices):
    CHILD = "child", _("Child")
    MOTHER = "mother", _("Mother")
    SISTER = "sister", _("Sister")
    BROTHER = "brother", _("Brother")
    OTHER = "other", _("Other relative")


class PersonLink(ChoiceLabelsMixin, models.Model):
    """People taken together: her children, her sisters (``person`` is ``kind`` of ``other``)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="links")
    other = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="linked_from")
    kind = models.CharField(max_length=20, choices=PersonLinkKind.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "other"], name="person_link_unique"),
            models.CheckConstraint(condition=~Q(person=models.F("other")), name="link_not_self"),
        ]

    def __str__(self) -> str:
        return f"link {self.kind}"


class StatusChange(ChoiceLabelsMixin, SealedModel):
    """Every change of a person's status: who, when, why (``tracing.status_reasons``)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=PersonStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=PersonStatus.choices)
    # Why: as a person typed it, or (a change the system makes) the English sentence kept for
    # the record...
    reason = SealedTextField(blank=True, default="")
    # ...with its key of tracing.status_reasons and its values (codenames, status codes,
    # dates), so her timeline says it in each reader's language. Empty for a typed reason.
    reason_key = SealedCharField(max_length=64, blank=True, default="")
    reason_params = SealedJSONField(default=dict, blank=True)
    changed_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["changed_at"]

    def __str__(self) -> str:
        return f"{self.from_status} -> {self.to_status}"


class Report(SealedModel):
    """A family member's report that a relative was taken."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="reports")
    reporter_name = SealedCharField(max_length=200)
    relationship = SealedCharField(max_length=100, blank=True, default="")
    reporter_phones = SealedJSONField(default=list, blank=True)
    reporter_village = SealedCharField(max_length=200, blank=True, default="")
    preferred_language = models.CharField(max_length=10, blank=True, default="")
    # The names exactly as this reporter gave them (kept through merges).
    names_as_reported = SealedJSONField(default=dict, blank=True)
    knowledge = SealedTextField(blank=True, default="")
    reported_on = models.DateField()
    received_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A digest of the intake check it was saved on (who, the check's random nonce, the
    # details checked): unique, so one check saves one report, even when "save" is tapped
    # twice and both arrive at once (``tracing.services.intake_submit``). Empty for others.
    intake_key = models.CharField(max_length=64, null=True, blank=True, unique=True, default=None)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["reported_on", "created_at"]

    def __str__(self) -> str:
        return f"report {self.pk}"


class ContactChannel(models.TextChoices):
    PHONE = "phone", _("Phone call")
    SMS = "sms", _("Text message")
    MESSENGER = "messenger", _("Messaging app")
    VOICE = "voice", _("Voice message")
    INTERMEDIARY = "intermediary", _("Through an intermediary")
    IN_PERSON = "in_person", _("In person")


class AuthOutcome(models.TextChoices):
    NOT_ATTEMPTED = "not_attempted", _("Not attempted")
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Failed")


class Contact(ChoiceLabelsMixin, SealedModel):
    """Proof of life: she got hold of a phone and called. Every contact is logged."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="contacts")
    occurred_at = models.DateTimeField()
    channel = models.CharField(max_length=20, choices=ContactChannel.choices)
    number_used = SealedCharField(max_length=50, blank=True, default="")
    number_index = BlindIndexField()
    location_said = SealedTextField(blank=True, default="")
    holder_said = SealedTextField(blank=True, default="")
    condition = SealedTextField(blank=True, default="")
    children_with_her = SealedTextField(blank=True, default="")
    what_she_asked = SealedTextField(blank=True, default="")
    notes = SealedTextField(blank=True, default="")
    auth_outcome = models.CharField(
        max_length=20, choices=AuthOutcome.choices, default=AuthOutcome.NOT_ATTEMPTED
    )
    # Agreed words: whether she used the duress word, gave the all-clear word (None: not asked).
    duress_word_used = models.BooleanField(default=False)
    all_clear_given = models.BooleanField(null=True, blank=True)
    taken_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["occurred_at"]
        indexes = [models.Index(fields=["person", "occurred_at"])]

    def __str__(self) -> str:
        return f"contact {self.pk}"


class SecretKind(models.TextChoices):
    QUESTION = "question", _("Question only she could answer")
    DURESS_WORD = "duress_word", _("Duress word")
    ALL_CLEAR_WORD = "all_clear_word", _("All-clear word")


class AuthSecret(SealedModel):
    """An authentication question (or agreed word): the answer only as an Argon2 hash."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="auth_secrets")
    kind = models.CharField(max_length=20, choices=SecretKind.choices)
    question = SealedTextField(blank=True, default="")
    answer_hash = models.CharField(max_length=200)
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk}"


class BlockingKey(models.Model):
    """Keyed hashes of a person's matching keys, so candidates are found without decrypting."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="blocking_keys")
    key = models.CharField(max_length=32)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "key"], name="blocking_key_unique")
        ]
        # Key, then person: a lookup by key (search, candidates) reads the persons from the
        # index alone, without visiting a row per person filed under a common name.
        indexes = [models.Index(fields=["key", "person"], name="blocking_key_key_person")]

    def __str__(self) -> str:
        return "blocking key"


class PhoneSighting(models.Model):
    """Where a phone number (as a blind index) appeared: a report, a contact, an incident…

    One table for every app, so "this number was seen before" is one indexed query.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    number_index = models.CharField(max_length=32, db_index=True)
    source_type = models.CharField(max_length=100)
    source_id = models.UUIDField()
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    seen_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["source_type", "source_id"])]

    def __str__(self) -> str:
        return "phone sighting"


class DuplicateStatus(models.TextChoices):
    OPEN = "open", _("Waiting for review")
    MERGED = "merged", _("Merged")
    DISMISSED = "dismissed", _("Not the same person")


class DuplicateCandidate(SealedModel):
    """A suspected duplicate pair, waiting for a person's word."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    left = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    right = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    evidence = SealedJSONField(default=list, blank=True)
    status = models.CharField(
        max_length=10, choices=DuplicateStatus.choices, default=DuplicateStatus.OPEN
    )
    decided_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-score"]
        constraints = [
            models.UniqueConstraint(fields=["left", "right"], name="duplicate_pair_unique"),
            models.CheckConstraint(condition=~Q(left=models.F("right")), name="duplicate_not_self"),
        ]

    def __str__(self) -> str:
        return f"duplicate {self.score:.2f}"


class Merge(SealedModel):
    """A confirmed merge: what moved from ``merged`` to ``survivor``, so it can be undone."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survivor = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges")
    merged = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    # Ids of the reports, contacts, secrets and links that moved, and the survivor's fields
    # before the merge (encrypted: it holds names).
    moved = models.JSONField(default=dict, blank=True)
    survivor_before = SealedJSONField(default=dict, blank=True)
    reason = SealedTextField(blank=True, default="")
    merged_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    merged_at = models.DateTimeField(auto_now_add=True)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"merge {self.pk}"


class MatchModel(models.Model):
    """Matching weights estimated from the stored persons (m/u probabilities only: no names)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    params = models.JSONField()
    records = models.PositiveIntegerField()
    fitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-fitted_at"]
        get_latest_by = "fitted_at"

    def __str__(self) -> str:
        return f"match model of {self.records} records"
