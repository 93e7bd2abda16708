from django.utils.functional import SimpleLazyObject
from oscar.core.loading import get_class

SearchForm = get_class("search.forms", "SearchForm")


def search_form(request):
    """Oscar's `search_form`, built only where a template shows it: Oscar's builds it on every render
    (a form from the query string, about 0.4 ms), and the site's header has a search form of its own."""
    return {"search_form": SimpleLazyObject(lambda: SearchForm(request.GET))}
