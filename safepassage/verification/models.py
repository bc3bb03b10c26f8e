"""The trap check: rescue requests, their assessments (with history), rules and approvals.

A request rests on contacts; its assessment lists every factor that fired, its weight and
the evidence. Above the threshold two different coordinators must approve, each with a
written reason, before an operation may start. Nothing here decides for people.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from safepassage.vault.sealed import SealedJSONField, SealedModel, SealedTextField


class RuleConfig(SealedModel):
    """One version of the trap-check weights and thresholds; the newest is in force. The
    reason is free text a coordinator wrote (it may name the trap that prompted the change):
    encrypted."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    weights = models.JSONField(default=dict, blank=True)
    params = models.JSONField(default=dict, blank=True)
    threshold = models.PositiveIntegerField()
    reason = SealedTextField(blank=True, default="")
    changed_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-changed_at"]

    def __str__(self) -> str:
        return f"rules {self.changed_at:%Y-%m-%d %H:%M}"


class RequestStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class RescueRequest(SealedModel):
    """Someone asks the network to act: what it rests on and what it asks for."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(
        "tracing.Person", on_delete=models.PROTECT, related_name="rescue_requests"
    )
    contacts = models.ManyToManyField("tracing.Contact", blank=True, related_name="+")
    pickup_place = models.ForeignKey(
        "intel.Place", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    pickup_coordinates = SealedJSONField(null=True, blank=True)
    pickup_text = SealedTextField(blank=True, default="")
    # What the request says about her: where she is, who holds her, children with her.
    stated_place = models.ForeignKey(
        "intel.Place", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    stated_holder = models.ForeignKey(
        "intel.Holder", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    children_count = models.PositiveSmallIntegerField(null=True, blank=True)
    # The lure pattern, recorded as facts by whoever took the request.
    urgency_claimed = models.BooleanField(default=False)
    holder_away_claimed = models.BooleanField(default=False)
    pickup_at_captive_location = models.BooleanField(default=False)
    network_chosen_meeting_point = models.BooleanField(default=False)
    notes = SealedTextField(blank=True, default="")
    status = models.CharField(
        max_length=10, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )
    requested_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(pickup_at_captive_location=True, network_chosen_meeting_point=True),
                name="pickup_either_captive_location_or_meeting_point",
            )
        ]

    def __str__(self) -> str:
        return f"rescue request {self.pk}"

    def pickup_location(self) -> tuple[float, float] | None:
        value = self.pickup_coordinates
        if isinstance(value, list | tuple) and len(value) == 2:
            return float(value[0]), float(value[1])
        return self.pickup_place.coordinates if self.pickup_place is not None else None


class Assessment(SealedModel):
    """One computation of the trap check. The newest of a request is the current one."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    request = models.ForeignKey(RescueRequest, on_delete=models.CASCADE, related_name="assessments")
    rules = models.ForeignKey(
        RuleConfig, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    total = models.PositiveIntegerField()
    threshold = models.PositiveIntegerField()
    # Codes of the factors that fired (no values), so approvals can be compared cheaply.
    factor_codes = models.JSONField(default=list, blank=True)
    # [{"code", "label", "weight", "evidence": [...]}]: the evidence may name places.
    factors = SealedJSONField(default=list, blank=True)
    trigger = models.CharField(max_length=40, default="created")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        get_latest_by = "created_at"

    def __str__(self) -> str:
        return f"assessment {self.total}/{self.threshold}"

    @property
    def needs_approval(self) -> bool:
        return self.total > self.threshold

    @property
    def trigger_label(self) -> str:
        """Why this assessment was made, in the viewer's language."""
        from safepassage.verification.rules import trigger_label

        return str(trigger_label(self.trigger))


class Approval(SealedModel):
    """A coordinator's written approval of one assessment of a request."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    request = models.ForeignKey(RescueRequest, on_delete=models.CASCADE, related_name="approvals")
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="approvals")
    approver = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    reason = SealedTextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "approver"], name="one_approval_per_approver"
            )
        ]

    def __str__(self) -> str:
        return f"approval {self.pk}"
