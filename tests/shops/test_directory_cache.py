"""The directory's list is rendered once a minute per address and language and kept under the public pages'
version (issue 20: a signed-in shopper's directory no longer reads and renders the shops each time); what it
shows is never stale."""

import re
from datetime import datetime
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from shops.models import Shop
from shops.schedule import PARIS
from shops.services.review import shop_approve, shop_suspend
from tests.factories import shop_pending_create

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_off")]

DIRECTORY = reverse("shops:directory")
_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
# Tuesday 1 December 2026: the demo bakery opens in the morning, closes for lunch.
TUESDAY_11H59 = datetime(2026, 12, 1, 11, 59, 30, tzinfo=PARIS)


def _directory(client, **params) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(DIRECTORY, params)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def _names(html: str) -> list[str]:
    return [unescape(name) for name in re.findall(r'<strong class="shop-card__name">([^<]+)</strong>', html)]


def test_the_list_is_read_once_then_kept(client):
    first, html = _directory(client)
    again, html_again = _directory(client)

    assert again < first, (first, again)
    assert _names(html_again) == _names(html) and _names(html)


def test_a_shop_approved_is_listed_at_once(client, demo_users):
    _directory(client, q="Toute Neuve")
    shop = shop_pending_create(name="Épicerie Toute Neuve")

    shop_approve(shop=shop, actor=demo_users["staff"])

    assert _names(_directory(client, q="Toute Neuve")[1]) == ["Épicerie Toute Neuve"]


def test_a_shop_suspended_leaves_the_list_at_once(client, demo_users):
    assert "Au Pain Doré" in _names(_directory(client)[1])

    shop_suspend(shop=Shop.objects.get(slug="au-pain-dore"), actor=demo_users["staff"], reason="Contrôle")

    assert "Au Pain Doré" not in _names(_directory(client)[1])


def test_open_now_is_worked_out_again_the_next_minute(client, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: TUESDAY_11H59)
    at_11h59 = _names(_directory(client, open_now="on", category="boulangerie")[1])
    queries_kept, _html = _directory(client, open_now="on", category="boulangerie")

    monkeypatch.setattr(timezone, "now", lambda: TUESDAY_11H59.replace(hour=12, minute=0, second=5))
    queries_at_noon, _html = _directory(client, open_now="on", category="boulangerie")

    assert at_11h59
    assert queries_at_noon > queries_kept


def test_each_address_has_its_own_list(client):
    everything = _names(_directory(client)[1])
    vienne = _names(_directory(client, town="Vienne")[1])
    bakeries = _names(_directory(client, category="boulangerie")[1])

    assert vienne and set(vienne) < set(everything)
    assert all(Shop.objects.get(name=name).town == "Vienne" for name in vienne)
    assert "Au Pain Doré" in bakeries
    assert all(Shop.objects.get(name=name).category.slug == "boulangerie" for name in bakeries)


def test_the_filters_come_kept_with_the_list(client):
    with CaptureQueriesContext(connection) as cold:
        first = client.get(DIRECTORY).content.decode()
    with CaptureQueriesContext(connection) as warm:
        second = client.get(DIRECTORY).content.decode()

    assert any('"shops_shopcategory"' in query["sql"] for query in cold.captured_queries)
    assert not any('"shops_shopcategory"' in query["sql"] for query in warm.captured_queries)
    assert _TOKEN.sub("", second) == _TOKEN.sub("", first)
    assert 'name="category"' in second and '<option value="boulangerie">' in second


def test_filters_asked_for_show_as_chosen_on_each_visit(client):
    for _ in range(2):
        _queries, html = _directory(client, category="boulangerie", town="Vienne")
        assert '<option value="boulangerie" selected>' in html
        assert '<option value="Vienne" selected>' in html
