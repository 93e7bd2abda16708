from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    """The CCI's surveys of its member businesses: questionnaires and their waves, the member list, personal
    links sent by email, and the answers (stored with the member's town and sector, never shown one by one)."""

    name = "surveys"
    label = "surveys"
    verbose_name = _("Enquêtes auprès des entreprises")
