"""API shapes of rescue requests, assessments, approvals and rules."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from safepassage.verification import evidence
from safepassage.verification.rules import FACTOR_BY_CODE


class FactorSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    description = serializers.SerializerMethodField()
    weight = serializers.IntegerField()
    evidence = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_evidence(self, factor: dict[str, Any]) -> list[str]:
        """Each evidence line in the caller's language, as plain text."""
        return [evidence.plain(e) for e in factor.get("evidence", [])]

    def get_description(self, factor: dict[str, Any]) -> str:
        known = FACTOR_BY_CODE.get(str(factor.get("code")))
        return str(known.label) if known else ""


class AssessmentSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField()
    total = serializers.IntegerField()
    threshold = serializers.IntegerField()
    needs_approval = serializers.BooleanField()
    trigger = serializers.CharField()
    created_at = serializers.DateTimeField()
    factors = FactorSerializer(many=True)


class ApprovalSerializer(serializers.Serializer[Any]):
    approver = serializers.CharField(source="approval.approver.username")
    reason = serializers.CharField(source="approval.reason")
    created_at = serializers.DateTimeField(source="approval.created_at")
    valid = serializers.BooleanField()


class RequestSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField(source="request.id")
    person = serializers.UUIDField(source="request.person_id")
    status = serializers.CharField(source="request.status")
    created_at = serializers.DateTimeField(source="request.created_at")
    urgency_claimed = serializers.BooleanField(source="request.urgency_claimed")
    holder_away_claimed = serializers.BooleanField(source="request.holder_away_claimed")
    pickup_at_captive_location = serializers.BooleanField(
        source="request.pickup_at_captive_location"
    )
    network_chosen_meeting_point = serializers.BooleanField(
        source="request.network_chosen_meeting_point"
    )
    assessment = AssessmentSerializer(source="current", allow_null=True)
    approvals = ApprovalSerializer(many=True)
    approvals_needed = serializers.IntegerField()
    cleared = serializers.BooleanField()


class RequestInputSerializer(serializers.Serializer[Any]):
    person = serializers.UUIDField()
    contacts = serializers.ListField(child=serializers.UUIDField(), default=list)
    pickup_place = serializers.UUIDField(required=False, allow_null=True)
    pickup_latitude = serializers.JSONField(required=False, allow_null=True)
    pickup_longitude = serializers.JSONField(required=False, allow_null=True)
    pickup_text = serializers.CharField(required=False, allow_blank=True, default="")
    stated_place = serializers.UUIDField(required=False, allow_null=True)
    stated_holder = serializers.UUIDField(required=False, allow_null=True)
    children_count = serializers.IntegerField(required=False, allow_null=True)
    urgency_claimed = serializers.BooleanField(default=False)
    holder_away_claimed = serializers.BooleanField(default=False)
    pickup_at_captive_location = serializers.BooleanField(default=False)
    network_chosen_meeting_point = serializers.BooleanField(default=False)
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class ReasonSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=2000)


class RulesSerializer(serializers.Serializer[Any]):
    weights = serializers.DictField(child=serializers.JSONField())
    params = serializers.DictField(child=serializers.JSONField(), required=False, default=dict)
    threshold = serializers.JSONField()
    reason = serializers.CharField(required=False, allow_blank=True, default="", write_only=True)
