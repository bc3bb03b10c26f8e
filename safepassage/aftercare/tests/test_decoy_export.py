"""A decoy's export for investigators holds its pretend testimonies, as a real one holds real.

After the same steps, a decoy coordinator and a real one see the same count and download the
same files (the same columns, records and checksums; only ids, times and codenames differ):
a testimony is in it while her consent to sharing with investigators stands, pretend or
real. The decoy's holds nothing real and writes nothing: no row, audit event or alert.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from typing import Any

import pytest
from django.test import Client

from safepassage.accounts.models import Role
from safepassage.aftercare.models import (
    Arrival,
    Consent,
    FamilyMember,
    Referral,
)
from safepassage.aftercare.models import Testimony as KeptTestimony
from safepassage.aftercare.models import TestimonyReader as KeptReader
from safepassage.aftercare.tests.forms import ARRIVAL, TESTIMONY
from safepassage.audit.models import AuditEvent
from safepassage.conftest import decoy_client, make_user, sign_in
from safepassage.operations.models import Alert
from safepassage.tests.decoy import ID, queued_messages
from safepassage.tracing.models import Person, StatusChange

pytestmark = pytest.mark.django_db

DURESS = "blue-river-duress-77"
FILES = ["testimony.json", "testimony.csv", "manifest.json"]
# A time of recording, consent or export (they differ by a few seconds between sessions).
MOMENT = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+00:00")
COUNT = re.compile(r'<strong id="count">(\d+)</strong>')


def _counts() -> dict[str, int]:
    models = (
        Person,
        StatusChange,
        Arrival,
        FamilyMember,
        Referral,
        Consent,
        KeptTestimony,
        KeptReader,
        AuditEvent,
        Alert,
    )
    return {model.__name__: model.objects.count() for model in models}


def _pair() -> tuple[Client, Client]:
    real = Client()
    sign_in(real, make_user("real-one", Role.COORDINATOR))
    return real, decoy_client(make_user("watched", Role.COORDINATOR), DURESS)


def _care(client: Client, given_name: str, *purposes: str) -> str:
    """Her care page after her arrival, with her consent to each of ``purposes``."""
    arrival = {**ARRIVAL, "given_names": given_name}
    assert client.post("/aftercare/arrival/", {**arrival, "decision": "check"}).status_code == 200
    answer = client.post("/aftercare/arrival/", {**arrival, "decision": "new", "checked": "1"})
    assert answer.status_code == 302
    care = str(answer["Location"])
    for purpose in purposes:
        consent = client.post(f"{care}consents/", {"purpose": purpose, "language": "ar"})
        assert queued_messages(consent) == ["Consent recorded."]
    return care


def _testimony(client: Client, care: str, account: str) -> str:
    """Her testimony kept: the id of its page."""
    answer = client.post(f"{care}testimony/", {**TESTIMONY, "account": account})
    assert answer.status_code == 302
    found = re.fullmatch(r"/aftercare/testimony/([0-9a-f-]{36})/", str(answer["Location"]))
    assert found is not None
    return found.group(1)


def _person_id(care: str) -> str:
    found = ID.search(care)
    assert found is not None
    return found.group(0)


def _count(client: Client) -> int:
    page = client.get("/aftercare/export/")
    assert page.status_code == 200
    found = COUNT.search(page.content.decode())
    assert found is not None
    return int(found.group(1))


def _download(client: Client, address: str = "/aftercare/export/testimony.zip") -> dict[str, bytes]:
    answer = client.get(address) if address.startswith("/api/") else client.post(address)
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/zip"
    assert answer["Cache-Control"] == "no-store"
    assert re.fullmatch(
        r'attachment; filename="testimony-\d{8}-\d{6}\.zip"', answer["Content-Disposition"]
    )
    with zipfile.ZipFile(io.BytesIO(answer.content)) as archive:
        assert archive.namelist() == FILES
        return {name: archive.read(name) for name in FILES}


def _blanked(files: dict[str, bytes], codename: str) -> dict[str, str]:
    """The files as an investigator reads them, ids, times, the exporter and the checksums
    (which follow from those) blanked; each checksum is checked against its file first."""
    manifest = json.loads(files["manifest.json"])
    for name in ("testimony.json", "testimony.csv"):
        assert manifest["files"][name] == {
            "sha256": hashlib.sha256(files[name]).hexdigest(),
            "bytes": len(files[name]),
        }
        manifest["files"][name] = "CHECKED"
    assert manifest["exporter"] == codename
    manifest["exporter"] = "CODENAME"
    blanked = {
        name: MOMENT.sub("WHEN", ID.sub("ID", files[name].decode("utf-8")))
        for name in ("testimony.json", "testimony.csv")
    }
    blanked["manifest.json"] = MOMENT.sub("WHEN", json.dumps(manifest, sort_keys=True))
    return blanked


def _records(files: dict[str, bytes]) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = json.loads(files["testimony.json"])["testimonies"]
    return records


def test_a_pretend_testimony_with_her_consent_to_sharing_is_exported_as_a_real_one() -> None:
    real, decoy = _pair()
    real_care = _care(real, "Leyla", "testimony", "investigators")
    care = _care(decoy, "Leyla", "testimony", "investigators")
    real_id = _testimony(real, real_care, "She was held in a house by the river.")
    pretend_id = _testimony(decoy, care, "She was held in a house by the river.")

    assert _count(real) == 1
    real_files = _download(real)
    assert AuditEvent.objects.filter(action="export").count() == 1  # a real export is audited
    counted = _counts()
    assert _count(decoy) == 1
    files = _download(decoy)
    assert _counts() == counted  # no row, no audit event, no alert

    # The same files: columns, format, record, checksums; only ids, times and codenames differ.
    assert _blanked(files, "watched") == _blanked(real_files, "real-one")
    assert files["testimony.csv"].startswith("\ufeff".encode())
    assert json.loads(files["manifest.json"])["count"] == 1
    # Its own pretend testimony, by her pretend reference, with her pretend consent.
    [record] = _records(files)
    assert record["id"] == pretend_id and record["person_ref"] == _person_id(care)
    assert record["account"] == "She was held in a house by the river."
    consent = record["consent"]
    assert (consent["purpose"], consent["language"]) == ("investigators", "ar")
    assert MOMENT.fullmatch(consent["given_at"])
    assert [event["kind"] for event in record["events"]] == ["sold", "escaped"]
    # Nothing real: neither the real testimony nor her real person.
    for content in files.values():
        assert real_id.encode() not in content
        assert _person_id(real_care).encode() not in content
    assert not KeptTestimony.objects.filter(pk=pretend_id).exists()
    assert [r["id"] for r in _records(real_files)] == [real_id]


def test_a_pretend_testimony_without_her_consent_to_sharing_is_left_out_as_a_real_one() -> None:
    real, decoy = _pair()
    shared = {}
    for client in (real, decoy):
        shared_care = _care(client, "Leyla", "testimony", "investigators")
        kept_care = _care(client, "Hevi", "testimony")  # not to be shared with investigators
        shared[client] = _testimony(client, shared_care, "Taken from the village.")
        _testimony(client, kept_care, "She will not share this.")
        _testimony(client, shared_care, "Sold in the market.")
    counted = _counts()
    assert _count(decoy) == _count(real) == 2
    files = _download(decoy)
    real_files = _download(real)
    assert _blanked(files, "watched") == _blanked(real_files, "real-one")
    # As recorded: both of the woman who agreed, none of the other.
    assert [r["account"] for r in _records(files)] == [
        "Taken from the village.",
        "Sold in the market.",
    ]
    assert _records(files)[0]["id"] == shared[decoy]
    for content in files.values():
        assert b"She will not share this." not in content
    counted.update(AuditEvent=counted["AuditEvent"] + 1)  # the real export's event only
    assert _counts() == counted


def test_a_withdrawn_pretend_consent_to_sharing_leaves_her_testimony_out_as_a_real_one() -> None:
    real, decoy = _pair()
    for client in (real, decoy):
        care = _care(client, "Leyla", "testimony", "investigators")
        _testimony(client, care, "She was held in a house by the river.")
        assert _count(client) == 1
        html = client.get(care).content.decode()
        sharing = re.search(
            r"<li>Sharing her testimony with investigators — [^<]*<form [^>]*"
            r'action="(/aftercare/consents/[0-9a-f-]{36}/withdraw/)"',
            html,
        )
        assert sharing is not None
        withdrawn = client.post(sharing.group(1))
        assert queued_messages(withdrawn) == ["Consent withdrawn."]
    counted = _counts()
    assert _count(decoy) == _count(real) == 0
    files = _download(decoy)
    assert _records(files) == []
    assert _blanked(files, "watched") == _blanked(_download(real), "real-one")
    counted.update(AuditEvent=counted["AuditEvent"] + 1)  # the real export's event only
    assert _counts() == counted


def test_another_decoy_session_exports_none_of_them() -> None:
    _real, decoy = _pair()
    care = _care(decoy, "Leyla", "testimony", "investigators")
    _testimony(decoy, care, "She was held in a house by the river.")
    other = decoy_client(make_user("watched-too", Role.COORDINATOR), DURESS)
    assert _count(other) == 0
    assert _records(_download(other)) == []
    assert _count(decoy) == 1


def test_the_api_export_of_a_decoy_session_holds_its_pretend_testimonies() -> None:
    real, decoy = _pair()
    real_care = _care(real, "Leyla", "testimony", "investigators")
    care = _care(decoy, "Leyla", "testimony", "investigators")
    _testimony(real, real_care, "She was held in a house by the river.")
    pretend_id = _testimony(decoy, care, "She was held in a house by the river.")
    real_files = _download(real, "/api/aftercare/export/testimony/")
    counted = _counts()
    files = _download(decoy, "/api/aftercare/export/testimony/")
    assert _counts() == counted
    assert _blanked(files, "watched") == _blanked(real_files, "real-one")
    assert [r["id"] for r in _records(files)] == [pretend_id]
    assert _blanked(files, "watched") == _blanked(_download(decoy), "watched")
