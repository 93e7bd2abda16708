from django.db import migrations

from kernel.accounts import groups as G


def moderation(apps, schema_editor):
    """Editors submit pages, senior editors publish them: a new group and the workflow on the whole tree."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    def perm(app_label, codename):
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)

    root_page = Page.objects.get(depth=1)
    root_collection = Collection.objects.get(depth=1)
    senior, _ = Group.objects.get_or_create(name=G.SENIOR_EDITORS)
    senior.permissions.add(*[perm(*p) for p in G.EDITOR_PERMISSIONS])
    for codename in G.SENIOR_EDITOR_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=senior, page=root_page, permission=perm("wagtailcore", codename)
        )
    for app_label, codename in G.EDITOR_COLLECTION_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=senior, collection=root_collection, permission=perm(app_label, codename)
        )
    # Editors no longer publish: they submit to the workflow below.
    GroupPagePermission.objects.filter(group__name=G.EDITORS, permission__codename="publish_page").delete()

    task = GroupApprovalTask.objects.filter(name=G.WORKFLOW_TASK_NAME).first()
    if task is None:
        content_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
        task = GroupApprovalTask.objects.create(name=G.WORKFLOW_TASK_NAME, content_type=content_type, active=True)
    task.groups.set([senior])
    workflow, _ = Workflow.objects.get_or_create(name=G.WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task_id=task.pk, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=root_page, defaults={"workflow": workflow})


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_staff_customer_permissions"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(moderation, migrations.RunPython.noop)]
