"""System checks: `safepassage check --deploy` warns when keys sit beside the data."""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register


@register(Tags.security, deploy=True)
def keys_off_the_data_disk(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    messages: list[CheckMessage] = []
    if settings.VAULT_DEMO_KEY_PATH.exists():
        messages.append(
            Warning(
                "A demo key is in the data folder: anyone with this disk can read everything.",
                hint="Create a real instance with `safepassage init --passphrase-file ...`.",
                id="safepassage.W001",
            )
        )
    key_file = settings.VAULT_KEY_FILE
    if key_file and os.path.exists(key_file):
        data_dir = settings.DATA_DIR
        if data_dir.exists() and os.stat(key_file).st_dev == os.stat(data_dir).st_dev:
            messages.append(
                Warning(
                    "The key file is on the same disk as the data folder.",
                    hint="Keep SAFEPASSAGE_KEY_FILE on separate media (a USB key), or "
                    "use SAFEPASSAGE_PASSPHRASE_FILE.",
                    id="safepassage.W002",
                )
            )
    if not key_file and not settings.VAULT_PASSPHRASE:
        messages.append(
            Warning(
                "No key source is configured: the vault cannot be unlocked.",
                hint="Set SAFEPASSAGE_KEY_FILE or SAFEPASSAGE_PASSPHRASE(_FILE).",
                id="safepassage.W003",
            )
        )
    return messages
