"""A product page's content is the same for every visitor who may see the product: it is built once a minute
per address and language under the public pages' version and kept when everybody may see the product
(shopping.product, issue 20). The visitor's own parts (the staff's edit link, the review button, the stock
alert, the wish lists) are put in for each visitor; nothing of one visitor reaches another."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client
from django.test.utils import CaptureQueriesContext
from oscar.core.loading import get_model

from demo.pure_equipment import BUYER_EMAIL
from tests.storefront import TOKEN, bakery, bakery_product, page_html

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_off")]

Product = get_model("catalogue", "Product")
ProductAlert = get_model("customer", "ProductAlert")
ProductReview = get_model("reviews", "ProductReview")
StockRecord = get_model("partner", "StockRecord")
WishList = get_model("wishlists", "WishList")

EDIT_LINK = "Modifier ce produit"
REVIEW_BUTTON = 'id="write_review"'


@pytest.fixture
def product(django_db_setup):
    return bakery_product(bakery())


@pytest.fixture
def visitors(demo_users):
    """A client per visitor: anonymous, two shoppers, staff."""
    other = get_user_model().objects.create_user(email="autre-client@example.fr", password="mot-de-passe-long-1")
    clients = {"anonymous": Client()}
    for role, user in (("shopper", demo_users["shopper"]), ("other", other), ("staff", demo_users["staff"])):
        clients[role] = Client()
        clients[role].force_login(user)
    return clients


def _visit(client, url) -> tuple[list[str], str]:
    with CaptureQueriesContext(connection) as queries:
        html = page_html(client.get(url))
    return [query["sql"] for query in queries.captured_queries], html


def _product_reads(queries: list[str]) -> list[str]:
    return [sql for sql in queries if 'FROM "catalogue_product"' in sql]


def test_a_signed_in_shoppers_second_visit_reads_nothing_of_the_product(visitors, product):
    url = product.get_absolute_url()
    cold, first = _visit(visitors["shopper"], url)
    warm, second = _visit(visitors["shopper"], url)

    assert _product_reads(cold)
    assert not _product_reads(warm)
    # The session, its user, the header's basket count and the visitor's own facts (review, alert, wish lists).
    assert len(warm) <= 4, warm
    assert TOKEN.sub("", second) == TOKEN.sub("", first)
    assert product.get_title() in second and 'id="add_to_basket_form"' in second


def test_the_review_button_is_each_shoppers_own(visitors, product, demo_users):
    url = product.get_absolute_url()
    ProductReview.objects.create(
        product=product, user=demo_users["shopper"], score=5, title="Très bon", body="Croustillant."
    )
    # Whoever comes first, the kept content has no button of theirs in it.
    reviewed = page_html(visitors["shopper"].get(url))
    not_reviewed = page_html(visitors["other"].get(url))
    reviewed_again = page_html(visitors["shopper"].get(url))

    assert REVIEW_BUTTON not in reviewed and REVIEW_BUTTON not in reviewed_again
    assert REVIEW_BUTTON in not_reviewed


def test_only_staff_get_the_edit_link(visitors, product):
    url = product.get_absolute_url()
    pages = {role: page_html(visitors[role].get(url)) for role in ("staff", "shopper", "anonymous", "other")}

    assert pages["staff"].count(EDIT_LINK) == 1
    assert all(EDIT_LINK not in pages[role] for role in ("shopper", "anonymous", "other"))


def test_a_sold_out_product_offers_each_visitor_their_own_alert(visitors, product, demo_users):
    StockRecord.objects.filter(product=product).update(num_in_stock=0, num_allocated=0)
    ProductAlert.objects.create(product=product, user=demo_users["shopper"], status=ProductAlert.ACTIVE)
    url = product.get_absolute_url()

    with_alert = page_html(visitors["shopper"].get(url))
    without = page_html(visitors["other"].get(url))
    anonymous = page_html(visitors["anonymous"].get(url))

    assert "Vous serez prévenu par email" in with_alert and 'id="alert_form"' not in with_alert
    assert 'id="alert_form"' in without and 'type="hidden" name="email"' in without
    # A visitor who is not signed in gives the address to write to.
    assert 'id="alert_form"' in anonymous and 'type="email" name="email"' not in without
    assert 'name="email"' in anonymous and 'type="hidden" name="email"' not in anonymous
    assert all('id="add_to_basket_form"' not in html for html in (with_alert, without, anonymous))


def test_wish_lists_are_each_shoppers_own(visitors, product, demo_users):
    wishlist = WishList.objects.create(owner=demo_users["shopper"], name="Courses du samedi")
    wishlist.add(product)
    url = product.get_absolute_url()

    owner = page_html(visitors["shopper"].get(url))
    other = page_html(visitors["other"].get(url))
    anonymous = page_html(visitors["anonymous"].get(url))

    assert "Courses du samedi" in owner and "Dans votre liste" in owner
    assert "Courses du samedi" not in other and 'id="add_to_wishlist_form"' in other
    assert "Courses du samedi" not in anonymous and 'id="add_to_wishlist_form"' not in anonymous


def test_each_visitor_gets_their_own_csrf_token(visitors, product):
    url = product.get_absolute_url()
    secrets = [
        {_unmask_cipher_token(token) for token in TOKEN.findall(page_html(visitors[role].get(url)))}
        for role in ("shopper", "other", "anonymous")
    ]

    assert all(len(found) == 1 for found in secrets), secrets
    assert len(set.union(*secrets)) == 3
    assert "csrf-token-placeholder" not in page_html(visitors["shopper"].get(url))


def test_a_business_only_product_seen_by_a_business_is_not_kept_for_a_shopper(visitors, demo_users):
    masks = Product.objects.get(upc="pure-masques-iir-50")
    buyer = Client()
    buyer.force_login(get_user_model().objects.get(email=BUYER_EMAIL))
    url = masks.get_absolute_url()

    assert "HT" in page_html(buyer.get(url))
    assert visitors["shopper"].get(url).status_code == 404
    assert visitors["anonymous"].get(url).status_code == 404


def test_a_hidden_product_staff_look_at_is_not_kept_for_a_shopper(visitors, product):
    Product.objects.filter(pk=product.pk).update(is_public=False)
    url = product.get_absolute_url()

    assert product.get_title() in page_html(visitors["staff"].get(url))
    assert visitors["shopper"].get(url).status_code == 404
    assert visitors["anonymous"].get(url).status_code == 404


def test_a_mark_written_in_a_description_gets_nothing_of_the_visitor(visitors, product):
    Product.objects.filter(pk=product.pk).update(
        description="<p>Bon pain.</p><!--personal:staff:0000000000000000--><!--personal:staff-->"
    )
    html = page_html(visitors["staff"].get(product.get_absolute_url()))

    assert html.count(EDIT_LINK) == 1


def test_a_wrong_address_still_redirects_to_the_products_own(visitors, product):
    wrong = product.get_absolute_url().replace(product.slug, "autre-nom")
    for _ in range(2):
        response = visitors["shopper"].get(wrong)
        assert response.status_code == 301
        assert response["Location"] == product.get_absolute_url()
