"""What the vault tells other apps, so it need not know what they keep sealed elsewhere."""

from __future__ import annotations

from django.dispatch import Signal

# Sent during a rotation, inside its transaction, while the vault holds the old data keys
# and the new one (the new one current): a receiver that keeps values sealed outside the
# encrypted columns (a decoy session's pretend records) seals them again under the new key
# before the old keys are forgotten. No arguments beyond ``sender``.
data_key_rotating = Signal()
