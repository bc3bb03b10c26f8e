"""A house (where someone is held) keeps its coordinates only encrypted, like a secret place.

The clear latitude and longitude of every house move into its sealed record (its other sealed
values kept, the record sealed again under the current key), the columns are emptied in the
same update, and a constraint keeps them empty. Going back, a house that is not secret has its
coordinates in the clear columns again, as before.
"""

from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from safepassage.vault.sealed import sealed_values, update_sealed_record

# The kinds as this migration knows them, whatever the model says later.
HOUSE_KINDS = ["house"]


def seal_house_coordinates(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    """Move each house's clear coordinates into its sealed record and empty the columns."""
    place = apps.get_model("intel", "Place")
    manager = place._base_manager.using(schema_editor.connection.alias)
    rows = manager.filter(
        models.Q(latitude__isnull=False) | models.Q(longitude__isnull=False),
        kind__in=HOUSE_KINDS,
    )
    for row in rows.iterator(chunk_size=500):
        # Half a pair was never a position (the model reads it as unknown): it goes too.
        pair = (
            None if row.latitude is None or row.longitude is None else [row.latitude, row.longitude]
        )
        update_sealed_record(
            manager, row, {"secret_coordinates": pair}, latitude=None, longitude=None
        )


def unseal_house_coordinates(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    """Put a house that is not secret back as it was: coordinates in the clear columns."""
    place = apps.get_model("intel", "Place")
    manager = place._base_manager.using(schema_editor.connection.alias)
    rows = manager.filter(kind__in=HOUSE_KINDS, is_secret=False, sealed__isnull=False)
    for row in rows.iterator(chunk_size=500):
        pair = sealed_values(row).get("secret_coordinates")
        if isinstance(pair, list) and len(pair) == 2:
            update_sealed_record(
                manager,
                row,
                {"secret_coordinates": None},
                latitude=float(pair[0]),
                longitude=float(pair[1]),
            )


class Migration(migrations.Migration):
    dependencies = [
        ("intel", "0002_sealed_records"),
    ]

    operations = [
        migrations.RunPython(seal_house_coordinates, unseal_house_coordinates),
        migrations.AddConstraint(
            model_name="place",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("kind__in", ["house"]), _negated=True),
                    models.Q(("latitude__isnull", True), ("longitude__isnull", True)),
                    _connector="OR",
                ),
                name="house_no_clear_coordinates",
            ),
        ),
    ]
