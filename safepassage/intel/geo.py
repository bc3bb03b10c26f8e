"""Coordinates: validation and great-circle distance (no GIS library needed at this scale)."""

from __future__ import annotations

import math
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safepassage.intel.fields import normalise_digits

EARTH_RADIUS_KM = 6371.0088


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in kilometres between two (latitude, longitude) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def bounding_box(centre: tuple[float, float], km: float) -> tuple[float, float, float, float]:
    """A (min_lat, max_lat, min_lon, max_lon) box that holds every point within ``km``."""
    dlat = math.degrees(km / EARTH_RADIUS_KM)
    cos_lat = max(math.cos(math.radians(centre[0])), 1e-6)
    dlon = min(180.0, math.degrees(km / (EARTH_RADIUS_KM * cos_lat)))
    return centre[0] - dlat, centre[0] + dlat, centre[1] - dlon, centre[1] + dlon


# Whole sentences, so each language can word them its own way.
_MISSING = {
    "latitude": gettext_lazy("Give the latitude."),
    "longitude": gettext_lazy("Give the longitude."),
}
_NOT_A_NUMBER = {
    "latitude": gettext_lazy("The latitude must be a number."),
    "longitude": gettext_lazy("The longitude must be a number."),
}


def _number(value: Any, field: str, which: str) -> float:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValidationError({field: str(_MISSING[which])})
    if isinstance(value, bool):
        raise ValidationError({field: str(_NOT_A_NUMBER[which])})
    try:
        number = float(normalise_digits(value))
    except (TypeError, ValueError):
        raise ValidationError({field: str(_NOT_A_NUMBER[which])}) from None
    if not math.isfinite(number):
        raise ValidationError({field: str(_NOT_A_NUMBER[which])})
    return number


def parse_coordinates(
    latitude: Any, longitude: Any, *, lat_field: str = "latitude", lon_field: str = "longitude"
) -> tuple[float, float] | None:
    """Both empty: None. Otherwise both must be numbers in range, or a clear error. Digits
    may be Arabic-Indic or Extended Arabic-Indic, with the Arabic decimal separator."""
    lat_empty = latitude is None or (isinstance(latitude, str) and not latitude.strip())
    lon_empty = longitude is None or (isinstance(longitude, str) and not longitude.strip())
    if lat_empty and lon_empty:
        return None
    errors: dict[str, str] = {}
    lat = lon = 0.0
    try:
        lat = _number(latitude, lat_field, "latitude")
        if not -90 <= lat <= 90:
            errors[lat_field] = _("The latitude must be between -90 and 90.")
    except ValidationError as exc:
        errors[lat_field] = exc.message_dict[lat_field][0]
    try:
        lon = _number(longitude, lon_field, "longitude")
        if not -180 <= lon <= 180:
            errors[lon_field] = _("The longitude must be between -180 and 180.")
    except ValidationError as exc:
        errors[lon_field] = exc.message_dict[lon_field][0]
    if errors:
        raise ValidationError(errors)
    return round(lat, 6), round(lon, 6)
