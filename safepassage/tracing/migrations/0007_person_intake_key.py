from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("tracing", "0006_report_intake_key"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="intake_key",
            field=models.CharField(
                blank=True, default=None, max_length=64, null=True, unique=True
            ),
        ),
    ]
