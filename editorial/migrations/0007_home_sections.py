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


# The French sections and their English twin (editorial 0004): an English text already written gets the
# same sections around it, since the English home shows its own sections once it has any.
FIELDS = ("body", "body_en")


def _with_layout_unless_empty(field: str, raw: list) -> list | None:
    if field == "body_en" and not raw:
        return None
    return _with_layout(raw)


def home_sections(apps, schema_editor):
    HomePage = apps.get_model("editorial", "HomePage")
    Revision = apps.get_model("wagtailcore", "Revision")
    for home in HomePage.objects.all():
        changed = []
        for field in FIELDS:
            body = _with_layout_unless_empty(field, _raw(getattr(home, field)))
            if body is not None:
                setattr(home, field, json.dumps(body))
                changed.append(field)
        if changed:
            home.save(update_fields=changed)
        # The editor opens the latest revision: it gets the same sections.
        for revision in Revision.objects.filter(
            content_type__app_label="editorial", content_type__model="homepage", object_id=str(home.pk)
        ).order_by("-pk")[:1]:
            content = revision.content
            revised = False
            for field in FIELDS:
                body = _with_layout_unless_empty(field, _raw(content.get(field)))
                if body is not None:
                    content[field] = json.dumps(body)
                    revised = True
            if revised:
                revision.content = content
                revision.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [("editorial", "0006_english_for_the_new_pages"), ("wagtailcore", "0098_apitoken")]

    operations = [migrations.RunPython(home_sections, migrations.RunPython.noop)]
