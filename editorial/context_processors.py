from django.conf import settings
from django.utils.functional import SimpleLazyObject, lazy

from kernel.cached_html import clock_minute

# Made once: lazy() builds a proxy class on every call.
_clock_minute_lazy = lazy(clock_minute, str)


def site_chrome(request):
    """Values every page's header and footer need, read only if shown: the footer's links are kept in
    the cache under the public pages' version (templates/includes/footer.html), so they are read
    from the database (and their URLs worked out) only when a page has changed."""
    from editorial.selectors import footer_links
    from kernel.page_cache import public_pages_version

    return {
        "footer_links": SimpleLazyObject(footer_links),
        "footer_version": SimpleLazyObject(public_pages_version),
        # What a fragment showing the time of day varies on (the hotline's "ouvert", a shop's "ouvert").
        "clock_minute": _clock_minute_lazy(),
        # Each language named in itself (settings.LANGUAGES is written that way, untranslated).
        "language_choices": settings.LANGUAGES,
    }
