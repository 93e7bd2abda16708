import oscar.apps.search.apps as apps


class SearchConfig(apps.SearchConfig):
    """Oscar's search app, forked only to serve the catalogue listings from the database."""

    name = "oscar_apps.search"
