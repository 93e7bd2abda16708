"""The search results page is searched and rendered once per address and language, then kept under the public
pages' version (issue 20: a signed-in shopper's search no longer runs the full-text queries each time);
what it shows is never stale."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from shops.models import Shop
from shops.services.review import shop_suspend
from sitesearch.models import SearchDocument
from sitesearch.services import search_index_rebuild

from .test_search import _product_add

RESULTS = reverse("sitesearch:results")

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_off")]


@pytest.fixture(autouse=True)
def search_index(django_db_setup):
    search_index_rebuild()


def _search(client, **params) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(RESULTS, params)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def _main(html: str) -> str:
    return re.search(r'<div class="sitesearch">.*?</main>', html, re.S).group(0)


def test_the_same_search_is_answered_without_searching_again(client):
    first, html = _search(client, q="baguette")
    again, html_again = _search(client, q="baguette")

    assert again < first - 2, (first, again)
    assert _main(html_again) == _main(html)
    assert "Au Pain Doré" in html_again


def test_a_product_added_is_found_at_once(client):
    _search(client, q="fougasse")

    _product_add(shop_slug="au-pain-dore", title="Fougasse aux olives")

    assert "Fougasse aux olives" in _search(client, q="fougasse")[1]


def test_a_suspended_shop_leaves_a_search_already_kept(client, demo_users):
    assert "Au Pain Doré" in _search(client, q="baguette")[1]

    shop_suspend(shop=Shop.objects.get(slug="au-pain-dore"), actor=demo_users["staff"], reason="Contrôle sanitaire")

    assert "Au Pain Doré" not in _search(client, q="baguette")[1]


def test_a_rebuilt_index_is_searched_again(client):
    _search(client, q="baguette")
    SearchDocument.objects.filter(label__icontains="baguette").delete()

    search_index_rebuild()

    searched, _html = _search(client, q="baguette")
    assert searched > 3


def test_each_address_has_its_own_results(client):
    overview = _search(client, q="baguette")[1]
    products = _search(client, q="baguette", type="products")[1]
    english = _search(client, q="baguette", lang="en-gb")[1]

    assert 'aria-current="page">Tout' in overview
    assert 'aria-current="page">Produits' in products
    assert "Results for “baguette”" in english and 'aria-current="page">All' in english
    assert "Résultats pour" in overview
