from __future__ import annotations

from typing import Any

from rest_framework import serializers


class MeSerializer(serializers.Serializer[object]):
    id = serializers.UUIDField(read_only=True)
    username = serializers.CharField(source="display_username", read_only=True)
    role = serializers.CharField(read_only=True)


class AlertSubjectSerializer(serializers.Serializer[object]):
    """The record an alert is about; null when the caller may not see it."""

    type = serializers.CharField(source="kind", read_only=True)
    id = serializers.CharField(read_only=True)
    url = serializers.CharField(read_only=True)


class AlertSerializer(serializers.Serializer[object]):
    """An alert (``operations.selectors.AlertRow``), its message in the caller's language."""

    id = serializers.UUIDField(source="alert.id", read_only=True)
    kind = serializers.CharField(source="alert.kind", read_only=True)
    message = serializers.CharField(source="plain_text", read_only=True)
    created_at = serializers.DateTimeField(source="alert.created_at", read_only=True)
    subject = AlertSubjectSerializer(read_only=True, allow_null=True)


class AcknowledgeSerializer(serializers.Serializer[object]):
    note = serializers.CharField(max_length=500)


def validated(serializer: type[serializers.Serializer[Any]], data: Any, **kwargs: Any) -> Any:
    """The input as ``serializer`` validates it; a 400 answer with the field errors otherwise."""
    checked = serializer(data=data, **kwargs)
    checked.is_valid(raise_exception=True)
    return checked.validated_data
