"""Sealed records: each record's encrypted attributes move into one ciphertext.

For each model: add the ``sealed`` column, seal every row's values from its per-column
ciphertexts into it, then drop those columns (docs/decisions/003-one-ciphertext-per-record.md).
"""

from django.db import migrations

from safepassage.vault.sealed import sealing_operations


class Migration(migrations.Migration):
    dependencies = [
        ("verification", "0001_initial"),
    ]

    operations = [
        *sealing_operations("verification", "approval", ["reason"]),
        *sealing_operations("verification", "assessment", ["factors"]),
        *sealing_operations(
            "verification", "rescuerequest", ["notes", "pickup_coordinates", "pickup_text"]
        ),
    ]
