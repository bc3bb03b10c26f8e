"""The gazetteer: create places, record who controls an area, import a CSV."""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from safepassage.accounts.decoy import pretend_clean, require_decoy_writer
from safepassage.accounts.models import User
from safepassage.accounts.permissions import Capability, require_capability
from safepassage.audit.services import audit_record
from safepassage.intel.geo import parse_coordinates
from safepassage.intel.models import SECRET_KINDS, Control, Place, PlaceKind, PlaceNameKey
from safepassage.intel.names import clean_names, name_keys
from safepassage.intel.services._common import grant_creator

MAX_NAMES = 20


def _parse_date(value: Any, field_name: str) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValidationError({field_name: _("Enter a date as YYYY-MM-DD.")}) from None


def _control_date(value: Any) -> datetime.date | None:
    """The day control was last known: a date, not in the future."""
    day = _parse_date(value, "control_as_of")
    if day is not None and day > datetime.date.today():  # noqa: DTZ011
        raise ValidationError({"control_as_of": _("Control cannot be known on a future date.")})
    return day


def _place_values(
    *,
    kind: str,
    names: list[str],
    latitude: Any = None,
    longitude: Any = None,
    control: str = Control.UNKNOWN,
    control_as_of: Any = None,
    notes: str = "",
    secret: bool = False,
) -> dict[str, Any]:
    """Check one place's values; every problem is reported at once, by field."""
    errors: dict[str, list[str]] = {}
    if kind not in PlaceKind.values:
        errors["kind"] = [
            _("Unknown kind; choose one of: %(choices)s.")
            % {"choices": ", ".join(PlaceKind.values)}
        ]
    cleaned = clean_names(names)
    if not cleaned:
        errors["names"] = [_("Give at least one name.")]
    elif len(cleaned) > MAX_NAMES or any(len(n) > 200 for n in cleaned):
        errors["names"] = [
            _("At most %(count)s names of up to 200 characters each.") % {"count": MAX_NAMES}
        ]
    if control not in Control.values:
        errors["control"] = [
            _("Unknown control; choose one of: %(choices)s.")
            % {"choices": ", ".join(Control.values)}
        ]
    coordinates = None
    as_of = None
    try:
        coordinates = parse_coordinates(latitude, longitude)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        as_of = _control_date(control_as_of)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    return {
        "kind": kind,
        "names": cleaned,
        "coordinates": coordinates,
        "control": control,
        "control_as_of": as_of,
        "notes": notes.strip(),
        "secret": bool(secret) or kind in SECRET_KINDS,
    }


def _built_place(*, actor: User | None, values: dict[str, Any]) -> Place:
    """The unsaved place the checked values make (a secret place's or a house's coordinates
    held encrypted only)."""
    place = Place(
        kind=values["kind"],
        is_secret=values["secret"],
        names=values["names"],
        control=values["control"],
        control_as_of=values["control_as_of"],
        notes=values["notes"],
        created_by=actor,
    )
    # Sealed for a secret place or a house, in the clear columns for public geography.
    place.coordinates = values["coordinates"]
    return place


def _save_place(*, actor: User | None, values: dict[str, Any]) -> Place:
    place = _built_place(actor=actor, values=values)
    place.full_clean()
    place.save()
    PlaceNameKey.objects.bulk_create(
        PlaceNameKey(place=place, key=key)
        for key in sorted(name_keys(values["names"], purpose="place"))
    )
    return place


def place_create(
    *,
    actor: User,
    kind: str,
    names: list[str],
    latitude: Any = None,
    longitude: Any = None,
    control: str = Control.UNKNOWN,
    control_as_of: Any = None,
    notes: str = "",
    secret: bool = False,
) -> Place:
    """Add a place to the gazetteer. Safe houses and reception points are always secret; a
    house keeps its coordinates only encrypted (who may see it does not change)."""
    require_capability(actor, Capability.CASES_WRITE)
    values = _place_values(
        kind=kind,
        names=names,
        latitude=latitude,
        longitude=longitude,
        control=control,
        control_as_of=control_as_of,
        notes=notes,
        secret=secret,
    )
    with transaction.atomic():
        place = _save_place(actor=actor, values=values)
        grant_creator(actor, place)
        audit_record(
            actor=actor,
            action="create",
            obj=place,
            detail={"kind": place.kind, "secret": place.is_secret},
        )
    return place


def place_pretend(*, actor: User, **values: Any) -> Place:
    """:func:`place_create` for a decoy: the same checks, nothing written; the unsaved place
    (a random id, as a stored row's) is what the decoy's session keeps."""
    require_decoy_writer(actor)
    place = _built_place(actor=actor, values=_place_values(**values))
    pretend_clean(place, new_id=True)
    place.created_at = place.updated_at = timezone.now()
    return place


def _control_checked(control: str, as_of: Any) -> datetime.date:
    """The day of a new control, checked (a known control, a date not to come; today if
    none is given)."""
    if control not in Control.values:
        raise ValidationError(
            {
                "control": _("Unknown control; choose one of: %(choices)s.")
                % {"choices": ", ".join(Control.values)}
            }
        )
    return _control_date(as_of) or datetime.date.today()  # noqa: DTZ011


def _not_older(date: datetime.date, known: datetime.date | None) -> None:
    """Refuse a control older than the one known: a report typed in late must not replace
    what is known since."""
    if known is not None and date < known:
        raise ValidationError(
            {
                "control_as_of": _(
                    "Control is already known on %(date)s, a later date; record only newer "
                    "knowledge."
                )
                % {"date": known.isoformat()}
            }
        )


def place_set_control(*, actor: User, place: Place, control: str, as_of: Any = None) -> Place:
    """Record who controls the area now, and the date that was last known."""
    require_capability(actor, Capability.CASES_WRITE)
    date = _control_checked(control, as_of)
    with transaction.atomic():
        known = (
            Place.objects.select_for_update()
            .filter(pk=place.pk)
            .values_list("control_as_of", flat=True)
            .first()
        )
        _not_older(date, known)
        place.control = control
        place.control_as_of = date
        place.full_clean()
        place.save(update_fields=["control", "control_as_of", "updated_at"])
        audit_record(
            actor=actor,
            action="update",
            obj=place,
            detail={"fields": ["control", "control_as_of"], "control": control},
        )
    from safepassage.intel.services._common import recompute_for

    recompute_for(trigger="place.control")
    return place


def place_set_control_pretend(
    *, actor: User, place: Place, control: str, as_of: Any = None
) -> Place:
    """:func:`place_set_control` for a decoy's pretend place: the same checks, nothing
    written; the place changed in memory, for its session to keep."""
    require_decoy_writer(actor)
    date = _control_checked(control, as_of)
    _not_older(date, place.control_as_of)
    place.control, place.control_as_of = control, date
    place.updated_at = timezone.now()
    return place


# --- CSV import ----------------------------------------------------------------------------

CSV_COLUMNS = ("kind", "names", "latitude", "longitude", "control", "control_as_of", "notes")
MAX_IMPORT_ROWS = 50_000


@dataclass
class ImportResult:
    """What an import found: rows read, rows written (0 on a dry run or any error), errors."""

    rows: int = 0
    created: int = 0
    dry_run: bool = False
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _truthy(value: str) -> bool:
    return value.strip().casefold() in {"1", "yes", "true", "y", "x"}


def places_import_csv(*, actor: User | None, text: str, dry_run: bool = False) -> ImportResult:
    """Import places from CSV text: every row is checked first; one bad row writes nothing.

    Columns: kind, names (spellings separated by ``|``), latitude, longitude, control,
    control_as_of (YYYY-MM-DD), notes, and optionally secret (yes/no). ``actor`` None is the
    command line. Each problem is one message in the active language, framed with its line
    and column ("line 4: latitude: ..."; the column as the file's header names it).
    """
    if actor is not None:
        require_capability(actor, Capability.CASES_WRITE)
    result = ImportResult(dry_run=dry_run)
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in ("kind", "names") if c not in header]
    if missing:
        result.errors.append(
            _("header: missing column(s) %(columns)s") % {"columns": ", ".join(missing)}
        )
        return result
    unknown = [h for h in header if h not in (*CSV_COLUMNS, "secret")]
    if unknown:
        result.errors.append(
            _("header: unknown column(s) %(columns)s") % {"columns": ", ".join(unknown)}
        )
        return result
    rows: list[dict[str, Any]] = []
    try:
        for line_no, raw in enumerate(reader, start=2):
            result.rows += 1
            if result.rows > MAX_IMPORT_ROWS:
                result.errors.append(
                    _("more than %(count)s rows; split the file") % {"count": MAX_IMPORT_ROWS}
                )
                return result
            row = {(k or "").strip(): (v or "").strip() for k, v in raw.items() if k}
            if None in raw:
                result.errors.append(
                    _("line %(line)s: more values than columns") % {"line": line_no}
                )
                continue
            try:
                rows.append(
                    _place_values(
                        kind=row.get("kind", ""),
                        names=row.get("names", "").split("|"),
                        latitude=row.get("latitude"),
                        longitude=row.get("longitude"),
                        control=row.get("control") or Control.UNKNOWN,
                        control_as_of=row.get("control_as_of"),
                        notes=row.get("notes", ""),
                        secret=_truthy(row.get("secret", "")),
                    )
                )
            except ValidationError as exc:
                for name, messages in exc.message_dict.items():
                    result.errors.append(
                        _("line %(line)s: %(column)s: %(problem)s")
                        % {"line": line_no, "column": name, "problem": " ".join(messages)}
                    )
    except csv.Error as exc:
        result.errors.append(
            _("the file is not valid CSV (%(error)s)") % {"error": exc.__class__.__name__}
        )
    if result.errors or dry_run:
        return result
    with transaction.atomic():
        for values in rows:
            place = _save_place(actor=actor, values=values)
            if actor is not None:
                grant_creator(actor, place)
        result.created = len(rows)
        audit_record(
            actor=actor,
            action="import",
            object_type=Place._meta.label,
            detail={"created": result.created},
        )
    return result
