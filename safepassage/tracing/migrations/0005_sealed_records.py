"""Sealed records: each record's encrypted attributes move into one ciphertext.

For each model: add the ``sealed`` column, seal every row's values from its per-column
ciphertexts into it, then drop those columns (docs/decisions/003-one-ciphertext-per-record.md).
"""

from django.db import migrations

from safepassage.vault.sealed import sealing_operations


class Migration(migrations.Migration):
    dependencies = [
        ("tracing", "0004_blockingkey_key_person"),
    ]

    operations = [
        *sealing_operations("tracing", "authsecret", ["question"]),
        *sealing_operations(
            "tracing",
            "contact",
            [
                "children_with_her",
                "condition",
                "holder_said",
                "location_said",
                "notes",
                "number_used",
                "what_she_asked",
            ],
        ),
        *sealing_operations("tracing", "duplicatecandidate", ["evidence"]),
        *sealing_operations("tracing", "merge", ["reason", "survivor_before"]),
        *sealing_operations(
            "tracing",
            "person",
            [
                "abducted_on",
                "abduction_place",
                "community",
                "distinguishing_marks",
                "family_names",
                "father_names",
                "given_names",
                "grandfather_names",
                "home_place",
                "mother_names",
                "nicknames",
                "source_ref",
            ],
        ),
        *sealing_operations(
            "tracing",
            "report",
            [
                "knowledge",
                "names_as_reported",
                "relationship",
                "reporter_name",
                "reporter_phones",
                "reporter_village",
            ],
        ),
        *sealing_operations("tracing", "statuschange", ["reason"]),
    ]
