"""A language named in the address (?lang=en-gb) wins over the visitor's cookie and browser.

The site serves each visitor their language at one address (LocaleMiddleware: the language cookie, else
the browser's Accept-Language). Search engines and shared links need an address per language: the
English version of a page is its address with ?lang=en-gb (editorial pages' `hreflang` links and the
sitemap). Such an address is read in its language and the choice is remembered in the language cookie,
as the language switch would, so the visitor goes on reading in it.
"""

from django.conf import settings
from django.utils import translation

# The query parameter that names a language in an address.
LANGUAGE_PARAMETER = "lang"


def address_language(request) -> str | None:
    """The site language the address names (?lang=), or None when it names none the site speaks."""
    asked = request.GET.get(LANGUAGE_PARAMETER, "")[:16].lower()
    return asked if asked in dict(settings.LANGUAGES) else None


class AddressLanguageMiddleware:
    """Just inside LocaleMiddleware: activates the address's language for the request, and sets the
    language cookie on the way out (outside the page cache, which keeps the page without it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = address_language(request)
        if language is None:
            return self.get_response(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        if request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != language:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response


def path_without_language(request) -> str:
    """The request's path and query less ?lang= (where the language switch returns: kept, the address's
    language would undo the visitor's new choice)."""
    if LANGUAGE_PARAMETER not in request.GET:
        return request.get_full_path()
    query = request.GET.copy()
    query.pop(LANGUAGE_PARAMETER)
    return f"{request.path}?{query.urlencode()}" if query else request.path
