"""Oscar's `currency` filter with each formatted amount kept: the template library `prices` of
settings.TEMPLATES, which the site's templates load instead of Oscar's `currency_filters` (Oscar's own
templates, the dashboard's, keep Oscar's).

Oscar formats every price afresh through Babel (about a tenth of a millisecond each); a storefront of 45
cards, a search page or a basket shows a few dozen prices, mostly the same few amounts, in one language.
The same amount in the same currency and language always reads the same, so it is formatted once per
process (the last FORMATS_KEPT kept).
"""

import functools
from decimal import Decimal, InvalidOperation

from django import template
from django.utils.translation import get_language
from oscar.templatetags import currency_filters as oscar_currency_filters

register = template.Library()

FORMATS_KEPT = 4096


@register.filter(name="currency")
def currency(value, currency_format=None):
    """Format a decimal value as an amount in the currency (Oscar's filter, same output)."""
    try:
        value = Decimal(value)
    except (TypeError, ValueError, InvalidOperation):
        return ""
    if not value.is_finite():
        return oscar_currency_filters.currency(value, currency_format)
    return _formatted(value, currency_format, get_language())


@functools.lru_cache(maxsize=FORMATS_KEPT)
def _formatted(value: Decimal, currency_format, language) -> str:
    # `language` is the active one, which Oscar's filter reads itself: it is part of the key only.
    return oscar_currency_filters.currency(value, currency_format)
