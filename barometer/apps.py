from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BarometerConfig(AppConfig):
    """The public barometer of local business (/barometre/): the members' survey answers and the marketplace's
    own figures, read from summary rows that a task keeps up to date."""

    name = "barometer"
    label = "barometer"
    verbose_name = _("Baromètre de l'économie locale")

    def ready(self):
        from kernel.page_cache import page_cache_watch
        from surveys.signals import response_submitted

        from .models import MarketCell, SurveyCell
        from .tasks import wave_changed

        page_cache_watch(models=[SurveyCell, MarketCell])
        response_submitted.connect(wave_changed, dispatch_uid="barometer-wave-changed")
