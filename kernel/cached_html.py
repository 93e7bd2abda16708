"""HTML rendered once for every visitor and cached (storefront grid, catalogue cards).

Its forms are rendered with a placeholder for the CSRF token, swapped for the visitor's own token on
every response: a cached page must never hand one visitor's token to another.
"""

from collections.abc import Callable

from django.core.cache import cache
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import mark_safe

# Passed as "csrf_token" to the cached render, so {% csrf_token %} writes it into the input below.
CSRF_PLACEHOLDER = "csrf-token-placeholder"
_CSRF_INPUT = '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'


def cached_render(request, *, key: str, template: str, context: Callable[[], dict], timeout: int) -> str:
    """The template rendered once for everybody under `key` (which must name what the HTML shows, e.g. a
    version of its rows), `context()` called only on a miss, with the visitor's own CSRF token put in."""
    html = cache.get(key)
    if html is None:
        # Without the request's context processors the HTML holds no user, basket or token; the request
        # itself is there for the pricing strategy only (Oscar's purchase_info_for_product).
        html = render_to_string(template, {**context(), "request": request, "csrf_token": CSRF_PLACEHOLDER})
        cache.set(key, html, timeout)
    return csrf_token_put(request, html)


def csrf_token_put(request, html: str) -> str:
    """The cached HTML with the visitor's own CSRF token in place of the placeholder."""
    token_input = format_html(_CSRF_INPUT, get_token(request))
    # Our own rendered template, with a token escaped by format_html.
    return mark_safe(html.replace(_CSRF_INPUT.format(CSRF_PLACEHOLDER), token_input))  # noqa: S308
