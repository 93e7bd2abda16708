from django.conf import settings


def site_chrome(request):
    """Values every page's header and footer need."""
    from editorial.selectors import footer_links

    return {
        "footer_links": footer_links(),
        # Each language named in itself (settings.LANGUAGES is written that way, untranslated).
        "language_choices": settings.LANGUAGES,
    }
