"""A storefront is the same page for every visitor but for the header: its content is built once a minute per
address and language under the public pages' version, and kept (shopping.storefront, issue 20). A signed-in
shopper's storefront no longer reads the shop, its slots and its catalogue's version on every visit; what it
shows is never older than the anonymous visitor's cached page, and nothing of one visitor reaches another."""

from datetime import datetime

import pytest
from django.db import connection
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from shops.models import Shop
from shops.schedule import PARIS
from shops.services.review import shop_suspend
from tests.storefront import TOKEN, bakery, page_html

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_off")]

# Tuesday 1 December 2026: the demo bakery opens in the morning and closes for lunch at 12:30.
TUESDAY_12H29 = datetime(2026, 12, 1, 12, 29, 30, tzinfo=PARIS)


@pytest.fixture
def url(django_db_setup):
    return bakery().get_absolute_url()


def _shop_queries(queries) -> list[str]:
    return [query["sql"] for query in queries if 'FROM "shops_shop"' in query["sql"]]


def _visit(client, url) -> tuple[list, str]:
    with CaptureQueriesContext(connection) as queries:
        html = page_html(client.get(url))
    return queries.captured_queries, html


def test_a_signed_in_shoppers_second_visit_reads_nothing_of_the_shop(client, url, demo_users):
    client.force_login(demo_users["shopper"])
    cold, first = _visit(client, url)
    warm, second = _visit(client, url)

    assert _shop_queries(cold)
    assert not _shop_queries(warm)
    # The session, its user and the header's basket count: the frame of every signed-in page.
    assert len(warm) <= 3, [query["sql"] for query in warm]
    assert TOKEN.sub("", second) == TOKEN.sub("", first)
    assert "Au Pain Doré" in second and "Horaires" in second


def test_nothing_of_one_visitor_reaches_another(url, demo_users):
    shopper, keeper, anonymous = Client(), Client(), Client()
    shopper.force_login(demo_users["shopper"])
    keeper.force_login(demo_users["shopkeeper_a"])
    shopper_html = page_html(shopper.get(url))
    keeper_html = page_html(keeper.get(url))
    anonymous_html = page_html(anonymous.get(url))

    # Each form carries its own masking of the visitor's secret: one secret per page, three in all.
    secrets = [
        {_unmask_cipher_token(token) for token in TOKEN.findall(html)}
        for html in (shopper_html, keeper_html, anonymous_html)
    ]
    assert all(len(found) == 1 for found in secrets), secrets
    assert len(set.union(*secrets)) == 3
    assert "csrf-token-placeholder" not in shopper_html + keeper_html + anonymous_html
    # Each header is its own visitor's: the dashboard for the shopkeeper only, sign-in for the anonymous one.
    assert "Tableau de bord" in keeper_html and "Tableau de bord" not in shopper_html + anonymous_html
    assert "Se déconnecter" in shopper_html and "Se déconnecter" not in anonymous_html
    assert "Se connecter" in anonymous_html


def test_a_suspended_shop_is_gone_at_once_for_a_signed_in_shopper(client, url, demo_users):
    client.force_login(demo_users["shopper"])
    page_html(client.get(url))

    shop_suspend(shop=bakery(), actor=demo_users["staff"], reason="Contrôle")

    assert client.get(url).status_code == 404


def test_a_shop_that_does_not_exist_is_a_404_every_time(client, demo_users):
    client.force_login(demo_users["shopper"])
    assert client.get("/boutiques/nulle-part/").status_code == 404
    assert client.get("/boutiques/nulle-part/").status_code == 404
    assert not Shop.objects.filter(slug="nulle-part").exists()


def test_open_now_is_worked_out_again_the_next_minute(client, url, demo_users, monkeypatch):
    client.force_login(demo_users["shopper"])
    monkeypatch.setattr(timezone, "now", lambda: TUESDAY_12H29)
    open_html = page_html(client.get(url))
    kept, kept_html = _visit(client, url)

    monkeypatch.setattr(timezone, "now", lambda: TUESDAY_12H29.replace(minute=30, second=5))
    closing, closed_html = _visit(client, url)

    assert _shop_queries(closing) and not _shop_queries(kept)
    assert "Ouvert" in open_html and "Ouvert" in kept_html
    assert "Ouvert" not in closed_html and "Fermé" in closed_html


def test_french_and_english_storefronts_are_kept_apart(client, url, demo_users):
    client.force_login(demo_users["shopper"])
    french = page_html(client.get(url))
    english = page_html(client.get(url, HTTP_ACCEPT_LANGUAGE="en"))

    assert "Horaires" in french and "Horaires" not in english
    assert "Hours" in english and "Open" in english
