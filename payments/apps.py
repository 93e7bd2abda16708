from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "payments"
    verbose_name = _("Paiement en ligne")

    def ready(self):
        # The configuration check (half-set keys, a live key sent to a fake server).
        from . import checks  # noqa: F401
