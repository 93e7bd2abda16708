from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .choosers import VIEWSETS
from .models import NewsCategory


@hooks.register("register_admin_viewset")
def register_choosers():
    return list(VIEWSETS)


class NewsCategoryViewSet(SnippetViewSet):
    model = NewsCategory
    icon = "tag"
    menu_label = _("Rubriques d'actualités")
    list_display = ["name", "slug"]


register_snippet(NewsCategoryViewSet)
