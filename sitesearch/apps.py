from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteSearchConfig(AppConfig):
    # Not "search": Oscar's search app owns that label.
    name = "sitesearch"
    label = "sitesearch"
    verbose_name = _("Recherche")

    def ready(self):
        from wagtail.signals import page_published

        from shops import signals

        signals.shop_profile_changed.connect(_shop_profile_changed, dispatch_uid="sitesearch-shop-profile")
        page_published.connect(_page_published, dispatch_uid="sitesearch-page-published")
        signals.products_changed.connect(_products_changed, dispatch_uid="sitesearch-products")


def _shop_profile_changed(sender, *, shop, **kwargs) -> None:
    # A shop is searchable by what its profile says as soon as it is saved.
    from .services import search_index_update

    search_index_update(shops=[shop])


def _products_changed(sender, *, products, **kwargs) -> None:
    # A product saved from the shopkeeper's own screens is searchable as it now is (a deleted one's
    # document goes with it, by its foreign key).
    from .services import search_index_update

    if products:
        search_index_update(products=products)


def _page_published(sender, *, instance, **kwargs) -> None:
    # Every way of publishing sends this signal: the editor's button, a senior editor's approval in the
    # moderation workflow, scheduled publishing (`publish_scheduled`); Wagtail's after_publish_page hook
    # runs for the first only. The page is searchable at once.
    from .services import search_index_update

    search_index_update(pages=[instance])
