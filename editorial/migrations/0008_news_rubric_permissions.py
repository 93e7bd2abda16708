from django.contrib.auth.management import create_permissions
from django.db import migrations

from kernel.accounts import groups as G


def grant(apps, schema_editor):
    """Both editor groups manage the news rubrics (a snippet)."""
    config = apps.get_app_config("editorial")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    rubric = Permission.objects.filter(content_type__app_label="editorial", content_type__model="newscategory")
    for group in Group.objects.filter(name__in=[G.EDITORS, G.SENIOR_EDITORS]):
        group.permissions.add(*rubric)


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0007_home_sections"),
        ("accounts", "0005_senior_editors_and_moderation"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
