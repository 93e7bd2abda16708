from oscar.apps.analytics import apps as oscar_analytics
from oscar.core.application import OscarConfig


class AnalyticsConfig(oscar_analytics.AnalyticsConfig):
    """Oscar's analytics models without its signal receivers.

    The receivers write a counter row on every product view, basket addition and
    search; under load that serialises all product views on one row and locks SQLite.
    The models stay installed because Oscar's customer migrations depend on them.
    """

    def ready(self):
        # Skip oscar_analytics.AnalyticsConfig.ready, which imports the receivers.
        OscarConfig.ready(self)
