from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteSearchConfig(AppConfig):
    # Not "search": Oscar's search app owns that label.
    name = "sitesearch"
    label = "sitesearch"
    verbose_name = _("Recherche")

    def ready(self):
        from shops import signals

        signals.shop_profile_changed.connect(_shop_profile_changed, dispatch_uid="sitesearch-shop-profile")


def _shop_profile_changed(sender, *, shop, **kwargs) -> None:
    # A shop is searchable by what its profile says as soon as it is saved.
    from .services import search_index_update

    search_index_update(shops=[shop])
