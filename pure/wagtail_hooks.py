"""The restart checklists in /cms/: editors build them as snippets (sections, items, advice, weights)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Checklist


class ChecklistViewSet(SnippetViewSet):
    model = Checklist
    icon = "tasks"
    menu_label = _("Check-lists de reprise")
    add_to_admin_menu = True
    menu_order = 250
    list_display = ["title", "slug", "live", "updated_at"]
    search_fields = ["title"]
    panels = [
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("intro"),
        FieldPanel("topic"),
        FieldPanel("live"),
        FieldPanel("sections"),
    ]


register_snippet(ChecklistViewSet)
