"""Prices read as Oscar's `currency` filter writes them, formatted once per amount, currency and language."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation
from oscar.templatetags import currency_filters as oscar_currency_filters

from oscar_apps import currency_filters

AMOUNTS = ["0", "2.5", "2.50", "12.3456", "1234.5", "-3", "not a price", None]


@pytest.mark.parametrize("language", ["fr", "en-gb"])
@pytest.mark.parametrize("amount", AMOUNTS)
def test_each_amount_reads_as_oscars_filter_writes_it(amount, language):
    with translation.override(language):
        assert currency_filters.currency(amount) == oscar_currency_filters.currency(amount)
        assert currency_filters.currency(amount, "USD") == oscar_currency_filters.currency(amount, "USD")


def test_the_same_amount_reads_in_each_language():
    with translation.override("fr"):
        french = currency_filters.currency(Decimal("1234.5"))
    with translation.override("en-gb"):
        english = currency_filters.currency(Decimal("1234.5"))

    assert french.replace("\u202f", " ").replace("\xa0", " ") == "1 234,50 €"
    assert english == "€1,234.50"


def test_templates_loading_prices_get_the_kept_formats():
    currency_filters._formatted.cache_clear()
    template = Template("{% load prices %}{{ price|currency }}")

    with translation.override("fr"):
        for _ in range(5):
            text = template.render(Context({"price": Decimal("4.20")}))

    assert text.replace("\xa0", " ") == "4,20 €"
    info = currency_filters._formatted.cache_info()
    assert (info.misses, info.hits) == (1, 4)
