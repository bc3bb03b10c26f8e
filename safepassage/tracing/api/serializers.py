"""The tracing API's serializers: the shapes going in and out (no business rules here)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from safepassage.tracing import services, status_reasons
from safepassage.tracing.journey import FLOW_SET, MANUAL_STATUSES
from safepassage.tracing.keys import PersonDetails
from safepassage.tracing.models import (
    NAME_PARTS,
    ContactChannel,
    PersonLinkKind,
    PersonStatus,
    StatusChange,
)
from safepassage.tracing.services.persons import birth_parse


def _names() -> serializers.ListField:
    return serializers.ListField(
        child=serializers.CharField(max_length=200), required=False, default=list
    )


class PersonDetailsSerializer(serializers.Serializer[Any]):
    given_names = _names()
    father_names = _names()
    grandfather_names = _names()
    family_names = _names()
    mother_names = _names()
    nicknames = _names()
    sex = serializers.ChoiceField(choices=["", "f", "m"], required=False, default="")
    birth = serializers.CharField(
        required=False, default="", allow_blank=True, help_text="Year, age or range."
    )
    community = serializers.CharField(required=False, default="", allow_blank=True)
    home_place = serializers.CharField(required=False, default="", allow_blank=True)
    home_place_variants = serializers.ListField(
        child=serializers.CharField(max_length=200),
        required=False,
        default=list,
        help_text="Other spellings of the home place.",
    )
    abducted_on = serializers.DateField(required=False, allow_null=True, default=None)
    abduction_place = serializers.CharField(required=False, default="", allow_blank=True)
    distinguishing_marks = serializers.CharField(required=False, default="", allow_blank=True)

    def validate_birth(self, value: str) -> tuple[int | None, int]:
        try:
            return birth_parse(value)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from None

    @staticmethod
    def details(data: dict[str, Any]) -> PersonDetails:
        year, uncertainty = data.get("birth") or (None, 0)
        return PersonDetails(
            **{part: tuple(data.get(part) or ()) for part in NAME_PARTS},
            nicknames=tuple(data.get("nicknames") or ()),
            sex=data.get("sex", ""),
            birth_year=year,
            birth_year_uncertainty=uncertainty,
            community=data.get("community", ""),
            home_place=data.get("home_place", ""),
            home_place_variants=tuple(data.get("home_place_variants") or ()),
            abducted_on=data.get("abducted_on"),
            abduction_place=data.get("abduction_place", ""),
            distinguishing_marks=data.get("distinguishing_marks", ""),
        )


class PersonUpdateSerializer(PersonDetailsSerializer):
    version = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text="The version you started from (or send its ETag in If-Match).",
    )


class MessageSerializer(serializers.Serializer[Any]):
    detail = serializers.CharField(read_only=True)


class ConflictSerializer(MessageSerializer):
    current_version = serializers.IntegerField(read_only=True)


class ReportInSerializer(serializers.Serializer[Any]):
    reporter_name = serializers.CharField(max_length=200)
    relationship = serializers.CharField(required=False, default="", allow_blank=True)
    reporter_phones = serializers.ListField(
        child=serializers.CharField(max_length=50), required=False, default=list
    )
    reporter_village = serializers.CharField(required=False, default="", allow_blank=True)
    preferred_language = serializers.CharField(
        required=False,
        default="",
        allow_blank=True,
        max_length=10,
        help_text="The language to speak to the family in: ar, ckb, kmr, en, or empty.",
    )
    knowledge = serializers.CharField(required=False, default="", allow_blank=True)
    reported_on = serializers.DateField(required=False, allow_null=True, default=None)

    @staticmethod
    def details(data: dict[str, Any]) -> services.ReportDetails:
        return services.ReportDetails(
            reporter_name=data["reporter_name"],
            relationship=data.get("relationship", ""),
            reporter_phones=tuple(data.get("reporter_phones") or ()),
            reporter_village=data.get("reporter_village", ""),
            preferred_language=data.get("preferred_language", ""),
            knowledge=data.get("knowledge", ""),
            reported_on=data.get("reported_on"),
        )


class IntakeSerializer(serializers.Serializer[Any]):
    person = PersonDetailsSerializer()
    report = ReportInSerializer(required=False)
    attach_to = serializers.UUIDField(
        required=False, allow_null=True, default=None, help_text="The same person, if matched."
    )


class PersonSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField(read_only=True)
    given_names = serializers.ListField(child=serializers.CharField(), read_only=True)
    father_names = serializers.ListField(child=serializers.CharField(), read_only=True)
    grandfather_names = serializers.ListField(child=serializers.CharField(), read_only=True)
    family_names = serializers.ListField(child=serializers.CharField(), read_only=True)
    mother_names = serializers.ListField(child=serializers.CharField(), read_only=True)
    nicknames = serializers.ListField(child=serializers.CharField(), read_only=True)
    sex = serializers.CharField(read_only=True)
    birth_year = serializers.IntegerField(read_only=True, allow_null=True)
    birth_year_uncertainty = serializers.IntegerField(read_only=True)
    community = serializers.CharField(read_only=True)
    home_place = serializers.CharField(read_only=True)
    home_place_variants = serializers.ListField(child=serializers.CharField(), read_only=True)
    abducted_on = serializers.DateField(read_only=True, allow_null=True)
    abduction_place = serializers.CharField(read_only=True)
    distinguishing_marks = serializers.CharField(read_only=True)
    status = serializers.CharField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    version = serializers.IntegerField(
        read_only=True, help_text="Grows with every change; send it back to edit (If-Match)."
    )


class ReportSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField(read_only=True)
    person = serializers.UUIDField(source="person_id", read_only=True)
    reporter_name = serializers.CharField(read_only=True)
    relationship = serializers.CharField(read_only=True)
    reporter_phones = serializers.ListField(child=serializers.CharField(), read_only=True)
    reporter_village = serializers.CharField(read_only=True)
    preferred_language = serializers.CharField(read_only=True)
    names_as_reported = serializers.DictField(read_only=True)
    knowledge = serializers.CharField(read_only=True)
    reported_on = serializers.DateField(read_only=True)


class ContactSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField(read_only=True)
    person = serializers.UUIDField(source="person_id", read_only=True)
    occurred_at = serializers.DateTimeField(read_only=True)
    channel = serializers.CharField(read_only=True)
    number_used = serializers.CharField(read_only=True)
    location_said = serializers.CharField(read_only=True)
    holder_said = serializers.CharField(read_only=True)
    condition = serializers.CharField(read_only=True)
    children_with_her = serializers.CharField(read_only=True)
    what_she_asked = serializers.CharField(read_only=True)
    notes = serializers.CharField(read_only=True)
    auth_outcome = serializers.CharField(read_only=True)
    duress_word_used = serializers.BooleanField(read_only=True)
    all_clear_given = serializers.BooleanField(read_only=True, allow_null=True)


class StatusChangeSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField(read_only=True)
    from_status = serializers.CharField(read_only=True)
    to_status = serializers.CharField(read_only=True)
    reason = serializers.SerializerMethodField()
    changed_at = serializers.DateTimeField(read_only=True)

    def get_reason(self, change: StatusChange) -> str:
        """Why, in the caller's language when the system wrote it; as typed otherwise."""
        return status_reasons.text(change)


class QuestionSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField(read_only=True)
    question = serializers.CharField(read_only=True)


class PersonDetailSerializer(PersonSerializer):
    reports = ReportSerializer(many=True, read_only=True)
    contacts = ContactSerializer(many=True, read_only=True)
    status_changes = StatusChangeSerializer(many=True, read_only=True)
    questions = QuestionSerializer(many=True, read_only=True)


class ContactInSerializer(serializers.Serializer[Any]):
    occurred_at = serializers.DateTimeField()
    channel = serializers.ChoiceField(choices=ContactChannel.choices)
    number_used = serializers.CharField(required=False, default="", allow_blank=True)
    location_said = serializers.CharField(required=False, default="", allow_blank=True)
    holder_said = serializers.CharField(required=False, default="", allow_blank=True)
    condition = serializers.CharField(required=False, default="", allow_blank=True)
    children_with_her = serializers.CharField(required=False, default="", allow_blank=True)
    what_she_asked = serializers.CharField(required=False, default="", allow_blank=True)
    notes = serializers.CharField(required=False, default="", allow_blank=True)
    answers = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        required=False,
        default=dict,
        help_text="Question id -> what she answered.",
    )
    word_used = serializers.CharField(required=False, default="", allow_blank=True)


class ContactOutSerializer(ContactSerializer):
    results = serializers.DictField(child=serializers.BooleanField(), read_only=True)


class ManualStatusField(serializers.ChoiceField):
    """The statuses set by hand, and only those: what the schema lists and what the service
    accepts. A status a flow sets is refused with the message naming that flow (as the person
    page does); any other value with the usual "not a valid choice"."""

    def __init__(self, **kwargs: Any) -> None:
        choices = [(value, PersonStatus(value).label) for value in MANUAL_STATUSES]
        super().__init__(choices=choices, **kwargs)

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, str) and data in FLOW_SET:
            raise serializers.ValidationError(str(FLOW_SET[data]), code="set_by_flow")
        return super().to_internal_value(data)


class StatusInSerializer(serializers.Serializer[Any]):
    status = ManualStatusField()
    reason = serializers.CharField(max_length=2000)


class QuestionInSerializer(serializers.Serializer[Any]):
    question = serializers.CharField(max_length=500)
    answer = serializers.CharField(max_length=200, write_only=True)


class CandidateSerializer(serializers.Serializer[Any]):
    person = PersonSerializer(read_only=True)
    score = serializers.FloatField(read_only=True)
    evidence = serializers.ListField(child=serializers.DictField(), read_only=True)


class DuplicateSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField(read_only=True)
    left = PersonSerializer(read_only=True)
    right = PersonSerializer(read_only=True)
    score = serializers.FloatField(read_only=True)
    evidence = serializers.ListField(child=serializers.DictField(), read_only=True)
    status = serializers.CharField(read_only=True)


class MergeInSerializer(serializers.Serializer[Any]):
    survivor = serializers.UUIDField(required=False, allow_null=True, default=None)


class MergeSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField(read_only=True)
    survivor = serializers.UUIDField(source="survivor_id", read_only=True)
    merged = serializers.UUIDField(source="merged_id", read_only=True)
    merged_at = serializers.DateTimeField(read_only=True)
    undone_at = serializers.DateTimeField(read_only=True, allow_null=True)


class WordsInSerializer(serializers.Serializer[Any]):
    duress_word = serializers.CharField(max_length=100, trim_whitespace=True)
    all_clear_word = serializers.CharField(max_length=100, trim_whitespace=True)
    replace = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Replace words already agreed (she must be told the new ones).",
    )


class WordsOutSerializer(serializers.Serializer[Any]):
    agreed = serializers.IntegerField(read_only=True, help_text="Words now agreed (never shown).")


class LinkInSerializer(serializers.Serializer[Any]):
    other = serializers.UUIDField(help_text="The person taken with her.")
    kind = serializers.ChoiceField(
        choices=PersonLinkKind.choices, help_text="Who the other person is to her."
    )


class LinkRemoveSerializer(serializers.Serializer[Any]):
    link = serializers.UUIDField(help_text="The id of the link to remove.")


class LinkSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField(read_only=True)
    person = serializers.UUIDField(source="person_id", read_only=True)
    other = serializers.UUIDField(source="other_id", read_only=True)
    kind = serializers.CharField(read_only=True)
