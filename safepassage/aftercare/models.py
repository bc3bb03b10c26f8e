"""Aftercare: her arrival, the way back to her family, the care she is referred to, what she
agreed to, and what she chose to tell.

Every name, place, condition, need and word of testimony is encrypted. What stays in the clear
is what workflow and statistics need and identifies nobody on its own: dates of records,
stages, statuses, kinds of referral, consent purposes and ids. Testimony is readable only by
the users named on it (:class:`TestimonyReader`), whatever their role.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from safepassage.vault.sealed import (
    SealedCharField,
    SealedDateField,
    SealedJSONField,
    SealedModel,
    SealedTextField,
)


class Arrival(SealedModel):
    """She reached safety: where, who received her, how she was, what she needed."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey("tracing.Person", on_delete=models.PROTECT, related_name="+")
    arrived_on = models.DateField()
    reception_place = models.ForeignKey(
        "intel.Place", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # When no gazetteer place fits (or it is not shared with the one recording).
    reception_text = SealedCharField(max_length=200, blank=True, default="")
    received_by = SealedCharField(max_length=200, blank=True, default="")
    condition = SealedTextField(blank=True, default="")
    immediate_needs = SealedTextField(blank=True, default="")
    children_with_her = SealedTextField(blank=True, default="")
    # The names exactly as she gave them at arrival, and the match that was confirmed.
    names_as_given = SealedJSONField(default=dict, blank=True)
    match_score = models.FloatField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        "accounts.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-arrived_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(match_score__isnull=True)
                | Q(match_score__gte=0.0, match_score__lte=1.0),
                name="arrival_match_score_range",
            )
        ]

    def __str__(self) -> str:
        return f"arrival {self.pk}"


class FamilyStage(models.TextChoices):
    IDENTIFIED = "identified", _("Identified")
    NOTIFIED = "notified", _("Notified")
    MET = "met", _("Met")
    REUNITED = "reunited", _("Reunited")
    ON_HOLD = "on_hold", _("Cannot happen yet")


class NotifyChannel(models.TextChoices):
    PHONE = "phone", _("Phone call")
    SMS = "sms", _("Text message")
    MESSENGER = "messenger", _("Messaging app")
    IN_PERSON = "in_person", _("In person")
    INTERMEDIARY = "intermediary", _("Through an intermediary")


class FamilyMember(SealedModel):
    """One relative on the way back: identified, notified, met, reunited (or on hold, why)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey("tracing.Person", on_delete=models.PROTECT, related_name="+")
    name = SealedCharField(max_length=200)
    relationship = SealedCharField(max_length=100, blank=True, default="")
    contact = SealedCharField(max_length=200, blank=True, default="")
    # The family's report this relative filed, when there is one.
    report = models.ForeignKey(
        "tracing.Report", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    stage = models.CharField(
        max_length=12, choices=FamilyStage.choices, default=FamilyStage.IDENTIFIED
    )
    notified_at = models.DateTimeField(null=True, blank=True)
    notified_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    notified_how = models.CharField(
        max_length=12, choices=NotifyChannel.choices, blank=True, default=""
    )
    met_on = models.DateField(null=True, blank=True)
    reunited_on = models.DateField(null=True, blank=True)
    hold_reason = SealedTextField(blank=True, default="")
    notes = SealedTextField(blank=True, default="")
    created_by = models.ForeignKey(
        "accounts.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(stage__in=[s.value for s in FamilyStage]), name="family_stage_valid"
            ),
            models.CheckConstraint(
                condition=~Q(stage="reunited") | Q(reunited_on__isnull=False),
                name="family_reunited_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"family member {self.pk}"


class ReferralKind(models.TextChoices):
    MEDICAL = "medical", _("Medical")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial")
    LEGAL = "legal", _("Legal")
    SHELTER = "shelter", _("Shelter")
    DOCUMENTS = "documents", _("Documents")
    LIVELIHOOD = "livelihood", _("Livelihood")


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    DONE = "done", _("Done")
    DECLINED = "declined", _("Declined")


# A referral in one of these states needs no more follow-up.
CLOSED_REFERRAL_STATUSES = frozenset({ReferralStatus.DONE, ReferralStatus.DECLINED})


class Referral(SealedModel):
    """She is referred to a service, with her consent; followed up until done or declined."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey("tracing.Person", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=12, choices=ReferralKind.choices)
    service = SealedCharField(max_length=200)
    # When she agreed to this referral (her details go to an outside service).
    consent_at = models.DateTimeField()
    status = models.CharField(
        max_length=10, choices=ReferralStatus.choices, default=ReferralStatus.SENT
    )
    follow_up_on = models.DateField(null=True, blank=True)
    notes = SealedTextField(blank=True, default="")
    created_by = models.ForeignKey(
        "accounts.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["follow_up_on", "created_at"]
        indexes = [models.Index(fields=["status", "follow_up_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in ReferralKind]), name="referral_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in ReferralStatus]),
                name="referral_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} referral {self.pk}"

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_REFERRAL_STATUSES


class ConsentPurpose(models.TextChoices):
    CARE = "care", _("Care and referrals")
    TESTIMONY = "testimony", _("Recording her testimony")
    INVESTIGATORS = "investigators", _("Sharing her testimony with investigators")
    STATISTICS = "statistics", _("Counting her in statistics")
    PHOTO = "photo", _("Showing her photo")


class Consent(SealedModel):
    """What she agreed to, when and in which language; withdrawn when (never deleted)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey("tracing.Person", on_delete=models.PROTECT, related_name="+")
    purpose = models.CharField(max_length=16, choices=ConsentPurpose.choices)
    given_at = models.DateTimeField()
    language = models.CharField(max_length=10)
    recorded_by = models.ForeignKey(
        "accounts.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = SealedTextField(blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["purpose", "-given_at"]
        indexes = [models.Index(fields=["person", "purpose", "withdrawn_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(purpose__in=[p.value for p in ConsentPurpose]),
                name="consent_purpose_valid",
            ),
            # At most one standing consent per purpose: withdraw before giving again.
            models.UniqueConstraint(
                fields=["person", "purpose"],
                condition=Q(withdrawn_at__isnull=True),
                name="consent_one_standing_per_purpose",
            ),
        ]

    def __str__(self) -> str:
        return f"consent {self.purpose}"

    @property
    def is_standing(self) -> bool:
        return self.withdrawn_at is None


class Testimony(SealedModel):
    """What she chose to tell about her captivity: who held her, where, when, sales, transfers.

    ``events`` is a list of ``{"on": "YYYY-MM-DD" or "", "kind": EventKind, "place": place id
    or "", "holder": holder id or "", "note": text}``, encrypted with the account itself.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey("tracing.Person", on_delete=models.PROTECT, related_name="+")
    account = SealedTextField()
    language = models.CharField(max_length=10, blank=True, default="")
    captivity_from = SealedDateField(null=True, blank=True)
    captivity_to = SealedDateField(null=True, blank=True)
    perpetrators = models.ManyToManyField("intel.Holder", blank=True, related_name="+")
    places = models.ManyToManyField("intel.Place", blank=True, related_name="+")
    events = SealedJSONField(default=list, blank=True)
    recorded_by = models.ForeignKey(
        "accounts.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded_at"]
        verbose_name_plural = "testimonies"

    def __str__(self) -> str:
        return f"testimony {self.pk}"


class EventKind(models.TextChoices):
    TAKEN = "taken", _("Taken")
    HELD = "held", _("Held")
    SOLD = "sold", _("Sold")
    TRANSFERRED = "transferred", _("Transferred")
    ESCAPED = "escaped", _("Escaped or released")
    OTHER = "other", _("Other")


class TestimonyReader(models.Model):
    """A user named on a testimony: the only people who may read it (roles do not count)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    testimony = models.ForeignKey(Testimony, on_delete=models.CASCADE, related_name="readers")
    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    named_by = models.ForeignKey(
        "accounts.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    named_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["named_at"]
        constraints = [
            models.UniqueConstraint(fields=["testimony", "user"], name="testimony_reader_unique")
        ]

    def __str__(self) -> str:
        return f"reader of {self.testimony_id}"
