"""API shapes of intel records: input checks shape only; services check the rules."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import serializers

from safepassage.intel.selectors import ReportNames


class _LinksWithheld(serializers.Serializer[Any]):
    """Ids of linked records the reader may not see are null, with ``…_withheld`` true: the
    view passes the ids shown (``intel.selectors.linked_ids_shown``) as ``names``."""

    # (field, the ReportNames set that holds its ids, the model attribute)
    links: tuple[tuple[str, str, str], ...] = ()

    def _withheld(self, record: Any, field: str) -> bool:
        names: ReportNames = self.context["names"]
        for name, kind, attribute in self.links:
            if name == field:
                value = getattr(record, attribute)
                return value is not None and value not in getattr(names, kind)
        raise KeyError(field)

    def to_representation(self, instance: Any) -> dict[str, Any]:
        data: dict[str, Any] = super().to_representation(instance)
        for name, _kind, _attribute in self.links:
            if self._withheld(instance, name):
                data[name] = None
        return data


class PlaceSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField(read_only=True)
    kind = serializers.CharField(read_only=True)
    is_secret = serializers.BooleanField(read_only=True)
    names = serializers.ListField(child=serializers.CharField(), read_only=True)
    latitude = serializers.SerializerMethodField()
    longitude = serializers.SerializerMethodField()
    control = serializers.CharField(read_only=True)
    control_as_of = serializers.DateField(read_only=True, allow_null=True)
    distance_km = serializers.SerializerMethodField()

    def get_latitude(self, place: Any) -> float | None:
        c = place.coordinates
        return c[0] if c else None

    def get_longitude(self, place: Any) -> float | None:
        c = place.coordinates
        return c[1] if c else None

    def get_distance_km(self, place: Any) -> float | None:
        distances: dict[Any, float | None] = self.context.get("distances", {})
        return distances.get(place.pk)


class PlaceInputSerializer(serializers.Serializer[Any]):
    kind = serializers.CharField(max_length=20)
    names = serializers.ListField(child=serializers.CharField(max_length=200), max_length=20)
    # Numbers or strings: the service gives the message for a bad value.
    latitude = serializers.JSONField(required=False, allow_null=True)
    longitude = serializers.JSONField(required=False, allow_null=True)
    control = serializers.CharField(required=False, default="unknown")
    control_as_of = serializers.DateField(required=False, allow_null=True)
    notes = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)
    secret = serializers.BooleanField(required=False, default=False)


class PlaceQuerySerializer(serializers.Serializer[Any]):
    q = serializers.CharField(required=False, allow_blank=True, max_length=200)
    kind = serializers.CharField(required=False, allow_blank=True, max_length=20)
    lat = serializers.FloatField(required=False, min_value=-90, max_value=90)
    lon = serializers.FloatField(required=False, min_value=-180, max_value=180)
    km = serializers.FloatField(required=False, min_value=0.1, max_value=500, default=10.0)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if ("lat" in attrs) != ("lon" in attrs):
            raise serializers.ValidationError(_("Give both lat and lon, or neither."))
        return attrs


class MemberSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField(read_only=True)
    codename = serializers.CharField(read_only=True)
    role = serializers.CharField(read_only=True)
    region = serializers.CharField(read_only=True)
    status = serializers.CharField(read_only=True)
    channels = serializers.ListField(child=serializers.DictField(), read_only=True)


class MemberInputSerializer(serializers.Serializer[Any]):
    codename = serializers.CharField(max_length=64)
    role = serializers.CharField(max_length=20)
    region = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    channels = serializers.ListField(child=serializers.DictField(), required=False, default=list)
    notes = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)
    account = serializers.UUIDField(
        required=False, allow_null=True, default=None, help_text="The account they sign in with."
    )


class MemberStatusSerializer(serializers.Serializer[Any]):
    status = serializers.CharField(max_length=20)
    reason = serializers.CharField(max_length=2000)


class HolderSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField(read_only=True)
    names = serializers.ListField(child=serializers.CharField(), read_only=True)
    aliases = serializers.ListField(child=serializers.CharField(), read_only=True)


class HolderInputSerializer(serializers.Serializer[Any]):
    names = serializers.ListField(child=serializers.CharField(max_length=200), default=list)
    aliases = serializers.ListField(child=serializers.CharField(max_length=200), default=list)
    places = serializers.ListField(child=serializers.UUIDField(), default=list)
    notes = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class IncidentSerializer(_LinksWithheld):
    links = (("place", "places", "place_id"),)

    id = serializers.UUIDField(read_only=True)
    kind = serializers.CharField(read_only=True)
    occurred_on = serializers.DateField(read_only=True)
    place = serializers.UUIDField(source="place_id", read_only=True, allow_null=True)
    place_withheld = serializers.SerializerMethodField()
    description = serializers.CharField(read_only=True)

    def get_place_withheld(self, incident: Any) -> bool:
        return self._withheld(incident, "place")


class IncidentInputSerializer(serializers.Serializer[Any]):
    kind = serializers.CharField(max_length=12)
    occurred_on = serializers.DateField()
    place = serializers.UUIDField(required=False, allow_null=True)
    latitude = serializers.JSONField(required=False, allow_null=True)
    longitude = serializers.JSONField(required=False, allow_null=True)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    phone_numbers = serializers.ListField(child=serializers.CharField(max_length=50), default=list)
    members = serializers.ListField(child=serializers.UUIDField(), default=list)
    holders = serializers.ListField(child=serializers.UUIDField(), default=list)
    places = serializers.ListField(child=serializers.UUIDField(), default=list)
    persons = serializers.ListField(child=serializers.UUIDField(), default=list)


class LocationReportSerializer(_LinksWithheld):
    links = (
        ("source_member", "members", "source_member_id"),
        ("place", "places", "place_id"),
        ("holder", "holders", "holder_id"),
    )

    id = serializers.UUIDField(read_only=True)
    person = serializers.UUIDField(source="person_id", read_only=True)
    source_member = serializers.UUIDField(
        source="source_member_id", read_only=True, allow_null=True
    )
    source_member_withheld = serializers.SerializerMethodField()
    source_contact = serializers.UUIDField(
        source="source_contact_id", read_only=True, allow_null=True
    )
    place = serializers.UUIDField(source="place_id", read_only=True, allow_null=True)
    place_withheld = serializers.SerializerMethodField()
    place_text = serializers.CharField(read_only=True)
    coordinates = serializers.ListField(
        child=serializers.FloatField(), read_only=True, allow_null=True
    )
    holder = serializers.UUIDField(source="holder_id", read_only=True, allow_null=True)
    holder_withheld = serializers.SerializerMethodField()
    held_since = serializers.DateField(read_only=True, allow_null=True)
    reported_at = serializers.DateTimeField(read_only=True)
    children_count = serializers.IntegerField(read_only=True, allow_null=True)
    source_reliability = serializers.CharField(read_only=True)
    info_credibility = serializers.IntegerField(read_only=True)
    grade = serializers.CharField(read_only=True)
    corroborated = serializers.BooleanField(read_only=True)

    def get_source_member_withheld(self, report: Any) -> bool:
        return self._withheld(report, "source_member")

    def get_place_withheld(self, report: Any) -> bool:
        return self._withheld(report, "place")

    def get_holder_withheld(self, report: Any) -> bool:
        return self._withheld(report, "holder")


class LocationReportInputSerializer(serializers.Serializer[Any]):
    person = serializers.UUIDField()
    source_member = serializers.UUIDField(required=False, allow_null=True)
    source_contact = serializers.UUIDField(required=False, allow_null=True)
    place = serializers.UUIDField(required=False, allow_null=True)
    place_text = serializers.CharField(required=False, allow_blank=True, default="")
    latitude = serializers.JSONField(required=False, allow_null=True)
    longitude = serializers.JSONField(required=False, allow_null=True)
    holder = serializers.UUIDField(required=False, allow_null=True)
    held_since = serializers.DateField(required=False, allow_null=True)
    reported_at = serializers.DateTimeField(required=False, allow_null=True)
    children_count = serializers.IntegerField(required=False, allow_null=True)
    # Free values: the service answers "A to F" / "1 to 6" for anything else.
    source_reliability = serializers.CharField(max_length=5)
    info_credibility = serializers.JSONField()
    corroborated_by = serializers.UUIDField(required=False, allow_null=True)
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class LocationReportQuerySerializer(serializers.Serializer[Any]):
    person = serializers.UUIDField(required=False)
