"""The export of testimony for investigators: only what she agreed to share, checksummed.

Three files (see docs/testimony-export.md): ``testimony.json`` (the full records),
``testimony.csv`` (one row per testimony, for a spreadsheet) and ``manifest.json`` (format,
version, export time, exporter, count and the SHA-256 of the other two). A testimony is
included only while her consent to sharing with investigators stands: withdrawing it removes
her testimony from every later export. Persons appear by a stable pseudonymous reference,
never by name. Every export is in the audit log with the ids it contained.

A duress (decoy) session's export holds its pretend testimonies by the same rule and in the
same files, and is in no audit log: it carries nothing real out, and writes nothing.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import json
import os
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db.models import Max
from django.utils import timezone

from safepassage.accounts.models import User
from safepassage.accounts.permissions import ActionRefused, Capability, require_capability
from safepassage.aftercare.models import Consent, ConsentPurpose, Testimony
from safepassage.audit.services import audit_record
from safepassage.intel.models import Holder, Place
from safepassage.spreadsheet import cell_text

FORMAT = "safepassage-testimony"
VERSION = 1
FILES = ("testimony.json", "testimony.csv")
CSV_COLUMNS = (
    "testimony_id",
    "person_ref",
    "recorded_at",
    "language",
    "consent_given_at",
    "consent_language",
    "captivity_from",
    "captivity_to",
    "perpetrators",
    "places",
    "events",
    "account",
)


@dataclass(frozen=True)
class ExportBundle:
    """The files of one export, by name (manifest included), and how many testimonies."""

    files: dict[str, bytes]
    count: int
    exported_at: str


def exportable_testimonies() -> list[tuple[Testimony, Consent]]:
    """Testimonies whose person's consent to sharing with investigators stands (and was not
    given before she last withdrew one: her latest word decides)."""
    withdrawn = dict(
        Consent.objects.filter(purpose=ConsentPurpose.INVESTIGATORS, withdrawn_at__isnull=False)
        .values("person_id")
        .annotate(last=Max("withdrawn_at"))
        .values_list("person_id", "last")
    )
    consents = {
        c.person_id: c
        for c in Consent.objects.filter(
            purpose=ConsentPurpose.INVESTIGATORS, withdrawn_at__isnull=True
        )
        if c.person_id not in withdrawn or c.given_at >= withdrawn[c.person_id]
    }
    rows = (
        Testimony.objects.filter(person_id__in=list(consents))
        .prefetch_related("perpetrators", "places")
        .order_by("recorded_at", "id")
    )
    return [(t, consents[t.person_id]) for t in rows]


def exportable_pretend(
    testimonies: Iterable[Testimony], consents: Iterable[Consent]
) -> list[tuple[Testimony, Consent]]:
    """:func:`exportable_testimonies` on a decoy's pretend testimonies and consents (unsaved,
    kept in its session): the same rule, in the same order."""
    standing = {
        str(c.person_id): c
        for c in consents
        if c.purpose == ConsentPurpose.INVESTIGATORS and c.withdrawn_at is None
    }
    rows = sorted(
        (t for t in testimonies if str(t.person_id) in standing),
        key=lambda t: (t.recorded_at, t.pk),
    )
    return [(t, standing[str(t.person_id)]) for t in rows]


def _holder(holder: Holder) -> dict[str, Any]:
    return {"id": str(holder.pk), "names": list(holder.names), "aliases": list(holder.aliases)}


def _place(place: Place) -> dict[str, Any]:
    # Secret places (safe houses, reception points) go out by name only, never coordinates.
    coordinates = None if place.is_secret else place.coordinates
    return {
        "id": str(place.pk),
        "kind": place.kind,
        "names": list(place.names),
        "coordinates": list(coordinates) if coordinates else None,
    }


def _date(value: datetime.date | None) -> str:
    return value.isoformat() if value else ""


def _record(
    testimony: Testimony,
    consent: Consent,
    perpetrators: Iterable[Holder],
    places: Iterable[Place],
) -> dict[str, Any]:
    return {
        "id": str(testimony.pk),
        "person_ref": str(testimony.person_id),
        "recorded_at": testimony.recorded_at.isoformat(),
        "language": testimony.language,
        "consent": {
            "purpose": consent.purpose,
            "given_at": consent.given_at.isoformat(),
            "language": consent.language,
        },
        "captivity_from": _date(testimony.captivity_from),
        "captivity_to": _date(testimony.captivity_to),
        "perpetrators": [_holder(h) for h in perpetrators],
        "places": [_place(p) for p in places],
        "events": list(testimony.events),
        "account": testimony.account,
    }


def _csv(records: list[dict[str, Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for r in records:
        cells = [
            r["id"],
            r["person_ref"],
            r["recorded_at"],
            r["language"],
            r["consent"]["given_at"],
            r["consent"]["language"],
            r["captivity_from"],
            r["captivity_to"],
            " | ".join(" / ".join([*h["names"], *h["aliases"]]) for h in r["perpetrators"]),
            " | ".join(" / ".join(p["names"]) for p in r["places"]),
            json.dumps(r["events"], ensure_ascii=False, sort_keys=True),
            r["account"],
        ]
        writer.writerow([cell_text(cell) for cell in cells])
    # A byte-order mark so spreadsheet programs read Arabic and Kurdish as UTF-8.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def testimony_export_build(
    *, actor: User | None, deliver: Callable[[ExportBundle], object] | None = None
) -> ExportBundle:
    """Build the export (coordinators; ``actor`` None is the command line) and audit it.

    ``deliver`` (writing the files) runs before the audit event: an export it could not
    deliver raises, and the log holds no export that did not happen.
    """
    if actor is not None:
        require_capability(actor, Capability.CASES_ALL)
        if actor.is_decoy:  # a duress session must never carry testimony out
            raise ActionRefused("You cannot do this.")
    records = [
        _record(t, c, t.perpetrators.all(), t.places.all()) for t, c in exportable_testimonies()
    ]
    bundle = _bundle(
        records=records, exporter=actor.username if actor is not None else "command line"
    )
    if deliver is not None:
        deliver(bundle)
    audit_record(
        actor=actor,
        action="export",
        object_type=Testimony._meta.label,
        detail={"count": len(records), "ids": [r["id"] for r in records]},
    )
    return bundle


def testimony_export_for_decoy(
    *, actor: User, testimonies: Sequence[tuple[Testimony, Consent]] = ()
) -> ExportBundle:
    """What a duress session gets from the export: its pretend ``testimonies`` (with her
    pretend consent, from :func:`exportable_pretend`), in the files a real export makes.

    It never carries real testimony out, yet a refusal, or an export missing what it
    "recorded", would give it away. A decoy sees no holder and no place of the network: its
    testimonies name its own pretend ones (``pretend_perpetrators``, ``pretend_places``). The
    manifest names the owner's codename, as a real export names its exporter;
    nothing is written, not even an audit event.
    """
    require_capability(actor, Capability.CASES_ALL)  # its role's rights, read-only
    if not actor.is_decoy:
        raise ActionRefused("You cannot do this.")
    records = [
        _record(t, c, t.pretend_perpetrators, t.pretend_places)  # type: ignore[attr-defined]
        for t, c in testimonies
    ]
    return _bundle(records=records, exporter=actor.display_username)


def _bundle(*, records: list[dict[str, Any]], exporter: str) -> ExportBundle:
    exported_at = timezone.now().replace(microsecond=0).isoformat()
    document = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": exported_at,
        "testimonies": records,
    }
    files = {
        "testimony.json": json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True).encode(
            "utf-8"
        ),
        "testimony.csv": _csv(records),
    }
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": exported_at,
        "exporter": exporter,
        "count": len(records),
        "files": {
            name: {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
            for name, data in files.items()
        },
    }
    files["manifest.json"] = json.dumps(manifest, indent=2, sort_keys=True).encode("utf-8")
    return ExportBundle(files=files, count=len(records), exported_at=exported_at)


def bundle_to_zip(bundle: ExportBundle) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in (*FILES, "manifest.json"):
            archive.writestr(name, bundle.files[name])
    return buffer.getvalue()


def bundle_to_directory(bundle: ExportBundle, directory: Path) -> list[Path]:
    """Write the files into an existing, empty folder (refuses to overwrite anything).

    They hold testimony in the clear: readable by their owner only, and all of them or none
    (a file that cannot be written removes those written before it, then ``OSError``).
    """
    paths = [directory / name for name in (*FILES, "manifest.json")]
    written: list[Path] = []
    try:
        for path in paths:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            written.append(path)
            with os.fdopen(fd, "wb") as handle:
                handle.write(bundle.files[path.name])
    except OSError:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return paths


def verify_directory(directory: Path) -> list[str]:
    """Check an export folder against its manifest; the names of files that do not match."""
    manifest = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
    bad = []
    for name, entry in manifest["files"].items():
        data = (directory / name).read_bytes()
        if hashlib.sha256(data).hexdigest() != entry["sha256"]:
            bad.append(name)
    return bad
