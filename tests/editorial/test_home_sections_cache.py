"""The home's sections are rendered once a minute per language and place and kept beneath the page cache
(issue 20: a signed-in shopper's home no longer renders every block); what they show is never stale."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from shops.services.review import shop_approve
from tests.factories import shop_pending_create

from .helpers import home, html_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_off")]


def _queries(client, address="/") -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    assert response.status_code == 200
    return len(queries), html_of(response)


def _without_tokens(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_the_sections_are_rendered_once_and_read_back(client):
    first, html = _queries(client)
    again, html_again = _queries(client)

    # The newest shops, the latest news and their pictures are not read again.
    assert again < first - 3, (first, again)
    assert _without_tokens(html_again) == _without_tokens(html)


def test_a_shop_approved_shows_at_once_among_the_new_shops(client, demo_users):
    _queries(client)
    shop = shop_pending_create(name="Épicerie Toute Neuve")

    shop_approve(shop=shop, actor=demo_users["staff"])

    assert "Épicerie Toute Neuve" in _queries(client)[1]


def test_each_town_gets_its_own_shops_near(client):
    vienne = _queries(client, "/?near=Vienne")[1]
    bourgoin = _queries(client, "/?near=Bourgoin-Jallieu")[1]

    assert "Près de Vienne" in vienne and "Près de Bourgoin-Jallieu" in bourgoin


def test_the_sections_are_rendered_again_in_the_next_minute(client, monkeypatch):
    _queries(client)
    cached, _html = _queries(client)
    a_minute_later = timezone.now() + timedelta(minutes=1)
    monkeypatch.setattr("django.utils.timezone.now", lambda: a_minute_later)

    assert _queries(client)[0] > cached


def test_an_editors_preview_is_never_read_from_the_cache(client):
    _queries(client)
    page = home()
    page.title = "Un titre en brouillon"
    page.intro = "Une accroche en brouillon"

    response = page.make_preview_request()

    assert response.status_code == 200
    # The hero section's catch line (the page's <meta> description says it whether cached or not).
    assert '<p class="hero__intro">Une accroche en brouillon</p>' in response.content.decode()


def test_a_featured_products_add_to_basket_carries_each_visitors_own_token(demo_users):
    """An editor's "Produits à la une" on the home: its forms are in the cached sections, yet each visitor
    posts with their own CSRF token (a cached fragment never hands one visitor's token to another)."""
    from django.test import Client

    from shops.selectors.products import product_list_public

    product = product_list_public().filter(stockrecords__num_in_stock__gt=0).order_by("pk").first()
    page = home()
    page.body.append(("featured_products", {"title": "À la une", "products": [product], "count": 1}))
    page.save_revision().publish()

    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    second.force_login(demo_users["shopper"])
    assert "À la une" in html_of(first.get("/"))
    html = html_of(second.get("/"))
    assert "csrf-token-placeholder" not in html
    add = f'action="/basket/add/{product.pk}/"'
    assert add in html
    form = html[html.index(add) :]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)

    response = second.post(f"/basket/add/{product.pk}/", {"quantity": 1, "csrfmiddlewaretoken": token})

    assert response.status_code == 302
    assert "data-basket-count>1</span>" in html_of(second.get("/"))
