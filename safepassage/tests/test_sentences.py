"""The shared formats of stored sentences (alerts, trap-check evidence, status reasons): one
way to write a stored time and one way to write a stored choice code, used by all."""

from __future__ import annotations

import datetime
import zoneinfo

from django.utils import timezone, translation

from safepassage.operations import alert_messages
from safepassage.sentences import choice_label, moment
from safepassage.verification import evidence


def test_a_stored_time_is_written_in_the_readers_time_zone() -> None:
    at = datetime.datetime(2026, 3, 1, 8, 5, tzinfo=datetime.UTC).isoformat()
    with timezone.override(zoneinfo.ZoneInfo("Asia/Baghdad")):
        assert moment(at) == "2026-03-01 11:05"
    assert moment("2026-03-01T08:05:00") == "2026-03-01 08:05"  # no zone: as it is
    assert moment("soon") == "soon" and moment(None) == "None"


def test_a_stored_code_is_written_as_its_label_in_the_readers_language() -> None:
    status = choice_label("intel.Member", "status")
    with translation.override("ar"):
        assert status("captured") == str(translation.gettext("Captured")) != "Captured"
    assert status("gone") == "gone"  # a code the field no longer offers: as it is
    assert status(["captured"]) == "['captured']"  # not a code at all: as it is


def test_alerts_and_evidence_use_the_shared_formats() -> None:
    for formats in (alert_messages.FORMATS, evidence.FORMATS):
        assert formats["at"] is moment
    assert alert_messages.FORMATS["due"] is moment and alert_messages.FORMATS["last"] is moment
    with translation.override("ar"):
        assert alert_messages.FORMATS["member_status"]("killed") == str(
            translation.gettext("Killed")
        )
        assert alert_messages.FORMATS["operation_status"]("nope") == "nope"
