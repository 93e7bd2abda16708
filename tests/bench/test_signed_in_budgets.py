"""Every page of a shopper's visit costs at most 15 queries signed in (nothing served from the
whole-page cache), on the demo data and with 2,000 more shops and products (issue 20).

The fragments beneath the page cache (product grids, cards, the footer's links) are warm, as they are
for every visitor after the first: the first GET of each address fills them.
"""

import pytest
from django.urls import reverse
from oscar.apps.catalogue.categories import create_from_breadcrumbs

from .test_query_budgets import BUDGET, _product_of, data_size  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_off")]

SHOPS_OF_THE_BASKET = ("au-pain-dore", "fromagerie-des-roches", "primeur-de-la-halle")

PAGES = {
    "home": lambda: "/",
    "directory": lambda: reverse("shops:directory"),
    "directory-near": lambda: reverse("shops:directory") + "?near=Vienne",
    "directory-filtered": lambda: reverse("shops:directory") + "?open_now=on&category=boulangerie&town=Vienne",
    "directory-page-50": lambda: reverse("shops:directory") + "?page=50",
    "storefront": lambda: reverse("shops:storefront", kwargs={"slug": "au-pain-dore"}),
    "product": lambda: _product_of("au-pain-dore").get_absolute_url(),
    "catalogue": lambda: reverse("catalogue:index"),
    "category": lambda: create_from_breadcrumbs("Boulangerie").get_absolute_url(),
    "search": lambda: reverse("sitesearch:results") + "?q=pain",
    "basket": lambda: reverse("basket:summary"),
    "orders": lambda: reverse("orders:list"),
}


@pytest.fixture
def shopper_with_basket(client, demo_users, settings):
    """The demo shopper, signed in, with a basket of 3 lines from 3 shops; sessions in the cache, as in
    production (Redis), not in the database of the embedded default."""
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cache"
    client.force_login(demo_users["shopper"])
    for slug in SHOPS_OF_THE_BASKET:
        product = _product_of(slug)
        assert product is not None, slug
        response = client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
        assert response.status_code == 302
    return client


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.usefixtures("data_size")
def test_signed_in_page_stays_within_budget_whatever_the_data_size(
    shopper_with_basket, page, django_assert_max_num_queries
):
    url = PAGES[page]()
    shopper_with_basket.get(url)  # fills the fragments beneath the page cache
    with django_assert_max_num_queries(BUDGET):
        response = shopper_with_basket.get(url)
    assert response.status_code == 200, (url, response.status_code)
    html = response.content.decode()
    # The header's count is the basket's, read without loading it.
    assert "data-basket-count>3</span>" in html
    if page == "basket":
        assert html.count('name="form-') >= 3 or all(
            _product_of(slug).get_title() in html for slug in SHOPS_OF_THE_BASKET
        )


# The basket page on its own (sessions in the cache): user, basket, its lines, their attributes and
# images, the basket's vouchers and the offers (read once, applied and kept for the upsell messages),
# the "saved for later" basket, and the pickup slots' closures, hours and counters.
BASKET_BUDGET = 11


@pytest.mark.usefixtures("data_size")
def test_basket_page_of_3_shops_stays_within_its_own_budget_whatever_the_data_size(
    shopper_with_basket, django_assert_max_num_queries
):
    url = reverse("basket:summary")
    shopper_with_basket.get(url)  # the per-process caches (site, templates)
    with django_assert_max_num_queries(BASKET_BUDGET):
        response = shopper_with_basket.get(url)
    html = response.content.decode()
    # One section per shop, each with its next pickup time (or the notice that there is none).
    assert html.count('<section class="basket-shop"') == 3
    assert html.count('<p class="next-slot') == 3
