"""Site search: French forms, prefixes, what may be shown, hostile queries and the query budget.

Runs on SQLite (FTS5) and on PostgreSQL (full text, `french`): the same assertions hold on both.
"""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from oscar.core.loading import get_model
from wagtail.models import PageViewRestriction

from editorial.models import ContentPage, HomePage
from shops.models import Shop
from sitesearch.models import SearchDocument
from sitesearch.selectors import search_results, search_suggestions
from sitesearch.services import search_index_rebuild, search_index_update
from sitesearch.text import index_terms, query_terms, term_key
from tests.factories import shop_pending_create

Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
StockRecord = get_model("partner", "StockRecord")

RESULTS = reverse("sitesearch:results")
SUGGEST = reverse("sitesearch:suggest")

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def search_index(django_db_setup, django_db_blocker):
    """The demo data indexed once for the module (the session fixture only seeds it)."""
    with django_db_blocker.unblock():
        search_index_rebuild()


def _outcome(client, query, **params):
    response = client.get(RESULTS, {"q": query, **params})
    assert response.status_code == 200
    return response, response.context["outcome"]


def _labels(outcome, kind):
    group = next(group for group in outcome.groups if group.kind == kind)
    return [document.label for document in group.documents]


def _product_add(*, shop_slug: str, title: str, price: str = "3.50") -> Product:
    shop = Shop.objects.get(slug=shop_slug)
    product = Product.objects.create(
        title=title, product_class=ProductClass.objects.first(), structure=Product.STANDALONE, is_public=True
    )
    StockRecord.objects.create(
        product=product, partner=shop.partner, partner_sku=f"test-{product.pk}", price=Decimal(price), num_in_stock=10
    )
    search_index_update(products=[product])
    return product


# --- French forms ---------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["boulangerie", "boulangeries", "Boulangerie", "BOULANGERIES"])
def test_boulangerie_in_either_number_finds_the_bakeries_and_their_category(client, query):
    _response, outcome = _outcome(client, query)

    assert {"Au Pain Doré", "Le Fournil de l'Isle"} <= set(_labels(outcome, "shop"))
    assert [document.label for document in outcome.categories] == ["Boulangerie"]
    assert not outcome.prefix


def test_singular_query_finds_a_plural_title(client):
    _product_add(shop_slug="bio-et-vrac", title="Farines des boulangeries anciennes")

    _response, outcome = _outcome(client, "boulangerie ancienne")

    assert _labels(outcome, "product") == ["Farines des boulangeries anciennes"]


@pytest.mark.parametrize("query", ["pates", "pâtes", "PATES", "Pâtes"])
def test_pates_without_or_with_accents_finds_pates(client, query):
    _product_add(shop_slug="le-comptoir-du-dauphine", title="Pâtes fraîches aux œufs")

    _response, outcome = _outcome(client, query)

    titles = _labels(outcome, "product")
    assert "Pâtes fraîches aux œufs" in titles
    assert any(title.startswith("Pâtes penne") for title in titles)


@pytest.mark.parametrize("query", ["pâté", "pate", "PÂTÉ"])
def test_pate_finds_pate_en_croute_with_or_without_accents(client, query):
    _response, outcome = _outcome(client, query)

    assert "Pâté en croûte (tranche)" in _labels(outcome, "product")


def test_ligature_and_accent_in_the_index_are_found_by_plain_letters(client):
    _response, outcome = _outcome(client, "oeufs plein air")

    assert _labels(outcome, "product") == ["Œufs plein air (x6)"]


def test_unaccented_town_finds_the_shops_of_cremieu(client):
    _response, outcome = _outcome(client, "cremieu")

    assert "Primeur de la Halle" in _labels(outcome, "shop")


def test_every_word_must_match(client):
    _response, outcome = _outcome(client, "pain campagne")

    titles = _labels(outcome, "product")
    assert titles
    assert all("campagne" in title.lower() for title in titles)


def test_term_keys_are_the_same_for_both_numbers():
    for singular, plural in [("boulangerie", "boulangeries"), ("gâteau", "gâteaux"), ("journal", "journaux")]:
        assert query_terms(singular) == query_terms(plural)
    assert term_key("noix") == "noi"
    assert query_terms("PÂTÉS à l'ancienne") == query_terms("pate a ancienne")
    assert index_terms("L'Atelier d'Œufs") == "atelier oeufs oeuf"


# --- Prefixes and suggestions ---------------------------------------------------------------------


def test_suggest_completes_a_prefix_with_categories_and_shops_first(client):
    response = client.get(SUGGEST, {"q": "fromag"})

    assert response.status_code == 200
    suggestions = response.json()["suggestions"]
    labels = [item["label"] for item in suggestions]
    assert labels[0] == "Fromagerie"
    assert {"Fromagerie des Roches", "Fromages de la rue Marchande"} <= set(labels)
    assert [item["kind"] for item in suggestions][:3] == ["category", "shop", "shop"]
    assert all(item["url"].startswith("/") for item in suggestions)
    assert response.json()["all"]["url"] == f"{RESULTS}?q=fromag"


def test_suggest_gives_price_and_shop_of_a_product(client):
    response = client.get(SUGGEST, {"q": "baguette trad"})

    products = [item for item in response.json()["suggestions"] if item["kind"] == "product"]
    assert products
    assert all(item["label"] == "Baguette tradition" for item in products)
    assert {item["detail"] for item in products} == {"1,30\xa0€ · Au Pain Doré", "1,30\xa0€ · Le Fournil de l'Isle"}


def test_suggest_never_gives_more_than_eight(client):
    response = client.get(SUGGEST, {"q": "pa"})

    assert 0 < len(response.json()["suggestions"]) <= 8


@pytest.mark.parametrize("query", ["", "a", "pain\x00", "x" * 5000, "!!!", "'\"*()-:^"])
def test_suggest_answers_bad_input_with_no_suggestion(client, query):
    response = client.get(SUGGEST, {"q": query})

    assert response.status_code == 200
    assert response.json()["suggestions"] == []


def test_a_prefix_typed_in_the_box_finds_results_when_no_whole_word_matches(client):
    _response, outcome = _outcome(client, "boulan")

    assert outcome.prefix
    assert {"Au Pain Doré", "Le Fournil de l'Isle"} <= set(_labels(outcome, "shop"))


# --- Only what shoppers may see -------------------------------------------------------------------


def test_a_suspended_shop_and_its_products_never_appear(client):
    suspended = Shop.objects.get(slug="au-pain-dore")
    before = search_results(terms=query_terms("baguette"))
    assert any(document.seller_id == suspended.pk for document in before.groups[1].documents)

    Shop.objects.filter(slug="au-pain-dore").update(status="suspended")

    response, outcome = _outcome(client, "baguette")
    products = next(group for group in outcome.groups if group.kind == "product")
    assert products.count > 0
    assert all(document.seller_id != suspended.pk for document in products.documents)
    assert "Au Pain Doré" not in response.content.decode()
    _response, outcome = _outcome(client, "au pain dore")
    assert "Au Pain Doré" not in _labels(outcome, "shop")
    _response, outcome = _outcome(client, "baguette", type="products")
    assert all(document.seller_id != suspended.pk for document in outcome.page.object_list)
    suggestions = client.get(SUGGEST, {"q": "baguet"}).json()["suggestions"]
    assert suggestions
    assert all("Au Pain Doré" not in f"{item['label']} {item['detail']}" for item in suggestions)


def test_the_products_of_a_pending_shop_never_appear(client):
    shop = shop_pending_create(name="Boulangerie Zéphyrine")
    product = Product.objects.create(
        title="Baguette zéphyrine", product_class=ProductClass.objects.first(), structure="standalone", is_public=True
    )
    StockRecord.objects.create(product=product, partner=shop.partner, partner_sku="zephyr-1", price=Decimal("1.20"))
    search_index_update(shops=[shop], products=[product])

    _response, outcome = _outcome(client, "zephyrine")

    assert outcome.total == 0
    assert client.get(SUGGEST, {"q": "zephyr"}).json()["suggestions"] == []


def test_a_product_no_longer_public_disappears_without_reindexing(client):
    Product.objects.filter(title="Pâté en croûte (tranche)").update(is_public=False)

    _response, outcome = _outcome(client, "pate croute")

    assert outcome.total == 0


def test_a_deleted_product_leaves_no_result(client):
    product = _product_add(shop_slug="bio-et-vrac", title="Quinoa rouge éphémère")
    assert _labels(_outcome(client, "ephemere")[1], "product") == ["Quinoa rouge éphémère"]

    product.delete()

    assert _outcome(client, "ephemere")[1].total == 0


def _page_add(*, title: str, live: bool) -> ContentPage:
    home = HomePage.objects.get(locale__language_code="fr")
    page = ContentPage(title=title, slug=title.lower().replace(" ", "-"), intro="Une page de test.", live=live)
    home.add_child(instance=page)
    search_index_update(pages=[page])
    return page


def test_a_draft_page_never_appears_until_it_is_published(client):
    page = _page_add(title="Brouillon de la ratatouille", live=False)

    assert _outcome(client, "ratatouille")[1].total == 0
    assert client.get(SUGGEST, {"q": "ratatou"}).json()["suggestions"] == []

    page.save_revision().publish()

    _response, outcome = _outcome(client, "ratatouille")
    assert _labels(outcome, "page") == ["Brouillon de la ratatouille"]


def test_a_page_behind_a_password_never_appears(client):
    page = _page_add(title="Réservé aux adhérents tartiflette", live=True)
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.PASSWORD, password="secret")

    assert _outcome(client, "tartiflette")[1].total == 0


def test_live_editorial_pages_are_found_by_their_text(client):
    _response, outcome = _outcome(client, "marches de noel")

    # The demo's news article (an older demo database also has a content page on the same market).
    assert "Le marché de Noël revient place Carnot à Bourgoin-Jallieu" in _labels(outcome, "page")


# --- The page and hostile queries -----------------------------------------------------------------


def test_empty_query_invites_to_search_and_browse(client):
    response = client.get(RESULTS)

    assert response.status_code == 200
    content = response.content.decode()
    assert "Tapez dans la case de recherche" in content
    assert f"{reverse('shops:directory')}?category=boulangerie" in content


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("x" * 5000, "Votre recherche est trop longue : 200 caractères au plus."),
        ("pain\x00", "Votre recherche contient des caractères non autorisés."),
        ("\x00", "Votre recherche contient des caractères non autorisés."),
        ("!!! ?", "Saisissez au moins un mot de deux lettres, ou un nombre."),
    ],
)
def test_hostile_or_empty_queries_get_a_message_never_an_error(client, query, message):
    response = client.get(RESULTS, {"q": query})

    assert response.status_code == 200
    assert message in response.content.decode()


@pytest.mark.parametrize("query", ['"', "'", "pain*", "pain AND (", "NEAR(a b)", "pain:*", "\\", "a & b | !c", "«»"])
def test_search_syntax_of_either_database_is_just_text(client, query):
    response = client.get(RESULTS, {"q": query})

    assert response.status_code == 200


def test_no_result_suggests_browsing_the_shops(client):
    response = client.get(RESULTS, {"q": "xylophone"})

    content = response.content.decode()
    assert "Aucun résultat pour «\xa0xylophone\xa0»" in content
    assert f'href="{reverse("shops:directory")}"' in content


def test_results_show_price_ttc_and_shop_for_products_town_and_category_for_shops(client):
    response = client.get(RESULTS, {"q": "baguette tradition"})
    content = response.content.decode()

    assert "1,30\xa0€ <small>TTC</small>" in content
    assert "Le Fournil de l&#x27;Isle" in content

    content = client.get(RESULTS, {"q": "fromagerie roches"}).content.decode()
    assert "Fromagerie des Roches" in content
    assert "Villefontaine" in content


def test_groups_are_capped_with_a_link_to_every_result(client):
    _response, outcome = _outcome(client, "boulangerie")

    products = next(group for group in outcome.groups if group.kind == "product")
    assert products.count > 24
    assert len(products.documents) == 24
    assert products.has_more


def test_one_group_is_paginated(client):
    _response, first = _outcome(client, "boulangerie", type="products")
    _response, second = _outcome(client, "boulangerie", type="products", page="2")

    assert second.page.number == 2
    assert len(first.page.object_list) == 24
    assert not {d.pk for d in first.page.object_list} & {d.pk for d in second.page.object_list}
    assert first.page.paginator.count == first.counts["product"]


@pytest.mark.parametrize("params", [{"page": "abc"}, {"page": "999"}, {"page": "-1"}, {"type": "nimporte"}])
def test_odd_paging_parameters_fall_back_to_a_real_page(client, params):
    response = client.get(RESULTS, {"q": "pain", **params})

    assert response.status_code == 200


def test_rebuilding_twice_gives_the_same_documents():
    first = search_index_rebuild()
    documents = set(
        SearchDocument.objects.values_list("kind", "shop_id", "product_id", "page_id", "category_id", "seller_id")
    )

    assert search_index_rebuild() == first
    assert set(
        SearchDocument.objects.values_list("kind", "shop_id", "product_id", "page_id", "category_id", "seller_id")
    ) == (documents)
    assert first["shop"] == Shop.objects.count()


def test_a_renamed_product_is_found_by_its_new_name_once_updated(client):
    product = _product_add(shop_slug="bio-et-vrac", title="Galettes de sarrasin")
    product.title = "Crêpes de froment"
    product.save()

    search_index_update(products=[product])
    search_index_update(products=[product])

    assert SearchDocument.objects.filter(product=product).count() == 1
    assert _outcome(client, "galette sarrasin")[1].total == 0
    assert _labels(_outcome(client, "crepes froment")[1], "product") == ["Crêpes de froment"]


def test_wagtail_update_index_keeps_the_documents_searchable(client):
    call_command("update_index", verbosity=0)

    assert "Au Pain Doré" in _labels(_outcome(client, "boulangeries")[1], "shop")


def test_search_suggestions_selector_caps_each_kind():
    documents = search_suggestions(terms=query_terms("pain"))

    assert len(documents) <= 8
    assert sum(document.kind == "product" for document in documents) <= 8


# --- Speed ----------------------------------------------------------------------------------------

QUERY_BUDGET = 15


def _signed_in(client, user):
    client.force_login(user)
    # Oscar opens a signed-in shopper's basket on the first page after login, once per account:
    # the budget is for every page after that one.
    client.get(RESULTS)


@pytest.fixture
def every_group_found(client):
    """A page about cheese shops: "fromagerie" then finds a category, shops, products and a page."""
    _page_add(title="Les fromageries du Nord-Isère", live=True)
    _response, outcome = _outcome(client, "fromagerie")
    assert outcome.categories and all(group.count for group in outcome.groups)


def _pages_within_budget(client, django_assert_max_num_queries):
    for params in [
        {"q": "fromagerie"},
        {"q": "pain"},
        {"q": "boulangerie"},
        {"q": "pain", "type": "products", "page": "2"},
        {"q": "boulan"},
        {"q": "xylophone"},
        {"q": ""},
    ]:
        # The first visit makes the found products' thumbnails, once per photo (as the catalogue's budget
        # test warms its own): the budget is for every visit after that.
        client.get(RESULTS, params)
        with django_assert_max_num_queries(QUERY_BUDGET):
            assert client.get(RESULTS, params).status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get(SUGGEST, {"q": "pai"}).status_code == 200


def test_results_stay_within_the_query_budget_on_the_demo(
    client, demo_users, every_group_found, django_assert_max_num_queries
):
    _pages_within_budget(client, django_assert_max_num_queries)
    _signed_in(client, demo_users["shopper"])
    _pages_within_budget(client, django_assert_max_num_queries)


def test_results_stay_within_the_query_budget_with_two_thousand_more_products(
    client, demo_users, every_group_found, django_assert_max_num_queries
):
    shop = Shop.objects.get(slug="bio-et-vrac")
    product_class = ProductClass.objects.first()
    products = Product.objects.bulk_create(
        Product(
            title=f"Pain spécial numéro {number}",
            slug=f"pain-special-{number}",
            product_class=product_class,
            structure=Product.STANDALONE,
            is_public=True,
        )
        for number in range(2000)
    )
    StockRecord.objects.bulk_create(
        StockRecord(
            product=product,
            partner=shop.partner,
            partner_sku=f"bulk-{product.pk}",
            price=Decimal("2.10"),
            num_in_stock=5,
        )
        for product in products
    )
    search_index_update(products=products)

    _response, outcome = _outcome(client, "pain special")
    assert outcome.counts["product"] == 2000
    _pages_within_budget(client, django_assert_max_num_queries)
    _signed_in(client, demo_users["shopper"])
    _pages_within_budget(client, django_assert_max_num_queries)


def test_a_shop_renamed_in_its_profile_is_found_by_its_new_name(client):
    from shops.services.profile import shop_profile_update

    shop = Shop.objects.get(slug="au-pain-dore")
    shop_profile_update(shop=shop, data={"name": "Boulangerie Zéphyrine"})
    _response, outcome = _outcome(client, "zephyrine")
    assert "Boulangerie Zéphyrine" in _labels(outcome, "shop")


# --- What a kind of shop sells, and typos ---------------------------------------------------------


def _shop_products(slug_part: str) -> set[str]:
    return set(
        Product.objects.filter(
            stockrecords__partner__shop__slug__contains=slug_part, is_public=True, parent=None
        ).values_list("title", flat=True)
    )


@pytest.mark.parametrize("query", ["fromage", "fromages", "Fromage", "FROMAGES"])
def test_fromage_finds_every_product_of_the_cheese_shops_and_the_shops(client, query):
    _response, by_kind = _outcome(client, "fromagerie")
    _response, outcome = _outcome(client, query)

    assert outcome.counts["product"] >= by_kind.counts["product"] > 1
    assert {"Fromagerie des Roches", "Fromages de la rue Marchande"} <= set(_labels(outcome, "shop"))
    assert [document.label for document in outcome.categories] == ["Fromagerie"]
    _response, every = _outcome(client, query, type="products")
    listed = {document.label for document in every.page.paginator.object_list}
    assert _shop_products("fromagerie-des-roches") <= listed


@pytest.mark.parametrize(("query", "shop_slug"), [("pain", "au-pain-dore"), ("légumes", "primeur-de-la-halle")])
def test_the_words_of_a_kind_of_shop_find_all_its_products(client, query, shop_slug):
    _response, outcome = _outcome(client, query, type="products")

    listed = {document.label for document in outcome.page.paginator.object_list}
    # Croissants and tomatoes too: "pain" and "légume" are in no title of theirs.
    assert _shop_products(shop_slug) <= listed


def test_a_product_of_the_cheese_category_sold_elsewhere_is_found_by_fromage(client):
    from oscar.apps.catalogue.categories import create_from_breadcrumbs

    product = _product_add(shop_slug="bio-et-vrac", title="Tomme de brebis")
    product.categories.add(create_from_breadcrumbs("Fromagerie"))
    search_index_update(products=[product])

    assert "Tomme de brebis" in {d.label for d in _outcome(client, "fromages", type="products")[1].page.object_list}


@pytest.mark.parametrize("query", ["baguete", "baguete tradition", "bagettes", "bagette tradition"])
def test_a_typo_still_finds_the_baguettes(client, query):
    _response, outcome = _outcome(client, query)

    # PostgreSQL's French stemmer already reads "baguete" as "baguette"; SQLite needs the correction.
    assert "Baguette tradition" in _labels(outcome, "product")


@pytest.mark.parametrize("query", ["bagettes", "bagette tradition"])
def test_a_corrected_query_says_what_was_searched_instead(client, query):
    response, outcome = _outcome(client, query)

    assert outcome.corrected
    html = response.content.decode()
    assert f"Rien ne correspond à «\xa0{query}\xa0»" in html
    assert "voici les résultats pour «\xa0baguette" in html


def test_a_typo_in_a_kind_of_shop_finds_its_shops(client):
    _response, outcome = _outcome(client, "fromagerei")

    assert outcome.corrected
    assert "Fromagerie des Roches" in _labels(outcome, "shop")


def test_a_word_close_to_nothing_is_not_corrected(client):
    _response, outcome = _outcome(client, "xylophone")

    assert not outcome.corrected
    assert outcome.total == 0


def test_a_correction_never_shows_what_shoppers_may_not_see(client):
    shop = shop_pending_create(name="Épicerie Quasimodo")
    product = Product.objects.create(
        title="Quinquina maison", product_class=ProductClass.objects.first(), structure="standalone", is_public=True
    )
    StockRecord.objects.create(product=product, partner=shop.partner, partner_sku="quasi-1", price=Decimal("9.00"))
    search_index_update(shops=[shop], products=[product])

    _response, outcome = _outcome(client, "quinquinna")

    assert outcome.total == 0
    assert not outcome.corrected


def test_the_vocabulary_is_rebuilt_with_the_documents():
    from sitesearch.models import SearchTerm
    from sitesearch.selectors import search_terms_corrected

    search_index_rebuild()

    assert SearchTerm.objects.filter(term="baguette").exists()
    assert not SearchTerm.objects.filter(term="de").exists()
    assert search_terms_corrected(terms=query_terms("baguete fromges")) == ["baguette", "fromage"]
    assert search_terms_corrected(terms=query_terms("pain")) == ["pain"]


def test_a_products_name_still_finds_that_product_first_not_its_whole_kind(client):
    _response, outcome = _outcome(client, "baguette")

    assert outcome.counts["product"] == sum(1 for title in _labels(outcome, "product") if "aguette" in title)
