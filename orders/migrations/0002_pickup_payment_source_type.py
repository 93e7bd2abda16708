"""The Oscar payment source type of orders paid at the counter when collected."""

from django.db import migrations

CODE = "paiement-au-retrait"


def source_type_create(apps, schema_editor):
    SourceType = apps.get_model("payment", "SourceType")
    SourceType.objects.get_or_create(code=CODE, defaults={"name": "Paiement au retrait"})


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0001_initial"),
        ("payment", "0005_auto_20200801_0817"),
    ]

    # Reversing leaves the row: orders already paid this way still point at it.
    operations = [migrations.RunPython(source_type_create, migrations.RunPython.noop)]
