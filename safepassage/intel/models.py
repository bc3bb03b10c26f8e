"""Intelligence: the gazetteer, the network's members, holders, incidents and location reports.

What could get someone killed if a disk were seized is encrypted: every name, alias, phone
number, free-text note and the coordinates of secret places (safe houses, reception points),
of houses (where someone is held) and of reported places of captivity. Name searches use keyed
hashes of spelling skeletons (:class:`PlaceNameKey`, :class:`HolderNameKey`), so finding
"Xelîl" never decrypts the table. Public geography (villages, towns, checkpoints, crossing
points) keeps plain coordinates so "near a point" is a query.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from safepassage.choices import ChoiceLabelsMixin
from safepassage.vault.sealed import SealedCharField, SealedJSONField, SealedModel, SealedTextField


class PlaceKind(models.TextChoices):
    VILLAGE = "village", _("Village")
    TOWN = "town", _("Town")
    HOUSE = "house", _("House")
    CHECKPOINT = "checkpoint", _("Checkpoint")
    CROSSING = "crossing", _("Crossing point")
    SAFE_HOUSE = "safe_house", _("Safe house")
    RECEPTION = "reception", _("Reception point")


# Kinds that are always secret: visible only to those assigned to them.
SECRET_KINDS = frozenset({PlaceKind.SAFE_HOUSE, PlaceKind.RECEPTION})

# Kinds whose coordinates are kept only encrypted even when the place is not secret: a house
# is where someone is held. Who may see such a place does not change (``is_secret`` decides).
SEALED_COORDINATE_KINDS = frozenset({PlaceKind.HOUSE})

# The places whose coordinates are encrypted, as a query.
COORDINATES_SEALED = Q(is_secret=True) | Q(
    kind__in=sorted(k.value for k in SEALED_COORDINATE_KINDS)
)


class Control(models.TextChoices):
    UNKNOWN = "unknown", _("Unknown")
    HOSTILE = "hostile", _("Hostile")
    CONTESTED = "contested", _("Contested")
    SAFE = "safe", _("Safe")


class Place(SealedModel):
    """A place in the gazetteer. Secret places and houses hold their coordinates only encrypted
    (in ``secret_coordinates``); other places in the clear ``latitude``/``longitude``."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=20, choices=PlaceKind.choices)
    is_secret = models.BooleanField(default=False)
    # Every spelling, in any script; the first is the one pages show.
    names = SealedJSONField(default=list, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    secret_coordinates = SealedJSONField(null=True, blank=True)
    control = models.CharField(max_length=12, choices=Control.choices, default=Control.UNKNOWN)
    control_as_of = models.DateField(null=True, blank=True)
    notes = SealedTextField(blank=True, default="")
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "created_at"]
        indexes = [models.Index(fields=["latitude", "longitude"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="place_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="place_longitude_range",
            ),
            # A secret place never has clear coordinates on disk.
            models.CheckConstraint(
                condition=Q(is_secret=False) | Q(latitude__isnull=True, longitude__isnull=True),
                name="secret_place_no_clear_coordinates",
            ),
            # Nor does a house, though it may be seen by every case reader.
            models.CheckConstraint(
                condition=~Q(kind__in=sorted(k.value for k in SEALED_COORDINATE_KINDS))
                | Q(latitude__isnull=True, longitude__isnull=True),
                name="house_no_clear_coordinates",
            ),
            models.CheckConstraint(
                condition=Q(is_secret=True) | ~Q(kind__in=sorted(k.value for k in SECRET_KINDS)),
                name="secret_kinds_are_secret",
            ),
        ]

    def __str__(self) -> str:
        return f"place {self.pk}"

    @property
    def name(self) -> str:
        return str(self.names[0]) if self.names else ""

    @property
    def coordinates_sealed(self) -> bool:
        """Whether this place's coordinates are kept only encrypted (secret, or a house)."""
        return self.is_secret or self.kind in SEALED_COORDINATE_KINDS

    @property
    def coordinates(self) -> tuple[float, float] | None:
        """(latitude, longitude), decrypted where they are sealed; None when unknown."""
        return self._sealed_pair() if self.coordinates_sealed else self._clear_pair()

    @coordinates.setter
    def coordinates(self, value: tuple[float, float] | None) -> None:
        """Keep the coordinates where the place's kind and secrecy say, and only there."""
        self.latitude = self.longitude = None
        self.secret_coordinates = None
        if value is None:
            return
        if self.coordinates_sealed:
            self.secret_coordinates = [float(value[0]), float(value[1])]
        else:
            self.latitude, self.longitude = float(value[0]), float(value[1])

    def clean(self) -> None:
        # A kind or secrecy that changed moves the coordinates in or out of the sealed record:
        # a village marked a house must not keep them in the clear columns.
        self.coordinates = self._sealed_pair() or self._clear_pair()

    def from_older_release(self) -> None:
        """Restored from an older release's backup, where a house kept its coordinates in
        the clear columns: they move into the sealed record, as the migration moved them."""
        self.clean()

    def _sealed_pair(self) -> tuple[float, float] | None:
        value = self.secret_coordinates
        if isinstance(value, list | tuple) and len(value) == 2:
            return float(value[0]), float(value[1])
        return None

    def _clear_pair(self) -> tuple[float, float] | None:
        if self.latitude is None or self.longitude is None:
            return None
        return self.latitude, self.longitude


class PlaceNameKey(models.Model):
    """A keyed hash of one spelling skeleton of a place name (search without decrypting)."""

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="name_keys")
    key = models.CharField(max_length=32, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["place", "key"], name="place_name_key_unique")
        ]

    def __str__(self) -> str:
        return "place name key"


class MemberRole(models.TextChoices):
    SOURCE = "source", _("Insider / source")
    GUIDE = "guide", _("Guide")
    DRIVER = "driver", _("Driver")
    KEEPER = "keeper", _("Safe-house keeper")
    CASEWORKER = "caseworker", _("Caseworker")
    COORDINATOR = "coordinator", _("Coordinator")


class MemberStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    MISSING = "missing", _("Missing")
    COMPROMISED = "compromised", _("Compromised")
    CAPTURED = "captured", _("Captured")
    KILLED = "killed", _("Killed")


# A member in one of these states may be speaking for the other side, or the other side may
# hold their phone and account (a member killed by them leaves both in their hands).
UNSAFE_MEMBER_STATUSES = frozenset(
    {MemberStatus.COMPROMISED, MemberStatus.CAPTURED, MemberStatus.MISSING, MemberStatus.KILLED}
)


class Member(SealedModel):
    """A member of the network, known by a codename.

    ``user`` links the account the member signs in with, so a later compromise report can
    list what that account could see (grants) and did see (audit events by that actor).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    codename = models.CharField(max_length=64, unique=True)
    role = models.CharField(max_length=20, choices=MemberRole.choices)
    region = SealedCharField(max_length=200, blank=True, default="")
    status = models.CharField(
        max_length=20, choices=MemberStatus.choices, default=MemberStatus.ACTIVE
    )
    # [{"kind": "phone" | "messenger" | "other", "value": "..."}]
    channels = SealedJSONField(default=list, blank=True)
    user = models.OneToOneField(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="member",
    )
    notes = SealedTextField(blank=True, default="")
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["codename"]
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return self.codename


class MemberStatusChange(SealedModel):
    """Every change of a member's status: who recorded it, when, why (``intel.member_reasons``)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=MemberStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=MemberStatus.choices)
    # Why: as a coordinator typed it, or (a change the system makes) the English sentence kept
    # for the record...
    reason = SealedTextField(blank=True, default="")
    # ...with its key of intel.member_reasons and its values (the operation's codename), so
    # the member's history says it in each reader's language. Empty for a typed reason.
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


class Holder(SealedModel):
    """Someone who holds captives: names and aliases, the places linked to them."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    names = SealedJSONField(default=list, blank=True)
    aliases = SealedJSONField(default=list, blank=True)
    places = models.ManyToManyField(Place, blank=True, related_name="holders")
    notes = SealedTextField(blank=True, default="")
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"holder {self.pk}"

    @property
    def name(self) -> str:
        for value in (*self.names, *self.aliases):
            return str(value)
        return ""


class HolderNameKey(models.Model):
    """A keyed hash of a holder's name or alias skeleton."""

    holder = models.ForeignKey(Holder, on_delete=models.CASCADE, related_name="name_keys")
    key = models.CharField(max_length=32, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["holder", "key"], name="holder_name_key_unique")
        ]

    def __str__(self) -> str:
        return "holder name key"


class IncidentKind(models.TextChoices):
    TRAP = "trap", _("Trap")
    AMBUSH = "ambush", _("Ambush")
    ARREST = "arrest", _("Arrest")
    BETRAYAL = "betrayal", _("Betrayal")


class Incident(SealedModel):
    """Something that went wrong: a trap, an ambush, an arrest, a betrayal. Feeds the trap check."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=12, choices=IncidentKind.choices)
    occurred_on = models.DateField()
    place = models.ForeignKey(
        Place, null=True, blank=True, on_delete=models.PROTECT, related_name="incidents"
    )
    # Where it happened when no gazetteer place fits: [latitude, longitude].
    coordinates = SealedJSONField(null=True, blank=True)
    description = SealedTextField(blank=True, default="")
    phone_numbers = SealedJSONField(default=list, blank=True)
    members = models.ManyToManyField(Member, blank=True, related_name="incidents")
    holders = models.ManyToManyField(Holder, blank=True, related_name="incidents")
    places = models.ManyToManyField(Place, blank=True, related_name="incidents_involved")
    persons = models.ManyToManyField("tracing.Person", blank=True, related_name="incidents")
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_on", "-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk}"

    def location(self) -> tuple[float, float] | None:
        if isinstance(self.coordinates, list | tuple) and len(self.coordinates) == 2:
            return float(self.coordinates[0]), float(self.coordinates[1])
        return self.place.coordinates if self.place is not None else None


class SourceReliability(models.TextChoices):
    A = "A", _("A: completely reliable")
    B = "B", _("B: usually reliable")
    C = "C", _("C: fairly reliable")
    D = "D", _("D: not usually reliable")
    E = "E", _("E: unreliable")
    F = "F", _("F: reliability cannot be judged")


class InfoCredibility(models.IntegerChoices):
    CONFIRMED = 1, _("1: confirmed by other sources")
    PROBABLY = 2, _("2: probably true")
    POSSIBLY = 3, _("3: possibly true")
    DOUBTFUL = 4, _("4: doubtful")
    IMPROBABLE = 5, _("5: improbable")
    UNKNOWN = 6, _("6: truth cannot be judged")


class LocationReport(ChoiceLabelsMixin, SealedModel):
    """Where a person is held, by whom, since when: from a member or from a contact, graded."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(
        "tracing.Person", on_delete=models.PROTECT, related_name="location_reports"
    )
    source_member = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.PROTECT, related_name="location_reports"
    )
    source_contact = models.ForeignKey(
        "tracing.Contact",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="location_reports",
    )
    place = models.ForeignKey(
        Place, null=True, blank=True, on_delete=models.PROTECT, related_name="location_reports"
    )
    place_text = SealedTextField(blank=True, default="")
    coordinates = SealedJSONField(null=True, blank=True)
    holder = models.ForeignKey(
        Holder, null=True, blank=True, on_delete=models.PROTECT, related_name="location_reports"
    )
    held_since = models.DateField(null=True, blank=True)
    reported_at = models.DateTimeField()
    children_count = models.PositiveSmallIntegerField(null=True, blank=True)
    source_reliability = models.CharField(max_length=1, choices=SourceReliability.choices)
    info_credibility = models.PositiveSmallIntegerField(choices=InfoCredibility.choices)
    corroborated = models.BooleanField(default=False)
    corroborated_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="corroborates"
    )
    notes = SealedTextField(blank=True, default="")
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-reported_at", "-created_at"]
        indexes = [models.Index(fields=["person", "reported_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(source_member__isnull=False, source_contact__isnull=True)
                | Q(source_member__isnull=True, source_contact__isnull=False),
                name="location_report_one_source",
            ),
            models.CheckConstraint(
                condition=Q(source_reliability__in=["A", "B", "C", "D", "E", "F"]),
                name="location_report_reliability_a_f",
            ),
            models.CheckConstraint(
                condition=Q(info_credibility__gte=1, info_credibility__lte=6),
                name="location_report_credibility_1_6",
            ),
        ]

    def __str__(self) -> str:
        return f"location report {self.pk}"

    @property
    def grade(self) -> str:
        return f"{self.source_reliability}{self.info_credibility}"

    @property
    def source_key(self) -> str:
        """Who the information came from; two reports with one source are not independent."""
        if self.source_member_id is not None:
            return f"member:{self.source_member_id}"
        # Everything she said herself is one source: if she is coerced, every call is.
        return f"captive:{self.person_id}"

    def location(self) -> tuple[float, float] | None:
        if isinstance(self.coordinates, list | tuple) and len(self.coordinates) == 2:
            return float(self.coordinates[0]), float(self.coordinates[1])
        return self.place.coordinates if self.place is not None else None
