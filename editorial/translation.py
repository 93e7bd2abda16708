"""English versions of editorial pages through Wagtail's internationalisation (issue 16).

An English version is a Wagtail translation of a French page (the editor's "Translate" action of
wagtail.contrib.simple_translation), in the English page tree beside the French one. The site keeps its
way of choosing a language (the visitor's cookie, or ?lang= on an address, kernel.language) and one
address per page: a visitor reading in English gets, at a page's address, its published English
version, else the French page with a note saying so. A translation still in draft, or an alias (the
French page copied unchanged into the English tree as the parent of a translated page), is no English
version.

Search engines get one address per language: the French address, and the same with ?lang=en-gb for the
English version (the `hreflang` links of each page and the sitemap's alternates).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404
from django.utils.translation import get_language
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page

from kernel.language import LANGUAGE_PARAMETER


def default_language() -> str:
    """The language of the site's own pages (French): the default locale's code."""
    return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def visitor_language() -> str:
    """The content language the visitor reads in now (fr or en-gb)."""
    try:
        return get_supported_content_language_variant(get_language() or settings.LANGUAGE_CODE)
    except LookupError:
        return default_language()


def reads_another_language() -> bool:
    """Whether the visitor reads the site in another language than the pages' own (English)."""
    return visitor_language() != default_language()


def route_in_visitor_language(*, home: Page, request, path_components: list[str]):
    """Route a request from the site's home: through the English page tree for an English reader when a
    published English version (not an alias) lies at that address, else through the French tree. The page
    found is marked `english_version` or `english_fallback` for its templates."""
    language = visitor_language()
    if language == default_language():
        return Page.route(home, request, path_components)
    codes = [language, default_language()]
    locales = {locale.language_code: locale for locale in Locale.objects.filter(language_code__in=codes)}
    french, english = locales.get(default_language()), locales.get(language)
    source = home if french is None or home.locale_id == french.pk else home.get_translation_or_none(french) or home
    own = source.get_translation_or_none(english) if english is not None else None
    if own is not None:
        try:
            result = Page.route(own, request, path_components)
        except Http404:
            result = None
        if result is not None and not result.page.alias_of_id:
            result.page.english_version = True
            return result
    result = Page.route(source, request, path_components)
    result.page.english_fallback = True
    return result


@dataclass(frozen=True)
class Alternate:
    """One language's version of a page, for `<link rel="alternate" hreflang>` and the sitemap."""

    language: str
    url: str


def language_address(url: str, language: str) -> str:
    """A page's address in a language: as is in French, with ?lang= in another (an address must say its
    language, since the same address serves each visitor their own)."""
    if language == default_language():
        return url
    return f"{url}?{urlencode({LANGUAGE_PARAMETER: language})}"


def page_versions(page: Page) -> dict[str, Page]:
    """The page's published versions by language: the French page and its live English translation (not
    an alias), whichever exist, in one query (the page being public, its versions are taken as such)."""
    versions = (
        Page.objects.live()
        .filter(translation_key=page.translation_key, alias_of__isnull=True)
        .select_related("locale")
        .only("id", "url_path", "locale__language_code", "translation_key", "depth", "path")
    )
    return {version.locale.language_code: version for version in versions}


def page_alternates(page: Page, request) -> list[Alternate]:
    """Where each published language version of the page is, absolute (empty when only one exists)."""
    versions = page_versions(page)
    if len(versions) < 2:
        return []
    ordered = sorted(versions.items(), key=lambda item: item[0] != default_language())
    return [
        Alternate(language=code, url=language_address(request.build_absolute_uri(version.get_url(request)), code))
        for code, version in ordered
    ]
