"""Aftercare API shapes: inputs are checked for shape here, business rules in the services."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import serializers

from safepassage.aftercare.models import (
    Arrival,
    Consent,
    ConsentPurpose,
    EventKind,
    FamilyMember,
    NotifyChannel,
    Referral,
    ReferralKind,
    ReferralStatus,
    Testimony,
)
from safepassage.tracing.models import NAME_PARTS


class NamesSerializer(serializers.Serializer[Any]):
    """Her name parts, each a list of spellings in any script."""

    given_names = serializers.ListField(
        child=serializers.CharField(max_length=200), required=False, default=list
    )
    father_names = serializers.ListField(
        child=serializers.CharField(max_length=200), required=False, default=list
    )
    grandfather_names = serializers.ListField(
        child=serializers.CharField(max_length=200), required=False, default=list
    )
    family_names = serializers.ListField(
        child=serializers.CharField(max_length=200), required=False, default=list
    )
    mother_names = serializers.ListField(
        child=serializers.CharField(max_length=200), required=False, default=list
    )
    sex = serializers.ChoiceField(choices=["", "f", "m"], required=False, default="")
    birth_year = serializers.IntegerField(
        min_value=1900, max_value=2100, required=False, allow_null=True, default=None
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not any(attrs.get(part) for part in NAME_PARTS):
            raise serializers.ValidationError(_("Give at least one of her names."))
        return attrs


class ArrivalCandidateSerializer(serializers.Serializer[Any]):
    person = serializers.UUIDField(source="person.pk")
    status = serializers.CharField(source="person.status")
    score = serializers.FloatField()
    evidence = serializers.ListField(child=serializers.DictField())


class ArrivalInputSerializer(NamesSerializer):
    person = serializers.UUIDField(
        required=False, allow_null=True, default=None, help_text="The confirmed person."
    )
    new_person = serializers.BooleanField(
        required=False, default=False, help_text="Nobody reported her: enter a new person."
    )
    arrived_on = serializers.DateField()
    reception_place = serializers.UUIDField(required=False, allow_null=True, default=None)
    reception_text = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )
    received_by = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )
    condition = serializers.CharField(required=False, allow_blank=True, default="")
    immediate_needs = serializers.CharField(required=False, allow_blank=True, default="")
    children_with_her = serializers.CharField(required=False, allow_blank=True, default="")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        if bool(attrs.get("person")) == bool(attrs.get("new_person")):
            raise serializers.ValidationError(
                {"person": _("Give the confirmed person, or new_person: true (not both).")}
            )
        return attrs


class ArrivalSerializer(serializers.ModelSerializer[Arrival]):
    # Encrypted columns are declared, so the decrypted value (not the stored form) goes out.
    reception_text = serializers.CharField(read_only=True)
    received_by = serializers.CharField(read_only=True)
    condition = serializers.CharField(read_only=True)
    immediate_needs = serializers.CharField(read_only=True)
    children_with_her = serializers.CharField(read_only=True)
    names_as_given = serializers.JSONField(read_only=True)

    class Meta:
        model = Arrival
        fields = [
            "id",
            "person",
            "arrived_on",
            "reception_place",
            "reception_text",
            "received_by",
            "condition",
            "immediate_needs",
            "children_with_her",
            "names_as_given",
            "match_score",
            "created_at",
        ]


class FamilyMemberInputSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=200)
    relationship = serializers.CharField(
        max_length=100, required=False, allow_blank=True, default=""
    )
    contact = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    report = serializers.UUIDField(required=False, allow_null=True, default=None)
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class FamilyStepSerializer(serializers.Serializer[Any]):
    """notify: how (and at); met / reunite: on; hold: reason."""

    how = serializers.ChoiceField(choices=NotifyChannel.choices, required=False)
    at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    on = serializers.DateField(required=False, allow_null=True, default=None)
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class FamilyMemberSerializer(serializers.ModelSerializer[FamilyMember]):
    notified_by = serializers.CharField(
        source="notified_by.username", default=None, read_only=True, allow_null=True
    )
    name = serializers.CharField(read_only=True)
    relationship = serializers.CharField(read_only=True)
    contact = serializers.CharField(read_only=True)
    hold_reason = serializers.CharField(read_only=True)

    class Meta:
        model = FamilyMember
        fields = [
            "id",
            "person",
            "name",
            "relationship",
            "contact",
            "report",
            "stage",
            "notified_at",
            "notified_by",
            "notified_how",
            "met_on",
            "reunited_on",
            "hold_reason",
        ]


class ReferralInputSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=ReferralKind.choices)
    service = serializers.CharField(max_length=200)
    she_consents = serializers.BooleanField()
    follow_up_on = serializers.DateField(required=False, allow_null=True, default=None)
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class ReferralUpdateSerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=ReferralStatus.choices, required=False)
    follow_up_on = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ReferralSerializer(serializers.ModelSerializer[Referral]):
    service = serializers.CharField(read_only=True)
    notes = serializers.CharField(read_only=True)

    class Meta:
        model = Referral
        fields = [
            "id",
            "person",
            "kind",
            "service",
            "consent_at",
            "status",
            "follow_up_on",
            "notes",
            "created_at",
        ]


class ConsentInputSerializer(serializers.Serializer[Any]):
    purpose = serializers.ChoiceField(choices=ConsentPurpose.choices)
    language = serializers.CharField(max_length=10)
    given_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class NoteSerializer(serializers.Serializer[Any]):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ConsentSerializer(serializers.ModelSerializer[Consent]):
    class Meta:
        model = Consent
        fields = ["id", "person", "purpose", "given_at", "language", "withdrawn_at"]


class EventSerializer(serializers.Serializer[Any]):
    on = serializers.DateField(required=False, allow_null=True, default=None)
    kind = serializers.ChoiceField(choices=EventKind.choices)
    place = serializers.UUIDField(required=False, allow_null=True, default=None)
    holder = serializers.UUIDField(required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class TestimonyInputSerializer(serializers.Serializer[Any]):
    account = serializers.CharField()
    language = serializers.CharField(max_length=10)
    captivity_from = serializers.DateField(required=False, allow_null=True, default=None)
    captivity_to = serializers.DateField(required=False, allow_null=True, default=None)
    perpetrators = serializers.ListField(
        child=serializers.UUIDField(), required=False, default=list
    )
    places = serializers.ListField(child=serializers.UUIDField(), required=False, default=list)
    events = EventSerializer(many=True, required=False, default=list)


class TestimonySerializer(serializers.ModelSerializer[Testimony]):
    readers = serializers.SerializerMethodField()
    account = serializers.CharField(read_only=True)
    captivity_from = serializers.DateField(read_only=True)
    captivity_to = serializers.DateField(read_only=True)
    events = serializers.JSONField(read_only=True)

    class Meta:
        model = Testimony
        fields = [
            "id",
            "person",
            "account",
            "language",
            "captivity_from",
            "captivity_to",
            "perpetrators",
            "places",
            "events",
            "readers",
            "recorded_at",
        ]

    def get_readers(self, obj: Testimony) -> list[str]:
        return [r.user.username for r in obj.readers.select_related("user")]


class PretendTestimonySerializer(TestimonySerializer):
    """A decoy's testimony, unsaved (``context["reader"]``: the codename it shows): what
    :class:`TestimonySerializer` gives for a saved one, naming its own pretend perpetrators
    and places."""

    perpetrators = serializers.SerializerMethodField()
    places = serializers.SerializerMethodField()

    def get_perpetrators(self, obj: Testimony) -> list[str]:
        return [str(h.pk) for h in obj.pretend_perpetrators]  # type: ignore[attr-defined]

    def get_places(self, obj: Testimony) -> list[str]:
        return [str(p.pk) for p in obj.pretend_places]  # type: ignore[attr-defined]

    def get_readers(self, obj: Testimony) -> list[str]:
        return [str(self.context["reader"])]


class ReaderInputSerializer(serializers.Serializer[Any]):
    user = serializers.UUIDField()
    remove = serializers.BooleanField(required=False, default=False)


class AftercareSerializer(serializers.Serializer[Any]):
    person = serializers.UUIDField(source="person.pk")
    status = serializers.CharField(source="person.status")
    arrivals = ArrivalSerializer(many=True)
    family = FamilyMemberSerializer(many=True)
    referrals = ReferralSerializer(many=True)
    consents = ConsentSerializer(many=True)
    testimonies = serializers.SerializerMethodField()

    def get_testimonies(self, obj: Any) -> list[str]:
        return [str(t.pk) for t in obj.testimonies]
