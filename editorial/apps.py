from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    name = "editorial"
    label = "editorial"
    verbose_name = _("Site éditorial")

    def ready(self):
        from kernel.page_cache import page_cache_watch

        # Published pages, and Wagtail's own rows behind them (revisions, the page tree).
        page_cache_watch(app_labels=frozenset({"editorial", "wagtailcore"}))
