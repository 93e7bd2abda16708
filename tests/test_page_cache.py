"""Whole public pages cached for visitors not signed in and with no message waiting (kernel/page_cache.py).

A cached page must be the page a fresh render would give that visitor: their own CSRF token, their
basket's count, their language, the place they chose; what changed (a price, a sale, a published
page) at once; the time of day to the minute. Nobody signed in or with a message waiting gets it.
"""

import re

import pytest
from django.conf import settings
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client
from django.urls import reverse
from oscar.core.loading import get_model

from kernel import page_cache
from orders.locks import stock_allocate
from shops.models import Shop
from tests.storefront import TOKEN, bakery, bakery_product, basket_forms, page_html

pytestmark = pytest.mark.django_db

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


def _badge(html: str) -> str:
    return re.search(r"data-basket-count>(\d+)<", html).group(1)


@pytest.mark.parametrize(
    "address",
    [
        "/",
        "/boutiques/",
        "/boutiques/?near=Vienne&open_now=on",
        "/boutiques/au-pain-dore/",
        "/catalogue/",
        "/recherche/?q=pain",
    ],
)
def test_a_second_anonymous_visit_is_served_without_a_query(address, django_assert_num_queries):
    first = Client().get(address)
    assert first.status_code == 200 and first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = Client().get(address)
    assert second.status_code == 200 and second["X-Page-Cache"] == "hit"
    # The same page, but for the tokens.
    assert TOKEN.sub("", second.content.decode()) == TOKEN.sub("", first.content.decode())
    # The security headers set inside the cache come with the cached page too.
    assert second["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in second["Content-Security-Policy"]
    assert second["Content-Language"] == "fr"


def test_product_page_is_cached_and_sets_no_history_cookie(product):
    address = product.get_absolute_url()
    first = Client().get(address)
    assert first["X-Page-Cache"] == "miss"
    assert set(first.cookies) == {settings.CSRF_COOKIE_NAME}
    assert Client().get(address)["X-Page-Cache"] == "hit"


def test_each_visitor_gets_their_own_token_and_can_add_from_the_cachedpage_html(url, product):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    page_html(first.get(url))
    response = second.get(url)
    assert response["X-Page-Cache"] == "hit"
    html = page_html(response)
    secret = second.cookies[settings.CSRF_COOKIE_NAME].value
    assert secret != first.cookies[settings.CSRF_COOKIE_NAME].value
    tokens = TOKEN.findall(html)
    # The add-to-basket forms and the language switch each carry the visitor's own token.
    assert len(tokens) > 2 and all(_unmask_cipher_token(token) == secret for token in tokens)
    assert "page-cache" not in html

    added = second.post(
        reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": "1", "csrfmiddlewaretoken": tokens[0]}
    )
    assert added.status_code == 302
    # The page that shows the message is rendered for this shopper alone, with their count.
    after = second.get(url)
    assert "X-Page-Cache" not in after
    html = page_html(after)
    assert _badge(html) == "1"
    assert "a été ajouté" in html
    # Then the cached page again, with their own count; the next visitor sees neither.
    again = second.get(url)
    assert again["X-Page-Cache"] == "hit"
    assert _badge(page_html(again)) == "1"
    other = page_html(Client().get(url))
    assert _badge(other) == "0"
    assert "a été ajouté" not in other


def test_a_shopper_with_a_basket_gets_the_cached_page_with_their_count(url, shop, product, django_assert_num_queries):
    shopper = Client()
    shopper.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": "3"})
    page_html(shopper.get(reverse("basket:summary")))  # the message is shown there
    # Their render of a page is kept too, without their count.
    assert shopper.get(url)["X-Page-Cache"] == "miss"
    assert _badge(page_html(Client().get(url))) == "0"
    with django_assert_num_queries(1):  # the basket's count
        response = shopper.get(url)
    assert response["X-Page-Cache"] == "hit"
    assert _badge(page_html(response)) == "3"


def test_a_basket_cookie_naming_no_open_basket_gets_a_renderedpage_html(url):
    page_html(Client().get(url))
    for value in ["forged", "12345:not-signed"]:
        visitor = Client()
        visitor.cookies[settings.OSCAR_BASKET_COOKIE_OPEN] = value
        response = visitor.get(url)
        assert "X-Page-Cache" not in response
        assert _badge(page_html(response)) == "0"


def test_a_signed_in_shopper_never_gets_the_anonymouspage_html(client, url, demo_users):
    page_html(Client().get(url))
    client.force_login(demo_users["shopper"])
    response = client.get(url)
    assert "X-Page-Cache" not in response
    assert "Mes commandes" in page_html(response)
    # Nor is their page kept for the next visitor.
    anonymous = Client().get(url)
    assert anonymous["X-Page-Cache"] == "hit"
    assert "Mes commandes" not in page_html(anonymous)


def test_languages_are_cached_apart(url):
    french, english = Client(), Client()
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en-gb"
    for _ in range(2):
        assert "Ajouter au panier" in page_html(french.get(url))
        html = page_html(english.get(url))
        assert "Add to basket" in html and "Ajouter au panier" not in html


def test_price_changed_in_the_dashboard_shows_at_once(url, product, demo_users):
    from tests.shops.test_dashboard_isolation import _key, _payload

    assert Client().get(url)["X-Page-Cache"] == "miss"
    assert Client().get(url)["X-Page-Cache"] == "hit"
    keeper = Client()
    keeper.force_login(demo_users["shopkeeper_a"])
    form_url = reverse("dashboard:catalogue-product", kwargs={"pk": product.pk})
    data = _payload(keeper.get(form_url))
    data.update({_key(data, "-0-price"): "987.65"})
    assert keeper.post(form_url, data).status_code == 302

    response = Client().get(url)
    assert response["X-Page-Cache"] == "miss"
    assert "987,65" in page_html(response)


def test_last_units_sold_leave_the_page_at_once(url, product):
    assert product.pk in basket_forms(page_html(Client().get(url)))
    record = StockRecord.objects.get(product=product)
    # What a placement does: a conditional UPDATE, which sends no signal.
    assert stock_allocate(stockrecord=record, quantity=record.num_in_stock - (record.num_allocated or 0))
    assert product.pk not in basket_forms(page_html(Client().get(url)))


def test_shop_suspended_leaves_its_cached_storefront_at_once(url, shop):
    assert Client().get(url).status_code == 200
    shop.status = Shop.Status.SUSPENDED
    shop.save()
    assert Client().get(url).status_code == 404


def test_published_page_shows_at_once(django_db_setup):
    from wagtail.models import Site

    page_html(Client().get("/"))
    # The site's (French) home: its English version is a HomePage too (editorial.translation).
    home = Site.objects.get(is_default_site=True).root_page.specific
    home.intro = "Nouvelle accroche du cache"
    home.save_revision().publish()
    assert "Nouvelle accroche du cache" in page_html(Client().get("/"))


def test_a_page_is_served_only_within_its_minute(url, monkeypatch):
    monkeypatch.setattr(page_cache, "_minute", lambda: 29_000_000)
    assert Client().get(url)["X-Page-Cache"] == "miss"
    assert Client().get(url)["X-Page-Cache"] == "hit"
    monkeypatch.setattr(page_cache, "_minute", lambda: 29_000_001)
    assert Client().get(url)["X-Page-Cache"] == "miss"


def test_the_chosen_town_is_remembered_from_a_cached_directorypage_html():
    address = "/boutiques/?near=Vienne"
    assert Client().get(address)["X-Page-Cache"] == "miss"
    visitor = Client()
    response = visitor.get(address)
    assert response["X-Page-Cache"] == "hit"
    assert visitor.cookies["shops_near"].value
    # The home page is then the one near Vienne for this visitor, and not for a visitor with no town.
    assert "Près de Vienne" in page_html(visitor.get("/"))
    assert "Près de Vienne" not in page_html(Client().get("/"))
    assert "Près de Vienne" in page_html(visitor.get("/"))


def test_missing_pages_and_posts_are_not_cached(django_db_setup):
    for _ in range(2):
        response = Client().get("/boutiques/nulle-part/")
        assert response.status_code == 404 and "X-Page-Cache" not in response
    response = Client().post("/recherche/?q=pain")
    assert "X-Page-Cache" not in response


def test_a_visitor_with_a_message_waiting_sees_it_and_nobody_else_does(url, product):
    shopper = Client()
    shopper.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": "1"})
    # The message is shown once, on the shopper's next page, never kept for another visitor.
    assert "a été ajouté" in page_html(shopper.get(url))
    for _ in range(2):
        assert "a été ajouté" not in page_html(Client().get(url))


def test_cache_off_serves_every_page_fresh(settings, url):
    settings.PAGE_CACHE_SECONDS = 0
    for _ in range(2):
        assert "X-Page-Cache" not in Client().get(url)
