from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BarometerConfig(AppConfig):
    """The public barometer of local business (/barometre/): the members' survey answers and the marketplace's
    own figures, read from summary rows that a task keeps up to date."""

    name = "barometer"
    label = "barometer"
    verbose_name = _("Baromètre de l'économie locale")

    def ready(self):
        from surveys.signals import response_submitted

        from .tasks import wave_changed

        # No page_cache_watch: a rebuild would otherwise make every cached page of the site stale at each
        # answer; the page cache keeps a page within its clock minute only, so new figures show within a minute.
        response_submitted.connect(wave_changed, dispatch_uid="barometer-wave-changed")
