from django.apps import apps
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from wagtail.models import Page


def footer_links() -> list[Page]:
    """Live pages the editors chose to show in menus, for the footer, each with its English title
    (`title_en`, blank if none), in one query."""
    from .models import EditorialPage

    # The English title lives in each page type's own table: read from whichever holds the page.
    english_titles = [
        Subquery(model.objects.filter(pk=OuterRef("pk")).values("title_en")[:1])
        for model in apps.get_models()
        if issubclass(model, EditorialPage)
    ]
    return list(
        Page.objects.live()
        .in_menu()
        .filter(depth__gte=3)
        .only("id", "title", "url_path")
        .annotate(title_en=Coalesce(*english_titles, Value("")))
        .order_by("path")[:12]
    )
