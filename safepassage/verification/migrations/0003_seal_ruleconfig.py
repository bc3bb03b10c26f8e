"""A rules change's reason (free text) moves into the record's sealed ciphertext."""

from django.db import migrations

from safepassage.vault.sealed import sealing_operations


class Migration(migrations.Migration):
    dependencies = [
        ("verification", "0002_sealed_records"),
    ]

    operations = [
        *sealing_operations("verification", "ruleconfig", ["reason"]),
    ]
