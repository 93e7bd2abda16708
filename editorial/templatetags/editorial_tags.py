from django import template
from django.utils.safestring import mark_safe

from kernel.structured_data import json_ld_script

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
    return request.build_absolute_uri(page.get_url(request=request) or "/")
