"""Every public page costs a bounded number of queries, whatever the number of shops and products.

Each page is measured twice: on the demo data (16 shops, ~450 products) and after adding 2,000 shops
and 2,000 products spread over the territory's towns and shop kinds. A page that loops over rows
with a query each would pass the first and fail the second.
"""

import pytest
from django.urls import reverse
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_model

from shops.models import Shop
from shops.selectors.visibility import shop_public_q

from .data import products_bulk_add, shops_bulk_add

# The budget of a render (a signed-in visitor, a page not cached yet): a second
# anonymous visit would be answered by the whole-page cache without any query (tests/test_page_cache.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_off")]

Product = get_model("catalogue", "Product")
ProductAttribute = get_model("catalogue", "ProductAttribute")
ProductAttributeValue = get_model("catalogue", "ProductAttributeValue")
ProductReview = get_model("reviews", "ProductReview")
WishList = get_model("wishlists", "WishList")

BUDGET = 15
EXTRA_SHOPS = 2000


def _product_of(slug: str):
    return Product.objects.filter(stockrecords__partner__shop__slug=slug, is_public=True).order_by("pk").first()


PAGES = {
    "storefront": lambda: reverse("shops:storefront", kwargs={"slug": "au-pain-dore"}),
    "directory": lambda: reverse("shops:directory"),
    "directory-near": lambda: reverse("shops:directory") + "?near=Vienne",
    "directory-open-now": lambda: reverse("shops:directory") + "?open_now=on&category=boulangerie",
    "catalogue": lambda: reverse("catalogue:index"),
    "category": lambda: create_from_breadcrumbs("Boulangerie").get_absolute_url(),
    "product": lambda: _product_of("au-pain-dore").get_absolute_url(),
}


@pytest.fixture(params=["demo", "territory"])
def data_size(request, django_db_setup):
    """The demo data, or the demo data plus 2,000 approved shops (hours, coordinates) and ~2,000 products."""
    if request.param == "territory":
        shops = shops_bulk_add(count=EXTRA_SHOPS, prefix="budget")
        # 0, 1 or 2 products per shop: 2,000 in all.
        products_bulk_add(shops=shops, per_shop=lambda rng: rng.choice((0, 1, 2)), seed=2)
    return request.param


def _get_within_budget(client, url, django_assert_max_num_queries, budget=BUDGET):
    client.get(url)  # warm the per-process caches (site, categories, templates)
    with django_assert_max_num_queries(budget):
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response


@pytest.mark.parametrize("page", PAGES)
def test_page_queries_do_not_depend_on_the_number_of_shops_and_products(
    client, data_size, page, django_assert_max_num_queries
):
    _get_within_budget(client, PAGES[page](), django_assert_max_num_queries)


def test_territory_data_is_there_and_public(data_size):
    # Public shops: the demo's business-only supplier (PURE) is approved but seen by verified businesses only.
    approved = Shop.objects.filter(shop_public_q()).count()
    public = Product.objects.filter(shop_public_q("stockrecords__partner__shop__"), is_public=True).count()
    if data_size == "territory":
        assert approved >= EXTRA_SHOPS + 16
        assert public >= 2000 + 400
    else:
        assert approved == 16


def test_product_page_for_a_signed_in_shopper_stays_within_budget(
    client, data_size, demo_users, django_assert_max_num_queries
):
    client.force_login(demo_users["shopper"])
    product = _product_of("au-pain-dore")
    response = _get_within_budget(client, product.get_absolute_url(), django_assert_max_num_queries)
    assert "Ajouter au panier" in response.content.decode()


# What the header and footer cost a signed-in shopper whose basket is not empty, on every page:
# session, user, unread notifications (Oscar's context processor), basket, its line count, vouchers,
# offers, lines, line attributes and images (Oscar applies offers to print the count), the two
# permission queries of the dashboard links, the footer's pages and the Wagtail site.
SIGNED_IN_WITH_BASKET_CHROME = 14


def test_product_page_worst_case_costs_one_query_per_optional_part(client, demo_users, django_assert_max_num_queries):
    """Basket, reviews, wish lists and attributes all shown: the page itself stays at 3 + 3 queries."""
    shopper = demo_users["shopper"]
    product = _product_of("au-pain-dore")
    for number in range(5):
        ProductReview.objects.create(
            product=product,
            name=f"Client {number}",
            email=f"client{number}@example.com",
            title=f"Très bon {number}",
            body="Croustillant.",
            score=5,
            status=ProductReview.APPROVED,
        )
    WishList.objects.create(owner=shopper, name="Courses du samedi")
    WishList.objects.create(owner=shopper, name="Noël")
    for code in ("origine", "farine"):
        attribute = ProductAttribute.objects.create(
            product_class=product.product_class, name=code.capitalize(), code=code, type="text"
        )
        ProductAttributeValue.objects.create(product=product, attribute=attribute, value_text="Isère")
    client.force_login(shopper)
    client.post(reverse("basket:add", kwargs={"pk": _product_of("fromagerie-des-roches").pk}), {"quantity": 1})
    # Product, stock record with its shop, images; then reviews, wish lists, attribute values.
    budget = SIGNED_IN_WITH_BASKET_CHROME + 3 + 3
    response = _get_within_budget(client, product.get_absolute_url(), django_assert_max_num_queries, budget=budget)
    html = response.content.decode()
    assert "Très bon 4" in html and "Très bon 0" not in html
    assert "Courses du samedi" in html
    assert "Isère" in html
