import django.db.models.functions.text
from django.conf import settings
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def new_codenames(codenames: list[str]) -> dict[int, str]:
    """For codenames in the order they were created: the new codename of each one (by its
    place in the list) that differs only in case from an earlier one. The earliest keeps
    its codename; each later one gets " (2)", " (3)", … after it, a codename no other has."""
    taken = {codename.lower() for codename in codenames}
    kept: set[str] = set()
    renamed: dict[int, str] = {}
    for index, codename in enumerate(codenames):
        if codename.lower() not in kept:
            kept.add(codename.lower())
            continue
        n = 2
        while (new := codename[: 64 - len(f" ({n})")] + f" ({n})").lower() in taken:
            n += 1
        taken.add(new.lower())
        kept.add(new.lower())
        renamed[index] = new
    return renamed


def rename_codenames_taken_twice(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    """Before the constraint: operations whose codenames differ only in case (two creations
    at the very same moment could make them) are told apart, so the upgrade never stops."""
    operation = apps.get_model("operations", "Operation")
    rows = operation.objects.using(schema_editor.connection.alias)
    ordered = list(rows.order_by("created_at", "pk").values_list("pk", "codename"))
    for index, new in new_codenames([codename for _, codename in ordered]).items():
        rows.filter(pk=ordered[index][0]).update(codename=new)


class Migration(migrations.Migration):

    dependencies = [
        ('operations', '0003_sealed_records'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(rename_codenames_taken_twice, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='operation',
            constraint=models.UniqueConstraint(django.db.models.functions.text.Lower('codename'), name='operation_codename_unique_any_case'),
        ),
    ]
