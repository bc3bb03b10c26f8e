"""A rules change's reason is free text a coordinator wrote (the trap that prompted it, say):
kept encrypted, and the reasons written before it was are encrypted by the migration."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from safepassage.conftest import row_bytes
from safepassage.verification.models import RuleConfig

REASON = "Raised after the lure at Girêsor: Rûkenê was forced to call"
BEFORE = [("verification", "0002_sealed_records")]
AFTER = [("verification", "0003_seal_ruleconfig")]


def _row_bytes(pk: uuid.UUID) -> bytes:
    return row_bytes("verification_ruleconfig", pk)


def _migrate(target: list[tuple[str, str]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor


@pytest.mark.django_db
def test_a_rules_reason_is_not_stored_in_the_clear() -> None:
    config = RuleConfig.objects.create(weights={}, params={}, threshold=40, reason=REASON)
    assert "Girêsor".encode() not in _row_bytes(config.pk)
    assert RuleConfig.objects.get(pk=config.pk).reason == REASON


@pytest.mark.django_db(transaction=True)
def test_the_migration_encrypts_the_reasons_written_before() -> None:
    try:
        old_apps = _migrate(BEFORE).loader.project_state(BEFORE).apps
        row = old_apps.get_model("verification", "RuleConfig").objects.create(
            weights={}, params={}, threshold=40, reason=REASON
        )
        assert "Girêsor".encode() in _row_bytes(row.pk)  # the check can see it in the clear
        _migrate(AFTER)
        assert "Girêsor".encode() not in _row_bytes(row.pk)
        assert RuleConfig.objects.get(pk=row.pk).reason == REASON
    finally:
        _migrate(AFTER)
