import json
import uuid

from django.db import migrations

# What the home page showed before editors could arrange it, as sections: it looks the same until
# an editor changes it.
LAYOUT = [
    ("hero", {"title": "", "text": "", "image": None, "search": True}),
    ("shops_near", {"title": ""}),
    ("new_shops", {"title": "", "count": 8}),
]
LAYOUT_TYPES = {name for name, _value in LAYOUT}


def _with_layout(raw: list) -> list | None:
    if any(block.get("type") in LAYOUT_TYPES for block in raw):
        return None
    return [{"type": name, "value": value, "id": str(uuid.uuid4())} for name, value in LAYOUT] + raw


def _raw(value) -> list:
    if isinstance(value, str):
        return json.loads(value or "[]")
    return list(getattr(value, "raw_data", value) or [])


def home_sections(apps, schema_editor):
    HomePage = apps.get_model("editorial", "HomePage")
    Revision = apps.get_model("wagtailcore", "Revision")
    for home in HomePage.objects.all():
        body = _with_layout(_raw(home.body))
        if body is None:
            continue
        home.body = json.dumps(body)
        home.save(update_fields=["body"])
        # The editor opens the latest revision: it gets the same sections.
        for revision in Revision.objects.filter(
            content_type__app_label="editorial", content_type__model="homepage", object_id=str(home.pk)
        ).order_by("-pk")[:1]:
            content = revision.content
            revised = _with_layout(_raw(content.get("body")))
            if revised is not None:
                content["body"] = json.dumps(revised)
                revision.content = content
                revision.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [("editorial", "0003_editorial_site"), ("wagtailcore", "0098_apitoken")]

    operations = [migrations.RunPython(home_sections, migrations.RunPython.noop)]
