"""Operations: the plan that brings people out, the check-ins that follow it, and alerts.

An operation is planned (persons from rescue requests, a team, a route of waypoints, supplies,
a communication plan), approved, started, followed by check-ins, and ended with an outcome.
Routes, notes and positions are encrypted; what stays in the clear is what the deadline check
and the pages' ordering need (statuses, times, counts, ids). The check-in codes are stored only
as Argon2 hashes, so nobody (not even a coordinator) can read the duress code back.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from safepassage.vault.sealed import SealedCharField, SealedJSONField, SealedModel, SealedTextField


class AlertKind(models.TextChoices):
    DURESS_LOGIN = "duress_login", _("Duress login")
    OVERDUE = "overdue", _("Overdue check-in")
    DURESS = "duress", _("Duress check-in")
    DANGER = "danger", _("Danger")
    APPROVAL = "approval", _("Approval needed")
    OUTCOME = "outcome", _("Operation outcome")


class OperationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")
    UNDERWAY = "underway", _("Underway")
    COMPLETED = "completed", _("Completed")
    ABORTED = "aborted", _("Aborted")
    FAILED = "failed", _("Failed")


# The statuses an operation ends in.
ENDED_STATUSES = frozenset(
    {OperationStatus.COMPLETED, OperationStatus.ABORTED, OperationStatus.FAILED}
)
# While planned or running, the team sees it on the field page.
FIELD_VISIBLE_STATUSES = frozenset({OperationStatus.APPROVED, OperationStatus.UNDERWAY})


class Channel(models.TextChoices):
    PHONE = "phone", _("Phone call")
    SMS = "sms", _("Text message")
    MESSENGER = "messenger", _("Messaging app")
    RADIO = "radio", _("Radio")
    SATELLITE = "satellite", _("Satellite phone")
    WEB = "web", _("This system (field page)")


class Operation(SealedModel):
    """One plan to bring one or more persons out."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    codename = models.CharField(max_length=64, unique=True)
    status = models.CharField(
        max_length=12, choices=OperationStatus.choices, default=OperationStatus.DRAFT
    )
    objective = SealedTextField(blank=True, default="")
    # The communication plan.
    channel = models.CharField(max_length=12, choices=Channel.choices, default=Channel.WEB)
    check_in_interval_minutes = models.PositiveIntegerField(default=60)
    grace_minutes = models.PositiveIntegerField(default=15)
    check_in_code_hash = models.CharField(max_length=200, blank=True, default="")
    duress_code_hash = models.CharField(max_length=200, blank=True, default="")
    comm_notes = SealedTextField(blank=True, default="")
    # The next check-in deadline while underway (a check-in or a missed deadline moves it).
    check_in_due_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    outcome_notes = SealedTextField(blank=True, default="")
    created_by = models.ForeignKey(
        "accounts.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "check_in_due_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in OperationStatus]),
                name="operation_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(check_in_interval_minutes__gte=1, check_in_interval_minutes__lte=1440),
                name="operation_interval_range",
            ),
            models.CheckConstraint(
                condition=Q(grace_minutes__lte=720), name="operation_grace_range"
            ),
            # "Olive" and "olive" are one codename on a radio: taken once, also when two
            # coordinators create it at the same moment.
            models.UniqueConstraint(Lower("codename"), name="operation_codename_unique_any_case"),
        ]

    def __str__(self) -> str:
        return self.codename

    @property
    def is_ended(self) -> bool:
        return self.status in ENDED_STATUSES


class OperationPerson(models.Model):
    """A person the operation brings out, and the rescue request it answers."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    operation = models.ForeignKey(Operation, on_delete=models.CASCADE, related_name="persons")
    person = models.ForeignKey("tracing.Person", on_delete=models.PROTECT, related_name="+")
    rescue_request = models.ForeignKey(
        "verification.RescueRequest", on_delete=models.PROTECT, related_name="+"
    )
    brought_out = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["operation", "person"], name="operation_person_unique")
        ]

    def __str__(self) -> str:
        return f"operation person {self.pk}"


class TeamRole(models.TextChoices):
    LEAD = "lead", _("Lead")
    GUIDE = "guide", _("Guide")
    DRIVER = "driver", _("Driver")
    INSIDER = "insider", _("Insider")
    RECEPTION = "reception", _("Reception")


class MemberOutcome(models.TextChoices):
    UNHARMED = "unharmed", _("Unharmed")
    INJURED = "injured", _("Injured")
    CAPTURED = "captured", _("Captured")
    KILLED = "killed", _("Killed")


class TeamMember(models.Model):
    """A member of the network on this operation's team, in one role."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    operation = models.ForeignKey(Operation, on_delete=models.CASCADE, related_name="team")
    member = models.ForeignKey("intel.Member", on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=12, choices=TeamRole.choices)
    outcome = models.CharField(max_length=12, choices=MemberOutcome.choices, blank=True)

    class Meta:
        ordering = ["role", "id"]
        constraints = [
            models.UniqueConstraint(fields=["operation", "member"], name="team_member_unique")
        ]

    def __str__(self) -> str:
        return f"{self.role} {self.member_id}"


class WaypointKind(models.TextChoices):
    PICKUP = "pickup", _("Pick-up")
    HIDING = "hiding", _("Hiding place")
    CROSSING = "crossing", _("Crossing point")
    RECEPTION = "reception", _("Reception point")
    OTHER = "other", _("Other stop")


class Transport(models.TextChoices):
    FOOT = "foot", _("On foot")
    CAR = "car", _("Car")
    MOTORBIKE = "motorbike", _("Motorbike")
    TRUCK = "truck", _("Truck")
    BOAT = "boat", _("Boat")
    OTHER = "other", _("Other")


class Waypoint(SealedModel):
    """One stop of the route, in order; ``transport`` is how the team reaches it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    operation = models.ForeignKey(Operation, on_delete=models.CASCADE, related_name="waypoints")
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=12, choices=WaypointKind.choices)
    place = models.ForeignKey("intel.Place", on_delete=models.PROTECT, related_name="+")
    planned_arrival = models.DateTimeField()
    transport = models.CharField(max_length=12, choices=Transport.choices, default=Transport.FOOT)
    note = SealedTextField(blank=True, default="")
    reached_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["operation", "position"], name="waypoint_position_unique"
            )
        ]

    def __str__(self) -> str:
        return f"waypoint {self.position}"


class SupplyKind(models.TextChoices):
    WATER = "water", _("Water")
    FOOD = "food", _("Food")
    SHOES = "shoes", _("Shoes")
    CLOTHING = "clothing", _("Clothing")
    BLANKETS = "blankets", _("Blankets")
    MEDICAL = "medical", _("Medical")
    PHONES = "phones", _("Phones and credit")
    MONEY = "money", _("Money")


class Supply(SealedModel):
    """What the team takes, how much, and who carries it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    operation = models.ForeignKey(Operation, on_delete=models.CASCADE, related_name="supplies")
    kind = models.CharField(max_length=12, choices=SupplyKind.choices)
    quantity = models.PositiveIntegerField()
    note = SealedCharField(max_length=200, blank=True, default="")
    carried_by = models.ForeignKey(
        TeamMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="supplies"
    )

    class Meta:
        ordering = ["kind", "id"]
        verbose_name_plural = "supplies"
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="supply_quantity_positive")
        ]

    def __str__(self) -> str:
        return f"{self.quantity} {self.kind}"


class CheckInStatus(models.TextChoices):
    OK = "ok", _("OK")
    DELAYED = "delayed", _("Delayed")
    DANGER = "danger", _("Danger")
    DURESS = "duress", _("Duress")


# The buttons a field member can press (duress is never a button: it comes from the code).
PRESSABLE_STATUSES = (CheckInStatus.OK, CheckInStatus.DELAYED, CheckInStatus.DANGER)


class CodeResult(models.TextChoices):
    AGREED = "agreed", _("Agreed code")
    DURESS = "duress", _("Duress code")
    WRONG = "wrong", _("Wrong or missing code")
    RELAYED = "relayed", _("Relayed by a coordinator")


class CheckIn(SealedModel):
    """A team member reports in. ``status`` is what it means; ``pressed`` what they pressed."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    operation = models.ForeignKey(Operation, on_delete=models.CASCADE, related_name="check_ins")
    team_member = models.ForeignKey(TeamMember, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    waypoint = models.ForeignKey(
        Waypoint, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    position = SealedCharField(max_length=200, blank=True, default="")
    status = models.CharField(max_length=10, choices=CheckInStatus.choices)
    pressed = models.CharField(max_length=10, choices=CheckInStatus.choices)
    code_result = models.CharField(max_length=10, choices=CodeResult.choices)
    note = SealedTextField(blank=True, default="")
    recorded_by = models.ForeignKey(
        "accounts.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["operation", "at"])]

    def __str__(self) -> str:
        return f"check-in {self.status}"


class Alert(SealedModel):
    """Something a coordinator must see now. The message is encrypted: it may name people."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=32, choices=AlertKind.choices)
    # The message in English, as raised (kept for old alerts and for the record)...
    message = SealedTextField()
    # ...and what it says as a key of operations.alert_messages with its values, so each
    # coordinator reads it in their own language. Empty for alerts raised before.
    message_key = SealedCharField(max_length=64, blank=True, default="")
    message_params = SealedJSONField(default=dict, blank=True)
    subject_type = models.CharField(max_length=100, blank=True, default="")
    subject_id = models.CharField(max_length=64, blank=True, default="")
    operation = models.ForeignKey(
        Operation, null=True, blank=True, on_delete=models.PROTECT, related_name="alerts"
    )
    # For overdue alerts: the deadline that was missed (one alert per missed deadline).
    due_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acknowledgement = SealedTextField(blank=True, default="")

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["acknowledged_at", "created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["operation", "due_at"],
                condition=Q(kind="overdue"),
                name="one_overdue_alert_per_deadline",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} alert"

    @property
    def closed_by_system(self) -> bool:
        """Retired by the system once what it asked no longer held
        (``operations.services.alerts.alerts_resolve``): closed with no one acknowledging it.
        Accounts are locked, never deleted, so an acknowledgement keeps its coordinator."""
        return self.acknowledged_at is not None and self.acknowledged_by_id is None
