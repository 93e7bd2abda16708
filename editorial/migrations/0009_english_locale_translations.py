"""Wagtail's internationalisation (issue 16): the English locale beside the French one every page already
has (Wagtail created it from LANGUAGE_CODE), and both editor groups may "Translate" a page."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from kernel.accounts import groups as G

ENGLISH = "en-gb"


def english_locale_and_translators(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    Page = apps.get_model("wagtailcore", "Page")
    french, _ = Locale.objects.get_or_create(language_code="fr")
    # Pages made before a locale existed (none on a Wagtail 8 database, but cheap to be sure) are French.
    Page.objects.filter(locale__isnull=True).update(locale=french)
    Locale.objects.get_or_create(language_code=ENGLISH)

    config = apps.get_app_config("simple_translation")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    translate = Permission.objects.get(content_type__app_label="simple_translation", codename="submit_translation")
    for group in Group.objects.filter(name__in=[G.EDITORS, G.SENIOR_EDITORS]):
        group.permissions.add(translate)


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0008_news_rubric_permissions"),
        ("simple_translation", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(english_locale_and_translators, migrations.RunPython.noop)]
