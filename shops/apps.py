from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShopsConfig(AppConfig):
    name = "shops"
    verbose_name = _("Boutiques")

    def ready(self):
        from marketplace.page_cache import page_cache_watch

        page_cache_watch()
