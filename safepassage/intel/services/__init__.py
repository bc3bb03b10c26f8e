"""Intel services: the only code that writes places, members, holders, incidents and reports."""

from safepassage.intel.services.keys import name_keys_rebuild
from safepassage.intel.services.network import (
    holder_create,
    holder_pretend,
    incident_create,
    incident_pretend,
    member_create,
    member_pretend,
    member_set_status,
    member_set_status_pretend,
)
from safepassage.intel.services.places import (
    ImportResult,
    place_create,
    place_pretend,
    place_set_control,
    place_set_control_pretend,
    places_import_csv,
)
from safepassage.intel.services.reasons import member_reasons_rekey
from safepassage.intel.services.reports import (
    location_report_create,
    location_report_pretend,
    parse_grade,
)

__all__ = [
    "ImportResult",
    "holder_create",
    "holder_pretend",
    "incident_create",
    "incident_pretend",
    "location_report_create",
    "location_report_pretend",
    "member_create",
    "member_pretend",
    "member_reasons_rekey",
    "member_set_status",
    "member_set_status_pretend",
    "name_keys_rebuild",
    "parse_grade",
    "place_create",
    "place_pretend",
    "place_set_control",
    "place_set_control_pretend",
    "places_import_csv",
]
