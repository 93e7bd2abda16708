"""The storefront's grid: products under their first category, a product with variants priced from them, and a
number of queries that does not grow with the shop's catalogue (issue 20: the categories come as a column and
only parent products read their variants)."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_model

from tests.storefront import bakery, page_html

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_off")]

Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
ProductCategory = get_model("catalogue", "ProductCategory")
StockRecord = get_model("partner", "StockRecord")


def _product(shop, title: str, *, price: str | None = "2.00", structure=Product.STANDALONE, parent=None):
    product = Product.objects.create(
        title=title,
        product_class=None if parent else ProductClass.objects.order_by("pk").first(),
        structure=structure,
        parent=parent,
        is_public=True,
    )
    if price is not None:
        sku = f"grid-{product.pk}"
        StockRecord.objects.create(
            product=product, partner=shop.partner, partner_sku=sku, price=Decimal(price), num_in_stock=8
        )
    return product


def _sections(html: str) -> dict[str, list[str]]:
    """Each section's heading and the titles of its cards, in the page's order."""
    found = {}
    for heading, body in re.findall(r"<section aria-label=\"[^\"]*\">\s*<h2>([^<]+)</h2>(.*?)</section>", html, re.S):
        found[heading] = re.findall(r'<h3 class="product-card__title">([^<]+)</h3>', body)
    return found


def test_products_are_grouped_under_their_first_category(client):
    shop = bakery()
    # Created first, so first in the tree's order, though last by name.
    first = create_from_breadcrumbs("Zzz rayon créé en premier")
    viennoiserie = create_from_breadcrumbs("Viennoiserie test")
    croissant = _product(shop, "Croissant au beurre de test")
    ProductCategory.objects.create(product=croissant, category=viennoiserie)
    # Two categories: the first in the catalogue's tree order names its section.
    both = _product(shop, "Brioche à deux rayons")
    ProductCategory.objects.create(product=both, category=viennoiserie)
    ProductCategory.objects.create(product=both, category=first)
    loose = _product(shop, "Produit sans rayon")

    sections = _sections(page_html(client.get(shop.get_absolute_url())))

    assert sections["Viennoiserie test"] == ["Croissant au beurre de test"]
    assert sections["Zzz rayon créé en premier"] == ["Brioche à deux rayons"]
    assert loose.title in sections["Produits"]


def test_a_product_with_variants_is_priced_from_them(client):
    shop = bakery()
    parent = _product(shop, "Pain au poids de test", price=None, structure=Product.PARENT)
    _product(shop, "500 g", price="2.40", structure=Product.CHILD, parent=parent)
    _product(shop, "1 kg", price="4.20", structure=Product.CHILD, parent=parent)
    # The storefront lists products sold by the shop: the parent through its variants' stock records.
    StockRecord.objects.create(
        product=parent, partner=shop.partner, partner_sku=f"grid-{parent.pk}", price=None, num_in_stock=None
    )

    html = page_html(client.get(shop.get_absolute_url()))
    card = html[html.index("Pain au poids de test") :]
    card = card[: card.index("</article>")]

    # Oscar's parent pricing: the price of its first variant with one (the newest first).
    assert "4,20" in card


def test_the_grid_costs_the_same_queries_for_a_bigger_catalogue(client):
    shop = bakery()
    url = shop.get_absolute_url()

    def cold_queries() -> int:
        from django.core.cache import cache

        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            page_html(client.get(url))
        return len(queries)

    before = cold_queries()
    for number in range(30):
        _product(shop, f"Tartelette de test {number}")

    assert cold_queries() <= before
