from wagtail.models import Page


def footer_links() -> list[Page]:
    """Live pages the editors chose to show in menus, for the footer."""
    return list(
        Page.objects.live().in_menu().filter(depth__gte=3).only("id", "title", "url_path").order_by("path")[:12]
    )
