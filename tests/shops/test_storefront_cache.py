"""The storefront's product grid is cached per shop, language and catalogue version (shopping.storefront).

A second visit must not load the products again, any change a shopper could see must show on the
next visit, and the cached cards must carry each visitor's own CSRF token.
"""

from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.db.models import F
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from oscar.core.loading import get_model

from orders.locks import stock_allocate
from shops.selectors.products import shop_catalogue_version
from tests.storefront import TOKEN, bakery, bakery_product, basket_forms, page_html

from .test_dashboard_isolation import _key, _payload

# The grid caches beneath the whole-page cache, which would answer a second anonymous visit itself.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_off")]

Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")


@pytest.fixture
def shop(django_db_setup):
    return bakery()


@pytest.fixture
def url(shop):
    return shop.get_absolute_url()


@pytest.fixture
def product(shop):
    return bakery_product(shop)


def _grid_raw(html: str) -> str:
    return html[html.index('<ul class="product-grid">') : html.index("</article>")]


def _grid(html: str) -> str:
    """The product grid of a storefront page, tokens blanked."""
    return TOKEN.sub('name="csrfmiddlewaretoken" value=""', _grid_raw(html))


def _product_queries(queries) -> list[str]:
    return [query["sql"] for query in queries if 'FROM "catalogue_product"' in query["sql"]]


def test_second_visit_serves_the_cached_grid_without_loading_the_products(client, url, django_assert_max_num_queries):
    with CaptureQueriesContext(connection) as cold:
        first = page_html(client.get(url))
    with django_assert_max_num_queries(len(cold) - 5), CaptureQueriesContext(connection) as warm:
        second = page_html(client.get(url))
    assert _product_queries(cold)
    assert not _product_queries(warm)
    assert _grid(second) == _grid(first)
    assert len(basket_forms(second)) >= 20


def test_catalogue_version_is_one_query_and_moves_with_the_stock(shop, product, django_assert_num_queries):
    with django_assert_num_queries(1):
        before = shop_catalogue_version(shop=shop)
    StockRecord.objects.filter(product=product).update(num_in_stock=F("num_in_stock") + 1)
    assert shop_catalogue_version(shop=shop) != before


def test_product_edited_in_the_dashboard_shows_on_the_next_visit(client, url, product, demo_users):
    page_html(client.get(url))
    keeper = Client()
    keeper.force_login(demo_users["shopkeeper_a"])
    form_url = reverse("dashboard:catalogue-product", kwargs={"pk": product.pk})
    data = _payload(keeper.get(form_url))
    data.update(
        {
            "title": "Pain du cache renouvelé",
            _key(data, "-0-price"): "987.65",
            _key(data, "-0-num_in_stock"): str(StockRecord.objects.get(product=product).num_allocated or 0),
        }
    )
    assert keeper.post(form_url, data).status_code == 302

    html = page_html(client.get(url))
    assert "Pain du cache renouvelé" in html
    assert "987,65" in html
    # No stock left: the card says so and offers no basket.
    assert product.pk not in basket_forms(html)


def test_price_saved_on_the_model_shows_on_the_next_visit(client, url, product):
    page_html(client.get(url))
    record = StockRecord.objects.get(product=product)
    record.price = Decimal("543.21")
    record.save()
    assert "543,21" in page_html(client.get(url))


def test_stock_allocated_by_a_conditional_update_shows_on_the_next_visit(client, url, product):
    assert product.pk in basket_forms(page_html(client.get(url)))
    record = StockRecord.objects.get(product=product)
    updated_at = record.date_updated
    assert stock_allocate(stockrecord=record, quantity=record.num_in_stock - (record.num_allocated or 0))
    # The case the version exists for: nothing was saved, only counters moved.
    assert StockRecord.objects.get(pk=record.pk).date_updated == updated_at

    assert product.pk not in basket_forms(page_html(client.get(url)))


def test_product_made_non_public_leaves_the_grid_on_the_next_visit(client, url, product):
    assert product.pk in basket_forms(page_html(client.get(url)))
    product.is_public = False
    product.save()
    html = page_html(client.get(url))
    assert product.pk not in basket_forms(html)
    assert product.get_absolute_url() not in html


def test_new_product_shows_on_the_next_visit(client, url, shop, product):
    page_html(client.get(url))
    new = Product.objects.create(
        title="Nouveauté du cache", product_class=product.product_class, structure=Product.STANDALONE
    )
    StockRecord.objects.create(
        product=new, partner=shop.partner, partner_sku="CACHE-NEW-1", price=Decimal("3.40"), num_in_stock=10
    )
    html = page_html(client.get(url))
    assert "Nouveauté du cache" in html
    assert new.pk in basket_forms(html)


def test_each_visitor_gets_their_own_token_and_can_add_to_the_basket(url, product, django_assert_max_num_queries):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first_html = page_html(first.get(url))
    with CaptureQueriesContext(connection) as warm:
        second_html = page_html(second.get(url))
    assert not _product_queries(warm)

    for visitor, html in ((first, first_html), (second, second_html)):
        tokens = set(TOKEN.findall(_grid_raw(html)))
        secret = visitor.cookies[settings.CSRF_COOKIE_NAME].value
        assert tokens and all(_unmask_cipher_token(token) == secret for token in tokens)
        assert "csrf-token-placeholder" not in html
    assert first.cookies[settings.CSRF_COOKIE_NAME].value != second.cookies[settings.CSRF_COOKIE_NAME].value

    # The second visitor adds from the cached page, with the token it was given.
    token = TOKEN.search(_grid_raw(second_html)).group(1)
    response = second.post(
        reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": "1", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    basket = second.get(reverse("basket:summary")).context["basket"]
    assert [(line.product_id, line.quantity) for line in basket.all_lines()] == [(product.pk, 1)]


def test_french_and_english_grids_are_cached_apart(url):
    french, english = Client(), Client()
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en-gb"
    for _ in range(2):
        french_grid = _grid(page_html(french.get(url)))
        english_grid = _grid(page_html(english.get(url)))
        assert "Ajouter au panier" in french_grid and "Add to basket" not in french_grid
        assert "Add to basket" in english_grid and "Ajouter au panier" not in english_grid


def test_product_with_options_is_chosen_on_its_page_not_added_from_the_grid(client, url, product):
    """The cards read Product.has_options from the list's annotations (no options prefetched)."""
    Option = get_model("catalogue", "Option")
    assert product.pk in basket_forms(page_html(client.get(url)))
    product.product_options.add(Option.objects.create(name="Tranché", code="tranche"))
    product.save()  # the catalogue version moves with the product's update time
    html = page_html(client.get(url))
    assert product.pk not in basket_forms(html)
    assert f'href="{product.get_absolute_url()}">Choisir</a>' in html
