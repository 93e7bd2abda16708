"""Surveys in /cms/: editors build the questions and the waves (opening and closing dates) as snippets."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Survey


class SurveyViewSet(SnippetViewSet):
    model = Survey
    icon = "form"
    menu_label = _("Enquêtes")
    add_to_admin_menu = True
    menu_order = 260
    list_display = ["title", "slug", "public", "updated_at"]
    search_fields = ["title"]
    panels = [
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("intro"),
        FieldPanel("public"),
        FieldPanel("questions"),
        InlinePanel("waves", label=_("Vagues"), min_num=1),
    ]


register_snippet(SurveyViewSet)
