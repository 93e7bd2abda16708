"""The catalogue's and a category's listing are the same for every visitor but for the header: their parts
(breadcrumbs, category tree, listing) are built once a minute per address and language under the public
pages' version and kept (oscar_apps.search.views.catalogue, issue 20). A signed-in shopper's listing no
longer reads the categories, the page's products and their version on every visit; nothing of one visitor
reaches another."""

import re
from html import unescape

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.db import connection
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_model

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_off")]

Category = get_model("catalogue", "Category")

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# Oscar's "Edit this category", in its French.
CATEGORY_EDIT = "Editer cette catégorie"


@pytest.fixture
def visitors(demo_users):
    clients = {"anonymous": Client()}
    for role in ("shopper", "staff"):
        clients[role] = Client()
        clients[role].force_login(demo_users[role])
    return clients


def _visit(client, url) -> tuple[list[str], str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in queries.captured_queries], response.content.decode()


def _listing_reads(queries: list[str]) -> list[str]:
    return [sql for sql in queries if '"catalogue_product"' in sql or '"catalogue_category"' in sql]


def test_a_signed_in_shoppers_second_visit_reads_no_product_nor_category(visitors, url):
    cold, first = _visit(visitors["shopper"], url)
    warm, second = _visit(visitors["shopper"], url)

    assert _listing_reads(cold)
    assert not _listing_reads(warm), warm
    # The session, its user and the header's basket count: the frame of every signed-in page.
    assert len(warm) <= 3, warm
    assert TOKEN.sub("", second) == TOKEN.sub("", first)
    assert second.count('class="product_pod"') == first.count('class="product_pod"') > 0


def test_each_visitor_gets_their_own_csrf_token(visitors, url):
    secrets = [
        {_unmask_cipher_token(token) for token in TOKEN.findall(_visit(visitors[role], url)[1])}
        for role in ("shopper", "staff", "anonymous")
    ]

    assert all(len(found) == 1 for found in secrets), secrets
    assert len(set.union(*secrets)) == 3


def test_the_category_edit_link_is_the_staffs_own(visitors):
    url = create_from_breadcrumbs("Boulangerie").get_absolute_url()
    shopper_first = _visit(visitors["shopper"], url)[1]
    staff = _visit(visitors["staff"], url)[1]
    shopper_again = _visit(visitors["shopper"], url)[1]

    assert CATEGORY_EDIT in staff
    assert CATEGORY_EDIT not in shopper_first + shopper_again
    assert "<h1>Boulangerie</h1>" in staff and "<h1>Boulangerie</h1>" in shopper_again


def test_a_hidden_category_staff_look_at_is_not_kept_for_a_shopper(visitors):
    category = create_from_breadcrumbs("Boulangerie")
    Category.objects.filter(pk=category.pk).update(is_public=False)
    url = category.get_absolute_url()

    assert _visit(visitors["staff"], url)[1].count("product_pod") > 0
    assert visitors["shopper"].get(url).status_code == 404
    assert visitors["anonymous"].get(url).status_code == 404


def test_a_page_past_the_last_goes_back_to_the_first_with_a_message_every_time(visitors, url):
    for _ in range(2):
        response = visitors["shopper"].get(url, {"page": "9999"}, follow=True)
        assert response.redirect_chain[-1][0] == url
        assert "Cette page de résultats n'existe pas." in unescape(response.content.decode())


def test_a_category_at_a_wrong_address_redirects_to_its_own(visitors):
    category = create_from_breadcrumbs("Boulangerie")
    wrong = category.get_absolute_url().replace("boulangerie", "autre-nom")
    for _ in range(2):
        response = visitors["shopper"].get(wrong)
        assert response.status_code == 301
        assert response["Location"] == category.get_absolute_url()


def test_french_and_english_listings_are_kept_apart(visitors):
    url = reverse("catalogue:index")
    french = _visit(visitors["shopper"], url)[1]
    english = visitors["shopper"].get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Tous les produits" in french
    assert "Tous les produits" not in english and "All products" in english


def test_a_new_user_sees_no_one_elses_name(url):
    first = get_user_model().objects.create_user(email="premiere@example.fr", password="mot-de-passe-long-1")
    second = get_user_model().objects.create_user(email="seconde@example.fr", password="mot-de-passe-long-1")
    pages = []
    for user in (first, second):
        client = Client()
        client.force_login(user)
        pages.append(_visit(client, url)[1])

    assert "premiere@example.fr" not in pages[1]


def test_building_a_listings_parts_keeps_no_footer_of_its_own(visitors, url):
    """The page is rendered once without the visitor's context for its parts: the footer in it (kept per
    version, language and minute, all missing there) is thrown away, not kept under empty values."""
    _visit(visitors["shopper"], url)

    # Rendered without the context processors, the footer's version and minute would be empty.
    assert cache.get(make_template_fragment_key("site-footer", ["", "fr", ""])) is None
    # The footer the shopper got is the one kept under the real values.
    assert "Allo CCI" in _visit(visitors["shopper"], url)[1]
