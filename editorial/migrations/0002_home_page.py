from django.db import migrations


def create_home_page(apps, schema_editor):
    """Replace Wagtail's placeholder welcome page with our home page, served at /."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    Locale = apps.get_model("wagtailcore", "Locale")
    HomePage = apps.get_model("editorial", "HomePage")

    Page.objects.filter(depth=2, content_type__app_label="wagtailcore", slug="home").delete()
    if HomePage.objects.exists():
        return
    root = Page.objects.get(depth=1)
    content_type, _ = ContentType.objects.get_or_create(app_label="editorial", model="homepage")
    locale = Locale.objects.get_or_create(language_code="fr")[0]
    home = HomePage.objects.create(
        title="En bas de ma rue",
        draft_title="En bas de ma rue",
        slug="accueil",
        content_type=content_type,
        path=f"{root.path}0001",
        depth=2,
        numchild=0,
        url_path="/accueil/",
        locale=locale,
        live=True,
        intro="Vos commerces de proximité, commandés en ligne, retirés en boutique.",
    )
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "site_name": "En bas de ma rue", "root_page": home},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_home_page, migrations.RunPython.noop)]
