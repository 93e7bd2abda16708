import oscar.apps.dashboard.apps as apps


class DashboardConfig(apps.DashboardConfig):
    """Oscar's dashboard, forked so that its sub-apps' classes can be overridden thinly.

    Oscar resolves get_class("dashboard.catalogue.views", …) through the app labelled "dashboard":
    with this fork, a module under oscar_apps/dashboard/<sub-app>/ replaces only the
    classes it defines (catalogue/: a shopkeeper reaches only their own shop's products).
    """

    name = "oscar_apps.dashboard"

    def configure_permissions(self):
        super().configure_permissions()
        # Any signed-in user reaches the home: a shopkeeper still waiting for the CCI is told where their
        # shop stands rather than refused; the view (dashboard/views.py) refuses everyone else.
        self.permissions_map["index"] = ["is_authenticated"]
