from django.contrib.auth.management import create_permissions
from django.db import migrations

from kernel.accounts import groups as G

# The support cell (CCI staff) runs the queue, the hotline and reads the checklists' results; editors build
# the checklists in /cms/ (Wagtail snippets), and see nobody's answers.
STAFF_MODELS = ["hotline", "hotlinerange", "hotlineclosure", "callbackrequest", "callbacknote", "checklistanswer"]
EDITOR_MODELS = ["checklist"]


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations (post_migrate); they are needed now.
    config = apps.get_app_config("pure")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, models in ((G.STAFF, STAFF_MODELS), (G.EDITORS, EDITOR_MODELS)):
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.add(
                *Permission.objects.filter(content_type__app_label="pure", content_type__model__in=models)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("pure", "0001_initial"),
        ("accounts", "0004_staff_customer_permissions"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
