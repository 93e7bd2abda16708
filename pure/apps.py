from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PureConfig(AppConfig):
    """PURE, the CCI's recovery services for business owners: "Allo CCI", call-backs, the restart checklist."""

    name = "pure"
    label = "pure"
    verbose_name = _("PURE – services aux entreprises")

    def ready(self):
        from kernel.page_cache import page_cache_watch

        from .models import Hotline, HotlineClosure, HotlineRange

        # Every public page's footer shows the hotline, its hours and whether it is open now.
        page_cache_watch(models=[Hotline, HotlineRange, HotlineClosure])
