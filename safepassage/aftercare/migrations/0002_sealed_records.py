"""Sealed records: each record's encrypted attributes move into one ciphertext.

For each model: add the ``sealed`` column, seal every row's values from its per-column
ciphertexts into it, then drop those columns (docs/decisions/003-one-ciphertext-per-record.md).
"""

from django.db import migrations

from safepassage.vault.sealed import sealing_operations


class Migration(migrations.Migration):
    dependencies = [
        ("aftercare", "0001_initial"),
    ]

    operations = [
        *sealing_operations(
            "aftercare",
            "arrival",
            [
                "children_with_her",
                "condition",
                "immediate_needs",
                "names_as_given",
                "received_by",
                "reception_text",
            ],
        ),
        *sealing_operations("aftercare", "consent", ["note"]),
        *sealing_operations(
            "aftercare", "familymember", ["contact", "hold_reason", "name", "notes", "relationship"]
        ),
        *sealing_operations("aftercare", "referral", ["notes", "service"]),
        *sealing_operations(
            "aftercare", "testimony", ["account", "captivity_from", "captivity_to", "events"]
        ),
    ]
