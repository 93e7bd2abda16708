from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShopsConfig(AppConfig):
    name = "shops"
    verbose_name = _("Boutiques")

    def ready(self):
        from kernel.page_cache import page_cache_watch

        # What a storefront, a product page or the directory shows: the shops (hours, closures,
        # settings), their products, stock records and reviews.
        page_cache_watch(app_labels=frozenset({"shops", "catalogue", "partner", "reviews"}))
