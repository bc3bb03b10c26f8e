"""Sealed records: each record's encrypted attributes move into one ciphertext.

For each model: add the ``sealed`` column, seal every row's values from its per-column
ciphertexts into it, then drop those columns (docs/decisions/003-one-ciphertext-per-record.md).
"""

from django.db import migrations

from safepassage.vault.sealed import sealing_operations


class Migration(migrations.Migration):
    dependencies = [
        ("intel", "0001_initial"),
    ]

    operations = [
        *sealing_operations("intel", "holder", ["aliases", "names", "notes"]),
        *sealing_operations("intel", "incident", ["coordinates", "description", "phone_numbers"]),
        *sealing_operations("intel", "locationreport", ["coordinates", "notes", "place_text"]),
        *sealing_operations("intel", "member", ["channels", "notes", "region"]),
        *sealing_operations("intel", "memberstatuschange", ["reason"]),
        *sealing_operations("intel", "place", ["names", "notes", "secret_coordinates"]),
    ]
