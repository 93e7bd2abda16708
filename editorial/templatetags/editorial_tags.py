from django import template
from django.utils.safestring import mark_safe

from kernel.structured_data import json_ld_script

from ..models import LocalizedText, localized_field
from ..translation import Alternate, default_language, language_address, page_alternates, visitor_language

register = template.Library()


@register.simple_tag(takes_context=True)
def page_structured_data(context, page) -> str:
    """The page's schema.org description (FAQPage, NewsArticle…), as JSON-LD scripts."""
    request = context.get("request")
    if request is None or not hasattr(page, "structured_data"):
        return ""
    # Each part is a SafeString built by json_ld_script; joined, they stay safe.
    return mark_safe("".join(json_ld_script(item) for item in page.structured_data(request)))  # noqa: S308


@register.simple_tag(takes_context=True)
def canonical_url(context, page) -> str:
    """The page's address without query string, absolute, on the host the visitor asked for."""
    request = context["request"]
    url = request.build_absolute_uri(page.get_url(request=request) or "/")
    # An English version's own address says its language (editorial.translation).
    return language_address(url, visitor_language()) if getattr(page, "english_version", False) else url


@register.simple_tag(takes_context=True)
def page_language_versions(context, page) -> list[Alternate]:
    """The page's published versions in each language (for `hreflang` links), none when only French."""
    return page_alternates(page, context["request"])


@register.simple_tag
def site_default_language() -> str:
    """The pages' own language (the `hreflang` of x-default)."""
    return default_language()


@register.simple_tag
def page_text(page, field: str) -> LocalizedText:
    """{% page_text page "intro" as intro %}: the field in the visitor's language (intro.value), and
    whether an English page shows it in French for want of English (intro.is_fallback: mark it lang="fr")."""
    return localized_field(page, field)


@register.simple_tag
def page_description(page) -> str:
    """What search engines and sharing show under the title: the English intro on an English page where
    written, else the SEO description, the summary or the intro."""
    if hasattr(page, "intro"):
        intro = localized_field(page, "intro")
        if intro.lang == "en":
            return intro.value
    return page.search_description or getattr(page, "summary", "") or getattr(page, "intro", "")
