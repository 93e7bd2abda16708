from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "payments"
    verbose_name = _("Paiement en ligne")

    def ready(self):
        from kernel.page_cache import page_cache_watch

        # The configuration check (half-set keys, a live key sent to a fake server) registers on import.
        from . import checks  # noqa: F401
        from .models import ConnectedAccount

        # "Paiement en ligne" on a storefront follows the shop's account.
        page_cache_watch(models=[ConnectedAccount])
