"""HTML rendered once for every visitor and cached (storefront grid, catalogue cards).

Its forms are rendered with a placeholder for the CSRF token, swapped for the visitor's own token on
every response: a cached page must never hand one visitor's token to another.
"""

from django.middleware.csrf import get_token
from django.utils.html import format_html
from django.utils.safestring import mark_safe

# Passed as "csrf_token" to the cached render, so {% csrf_token %} writes it into the input below.
CSRF_PLACEHOLDER = "csrf-token-placeholder"
_CSRF_INPUT = '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'


def csrf_token_put(request, html: str) -> str:
    """The cached HTML with the visitor's own CSRF token in place of the placeholder."""
    token_input = format_html(_CSRF_INPUT, get_token(request))
    # Our own rendered template, with a token escaped by format_html.
    return mark_safe(html.replace(_CSRF_INPUT.format(CSRF_PLACEHOLDER), token_input))  # noqa: S308
