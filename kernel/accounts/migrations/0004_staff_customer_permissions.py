from django.db import migrations

from kernel.accounts import groups as G


def grant(apps, schema_editor):
    """Give CCI staff Oscar's customer and report screens (user model and analytics)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    staff = Group.objects.filter(name=G.STAFF).first()
    if staff is not None:
        staff.permissions.add(*Permission.objects.filter(content_type__app_label__in=["accounts", "analytics"]))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_user_email_confirmed_at")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
