"""Sealed records: each record's encrypted attributes move into one ciphertext.

For each model: add the ``sealed`` column, seal every row's values from its per-column
ciphertexts into it, then drop those columns (docs/decisions/003-one-ciphertext-per-record.md).
"""

from django.db import migrations

from safepassage.vault.sealed import sealing_operations


class Migration(migrations.Migration):
    dependencies = [
        ("operations", "0002_operations_checkins"),
    ]

    operations = [
        *sealing_operations("operations", "alert", ["acknowledgement", "message"]),
        *sealing_operations("operations", "checkin", ["note", "position"]),
        *sealing_operations(
            "operations", "operation", ["comm_notes", "objective", "outcome_notes"]
        ),
        *sealing_operations("operations", "supply", ["note"]),
        *sealing_operations("operations", "waypoint", ["note"]),
    ]
