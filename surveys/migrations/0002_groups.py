from django.contrib.auth.management import create_permissions
from django.db import migrations

from kernel.accounts import groups as G

# CCI staff import the member list, send the waves and read the answers; editors build the surveys in /cms/
# (Wagtail snippets) and see nobody's answers.
STAFF_MODELS = ["member", "mailing", "invitation", "response", "answer", "wave", "survey"]
EDITOR_MODELS = ["survey", "wave"]


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations (post_migrate); they are needed now.
    config = apps.get_app_config("surveys")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for names, models in (((G.STAFF,), STAFF_MODELS), ((G.EDITORS, G.SENIOR_EDITORS), EDITOR_MODELS)):
        for group in Group.objects.filter(name__in=names):
            group.permissions.add(
                *Permission.objects.filter(content_type__app_label="surveys", content_type__model__in=models)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0001_initial"),
        ("accounts", "0005_senior_editors_and_moderation"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
