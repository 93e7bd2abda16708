from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteSearchConfig(AppConfig):
    # Not "search": Oscar's search app owns that label.
    name = "marketplace.sitesearch"
    label = "sitesearch"
    verbose_name = _("Recherche")
