import oscar.apps.dashboard.catalogue.apps as apps


class CatalogueDashboardConfig(apps.CatalogueDashboardConfig):
    """Oscar's catalogue dashboard, forked only to keep a shopkeeper to their own shop's products.

    Oscar already filters the product list, form, delete and bulk actions by the user's partners;
    what it leaves open is overridden in views.py (product lookup) and formsets.py (recommendations).
    """

    name = "marketplace.oscar_apps.dashboard.catalogue"
