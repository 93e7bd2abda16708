from django.contrib.auth.management import create_permissions
from django.db import migrations

from kernel.accounts import groups as G


def _ensure_permissions(apps):
    # Permissions are normally created after all migrations (post_migrate); we need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def create_groups(apps, schema_editor):
    _ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    def perm(app_label, codename):
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)

    shopkeepers, _ = Group.objects.get_or_create(name=G.SHOPKEEPERS)
    shopkeepers.permissions.set([perm(*p) for p in G.SHOPKEEPER_PERMISSIONS])

    staff, _ = Group.objects.get_or_create(name=G.STAFF)
    staff.permissions.set(Permission.objects.filter(content_type__app_label__in=G.STAFF_APPS))

    editors, _ = Group.objects.get_or_create(name=G.EDITORS)
    editors.permissions.set([perm(*p) for p in G.EDITOR_PERMISSIONS])
    root_page = Page.objects.get(depth=1)
    for codename in G.EDITOR_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=editors, page=root_page, permission=perm("wagtailcore", codename)
        )
    root_collection = Collection.objects.get(depth=1)
    for app_label, codename in G.EDITOR_COLLECTION_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=editors, collection=root_collection, permission=perm(app_label, codename)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("shops", "0001_initial"),
        ("partner", "0008_stockrecord_tva_rate_and_more"),
        # The latest migration of each pinned third-party app whose permissions we grant.
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("catalogue", "0032_category_exclude_from_menu_category_long_description"),
        ("order", "0021_billingaddress_code_shippingaddress_code"),
        ("offer", "0013_range_excluded_categories"),
        ("voucher", "0010_auto_20210224_0712"),
        ("customer", "0008_assign_permissions_to_staff"),
        ("reviews", "0005_productreview_code"),
        ("flatpages", "0001_initial"),
        ("communication", "0004_auto_20200801_0817"),
        ("payment", "0005_auto_20200801_0817"),
        ("address", "0007_useraddress_code"),
        ("shipping", "0003_auto_20181115_1953"),
        ("basket", "0012_line_code"),
        ("wishlists", "0004_auto_20220328_0939"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
