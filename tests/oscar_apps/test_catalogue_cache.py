"""The catalogue's and categories' product cards are cached per page of products, language and version
(oscar_apps/search/views/catalogue.py).

A second visit must not load the products again, any change a shopper could see must show on the
next visit, and the cached cards must carry each visitor's own CSRF token.
"""

import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.db.models import F
from django.db.models.functions import Coalesce
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from oscar.core.loading import get_model

from orders.locks import stock_allocate
from shops.models import Shop
from shops.selectors.products import product_list_version
from shops.services.review import shop_suspend

# The grid caches beneath the whole-page cache, which would answer a second anonymous visit itself.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_off")]

Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def product(client, url):
    """A product listed on the page with its add-to-basket form and more than one unit left."""
    listed = _basket_forms(_html(client.get(url)))
    left = F("stockrecords__num_in_stock") - Coalesce("stockrecords__num_allocated", 0)
    product = Product.objects.alias(left=left).filter(pk__in=listed, left__gt=1).order_by("pk").first()
    assert product is not None
    return product


def _html(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def _cards_raw(html: str) -> str:
    start = html.index('<ol class="row')
    return html[start : html.index("</ol>", start)]


def _cards(html: str) -> str:
    """The product cards of a listing page, tokens blanked."""
    return TOKEN.sub('name="csrfmiddlewaretoken" value=""', _cards_raw(html))


def _basket_forms(html: str) -> set[int]:
    """The products offered with a one-click add-to-basket form."""
    pattern = re.escape(reverse("basket:add", kwargs={"pk": 12345})).replace("12345", r"(\d+)")
    return {int(pk) for pk in re.findall(f'action="{pattern}"', html)}


def _product_loads(queries) -> list[str]:
    # The page's ids are read on every visit; the products' own columns only to render the cards.
    return [query["sql"] for query in queries if '"catalogue_product"."title"' in query["sql"]]


def test_second_visit_serves_the_cached_cards_without_loading_the_products(url, django_assert_max_num_queries):
    client = Client()
    with CaptureQueriesContext(connection) as cold:
        first = _html(client.get(url))
    with django_assert_max_num_queries(len(cold) - 4), CaptureQueriesContext(connection) as warm:
        second = _html(client.get(url))
    assert _product_loads(cold)
    assert not _product_loads(warm)
    assert _cards(second) == _cards(first)
    assert first.count('class="product_pod"') == second.count('class="product_pod"') > 0
    assert _basket_forms(second)


def test_product_list_version_is_one_query_and_moves_with_the_stock(product, django_assert_num_queries):
    ids = list(Product.objects.filter(is_public=True).order_by("pk").values_list("pk", flat=True)[:24])
    ids.append(product.pk)
    with django_assert_num_queries(1):
        before = product_list_version(product_ids=ids)
    assert product_list_version(product_ids=ids[::-1]) != before
    StockRecord.objects.filter(product=product).update(num_in_stock=F("num_in_stock") + 1)
    assert product_list_version(product_ids=ids) != before


def test_product_made_non_public_leaves_the_page_on_the_next_visit(client, url, product):
    product.is_public = False
    product.save()
    html = _html(client.get(url))
    assert product.pk not in _basket_forms(html)
    assert product.get_absolute_url() not in html


def test_stock_sold_out_by_a_conditional_update_shows_on_the_next_visit(client, url, product):
    record = StockRecord.objects.get(product=product)
    updated_at = record.date_updated
    assert stock_allocate(stockrecord=record, quantity=record.num_in_stock - (record.num_allocated or 0))
    # The case the version exists for: nothing was saved, only counters moved.
    assert StockRecord.objects.get(pk=record.pk).date_updated == updated_at

    html = _html(client.get(url))
    assert product.get_absolute_url() in html
    assert product.pk not in _basket_forms(html)


def test_price_saved_on_the_model_shows_on_the_next_visit(client, url, product):
    record = StockRecord.objects.get(product=product)
    record.price = Decimal("543.21")
    record.save()
    assert "543,21" in _cards(_html(client.get(url)))


def test_products_of_a_suspended_shop_leave_the_page_on_the_next_visit(client, url, product, demo_users):
    shop = Shop.objects.get(partner__stockrecords__product=product)
    shop_suspend(shop=shop, actor=demo_users["staff"], reason="Contrôle")
    html = _html(client.get(url))
    assert product.get_absolute_url() not in html
    for title in Product.objects.filter(stockrecords__partner__shop=shop).values_list("title", flat=True):
        assert f"{title}</a>" not in html


def test_each_visitor_gets_their_own_token_and_can_add_to_the_basket(url, product):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first_html = _html(first.get(url))
    with CaptureQueriesContext(connection) as warm:
        second_html = _html(second.get(url))
    assert not _product_loads(warm)

    for visitor, html in ((first, first_html), (second, second_html)):
        tokens = set(TOKEN.findall(_cards_raw(html)))
        secret = visitor.cookies[settings.CSRF_COOKIE_NAME].value
        assert tokens and all(_unmask_cipher_token(token) == secret for token in tokens)
        assert "csrf-token-placeholder" not in html
    assert first.cookies[settings.CSRF_COOKIE_NAME].value != second.cookies[settings.CSRF_COOKIE_NAME].value

    # The second visitor adds from the cached page, with the token it was given.
    token = TOKEN.search(_cards_raw(second_html)).group(1)
    response = second.post(
        reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": "1", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    basket = second.get(reverse("basket:summary")).context["basket"]
    assert [(line.product_id, line.quantity) for line in basket.all_lines()] == [(product.pk, 1)]


def test_french_and_english_cards_are_cached_apart(url):
    french, english = Client(), Client()
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en-gb"
    for _ in range(2):
        french_cards = _cards(_html(french.get(url)))
        english_cards = _cards(_html(english.get(url)))
        assert "Ajouter au panier" in french_cards and "Add to basket" not in french_cards
        assert "Add to basket" in english_cards and "Ajouter au panier" not in english_cards


def _tree(html: str) -> str:
    return html[html.index('class="side_categories') : html.index("</ul>\n        </div>")]


def test_the_category_tree_is_kept_and_a_renamed_category_shows_at_once(client, url):
    Category = get_model("catalogue", "Category")
    with CaptureQueriesContext(connection) as cold:
        first = client.get(url).content.decode()
    with CaptureQueriesContext(connection) as warm:
        second = client.get(url).content.decode()

    def tree_reads(queries):
        # Oscar's tree reads every category in path order (the category page reads its own by id too).
        return [query for query in queries if query["sql"].endswith('ORDER BY "catalogue_category"."path" ASC')]

    assert tree_reads(cold) and not tree_reads(warm)
    assert _tree(second) == _tree(first) and "Boulangerie" in _tree(first)

    category = Category.objects.get(name="Boulangerie")
    category.name = "Boulangerie-pâtisserie"
    category.save()

    assert "Boulangerie-pâtisserie" in _tree(client.get(url).content.decode())
