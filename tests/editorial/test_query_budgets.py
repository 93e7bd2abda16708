"""The home, the news and the campaign cost a bounded number of queries when rendered (the whole-page cache
answers anonymous visits after the first)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from editorial.models import NewsIndexPage, NewsPage

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_off")]

BUDGET = 15


@pytest.mark.parametrize(
    "url",
    [
        lambda: "/",
        lambda: "/?near=Vienne",
        lambda: NewsIndexPage.objects.get(locale__language_code="fr").url,
        lambda: NewsPage.objects.get(slug="quarante-commerces-en-ligne").url,
    ],
    ids=["home", "home-near", "news", "article"],
)
def test_editorial_pages_stay_within_the_query_budget(client, django_assert_max_num_queries, url):
    address = url()
    client.get(address)  # warm the per-process caches (site, renditions, templates)
    with django_assert_max_num_queries(BUDGET):
        assert client.get(address).status_code == 200


def test_a_shop_card_in_an_article_costs_five_queries(client, django_assert_max_num_queries):
    # The shop, read again approved with its hours and closures, and its pickup slots' counters.
    address = NewsPage.objects.get(slug="fromagerie-des-roches-dix-ans").url
    client.get(address)
    with django_assert_max_num_queries(BUDGET + 5):
        assert client.get(address).status_code == 200


def test_the_campaign_page_costs_a_few_queries_per_live_block(client):
    client.get("/noel-dans-ma-rue/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/noel-dans-ma-rue/").status_code == 200
    # Seven live blocks: a shop card costs its hours and its slots (about 6), a list 4 or 5.
    assert len(queries) <= 45, len(queries)
