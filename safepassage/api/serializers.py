from __future__ import annotations

from typing import Any

from rest_framework import serializers


class MeSerializer(serializers.Serializer[object]):
    id = serializers.UUIDField(read_only=True)
    username = serializers.CharField(source="display_username", read_only=True)
    role = serializers.CharField(read_only=True)


class AlertSerializer(serializers.Serializer[object]):
    id = serializers.UUIDField(read_only=True)
    kind = serializers.CharField(read_only=True)
    message = serializers.CharField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)


class AcknowledgeSerializer(serializers.Serializer[object]):
    note = serializers.CharField(max_length=500)


def validated(serializer: type[serializers.Serializer[Any]], data: Any, **kwargs: Any) -> Any:
    """The input as ``serializer`` validates it; a 400 answer with the field errors otherwise."""
    checked = serializer(data=data, **kwargs)
    checked.is_valid(raise_exception=True)
    return checked.validated_data
