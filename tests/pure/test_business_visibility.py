"""Business-only channels (PURE, part 3): the masks of the demo's supplier are invisible to the public
everywhere a product can appear, and reachable by a verified business only."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from oscar.core.loading import get_model

from demo.pure_equipment import BUYER_EMAIL, SUPPLIER_SLUG
from editorial.selectors import products_for_sale
from shops.models import Shop
from shops.selectors.visibility import business_identity
from sitesearch.services import search_index_rebuild

Basket = get_model("basket", "Basket")
Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")

MASKS_UPC = "pure-masques-iir-50"
MASKS = "Masques chirurgicaux type IIR"
SUPPLIER = "Protections Nord-Isère"


@pytest.fixture
def masks(db):
    return Product.objects.get(upc=MASKS_UPC)


@pytest.fixture
def clients(db, demo_users):
    buyer = get_user_model().objects.get(email=BUYER_EMAIL)
    signed_in = {}
    for role, user in (("shopper", demo_users["shopper"]), ("buyer", buyer), ("staff", demo_users["staff"])):
        client = Client()
        client.force_login(user)
        signed_in[role] = client
    return {"anonymous": Client(), **signed_in}


PUBLIC_ROLES = ("anonymous", "shopper", "staff")


def _text(response) -> str:
    return response.content.decode()


def test_the_demo_buyer_is_a_verified_business_and_the_shopper_is_not(db, demo_users):
    buyer = get_user_model().objects.get(email=BUYER_EMAIL)
    assert business_identity(user=buyer).legal_name == "Garage du Centre SARL"
    assert business_identity(user=demo_users["shopper"]) is None
    # An approved shopkeeper is one: their shop's SIRET was checked at sign-up and approved.
    assert business_identity(user=demo_users["shopkeeper_a"]).siret


@pytest.mark.parametrize("role", [*PUBLIC_ROLES, "buyer"])
def test_the_supplier_has_no_storefront_and_is_not_in_the_directory(role, clients, db):
    client = clients[role]
    assert client.get(f"/boutiques/{SUPPLIER_SLUG}/").status_code == 404
    directory = client.get("/boutiques/")
    assert directory.status_code == 200
    assert SUPPLIER not in _text(directory)


@pytest.mark.parametrize("role", [*PUBLIC_ROLES, "buyer"])
def test_the_masks_are_in_no_catalogue_listing(role, clients, masks):
    # The newest products come first: the demo's masks would be on the first page.
    page = clients[role].get("/catalogue/")
    assert page.status_code == 200
    assert MASKS not in _text(page)
    category = Category.objects.filter(depth=1).order_by("pk").first()
    ProductCategory.objects.create(product=masks, category=category)
    page = clients[role].get(category.get_absolute_url())
    assert page.status_code == 200
    assert MASKS not in _text(page)


@pytest.mark.parametrize("role", [*PUBLIC_ROLES, "buyer"])
def test_search_finds_neither_the_masks_nor_their_supplier(role, clients, masks):
    search_index_rebuild()
    for query in ("masques", "protections"):
        page = clients[role].get("/recherche/", {"q": query})
        assert page.status_code == 200
        assert MASKS not in _text(page) and SUPPLIER not in _text(page)
        suggestions = clients[role].get("/recherche/suggestions/", {"q": query[:5]})
        assert MASKS not in _text(suggestions)
    oscar_search = clients[role].get("/search/", {"q": "masques"})
    assert MASKS not in _text(oscar_search)


def test_the_sitemap_lists_neither_the_supplier_nor_its_products(client, masks):
    shops = _text(client.get("/sitemap-boutiques.xml"))
    products = _text(client.get("/sitemap-produits.xml"))
    assert "/boutiques/au-pain-dore/" in shops and SUPPLIER_SLUG not in shops
    assert "/catalogue/" in products and masks.get_absolute_url() not in products


def test_editorial_blocks_never_show_a_business_only_product(rf, masks):
    request = rf.get("/")
    request.user = get_user_model().objects.get(email=BUYER_EMAIL)
    assert products_for_sale(ids=[masks.pk], request=request) == []


@pytest.mark.parametrize("role", PUBLIC_ROLES)
def test_a_guessed_product_address_is_a_404_for_anyone_but_a_verified_business(role, clients, masks):
    assert clients[role].get(masks.get_absolute_url()).status_code == 404


def test_a_verified_business_sees_the_product_page_with_prices_ht_and_ttc(clients, masks):
    page = clients["buyer"].get(masks.get_absolute_url())
    assert page.status_code == 200
    text = _text(page)
    # 9,50 € TTC at 5,5 % TVA.
    assert "9,00\xa0€ HT · 9,50\xa0€ TTC" in text
    assert 'id="add_to_basket_form"' in text
    assert f"/boutiques/{SUPPLIER_SLUG}/" not in text


@pytest.mark.parametrize("role", PUBLIC_ROLES)
def test_basket_add_refuses_a_business_only_product(role, clients, masks):
    client = clients[role]
    client.post(f"/basket/add/{masks.pk}/", {"quantity": 1})
    assert not Basket.objects.filter(lines__product=masks).exists()


def test_a_verified_business_adds_masks_to_its_basket(clients, masks):
    clients["buyer"].post(f"/basket/add/{masks.pk}/", {"quantity": 3})
    buyer = get_user_model().objects.get(email=BUYER_EMAIL)
    basket = Basket.objects.get(owner=buyer, status=Basket.OPEN)
    assert basket.lines.get(product=masks).quantity == 3


def test_cached_pages_never_mix_the_public_and_the_buyer(clients, masks, settings):
    settings.PAGE_CACHE_SECONDS = 60
    url = masks.get_absolute_url()
    anonymous = Client()
    assert anonymous.get(url).status_code == 404
    assert clients["buyer"].get(url).status_code == 200
    assert anonymous.get(url).status_code == 404
    assert Client().get(url).status_code == 404
    # The catalogue: rendered for the buyer, cached for the public; neither shows the masks.
    assert MASKS not in _text(clients["buyer"].get("/catalogue/"))
    first, second = Client().get("/catalogue/"), Client().get("/catalogue/")
    assert MASKS not in _text(first) and MASKS not in _text(second)


def test_the_equipment_page_lists_the_masks_for_the_buyer_only(clients, masks):
    page = _text(clients["buyer"].get("/pure/equipements/"))
    assert MASKS in page and "data-price-ht" in page and "10 par 7 jours" in page
    for role in PUBLIC_ROLES:
        assert MASKS not in _text(clients[role].get("/pure/equipements/"))


def test_staff_flag_a_shop_as_business_only_and_it_leaves_the_public_site(clients, demo_users):
    shop = Shop.objects.get(slug="au-pain-dore")
    response = clients["staff"].post(f"/dashboard/boutiques/{shop.pk}/canal-entreprises/", {"business_only": "1"})
    assert response.status_code == 302
    assert Client().get("/boutiques/au-pain-dore/").status_code == 404
    assert "Au Pain Doré" not in _text(Client().get("/boutiques/"))
    clients["staff"].post(f"/dashboard/boutiques/{shop.pk}/canal-entreprises/", {"business_only": "0"})
    assert Client().get("/boutiques/au-pain-dore/").status_code == 200


def test_a_verified_business_orders_masks_through_the_usual_checkout(clients, masks):
    from django.utils import timezone

    from shops.models import BusinessPurchase
    from shops.schedule import slots_offered
    from shops.selectors.public import shop_hours

    buyer = clients["buyer"]
    buyer.post(f"/basket/add/{masks.pk}/", {"quantity": 11})
    supplier = Shop.objects.prefetch_related("opening_ranges").get(slug=SUPPLIER_SLUG)
    page = buyer.get("/commande/")
    assert page.status_code == 200 and SUPPLIER in _text(page)
    slot = slots_offered(
        hours=shop_hours(shop=supplier),
        now=timezone.now(),
        slot_minutes=supplier.slot_minutes,
        preparation_minutes=supplier.preparation_minutes,
        days_ahead=supplier.days_ahead,
        same_day_cutoff=supplier.same_day_cutoff,
    )[0]
    # 11 boxes: over the cap of 10 per business and week, refused in French, nothing placed.
    refused = buyer.post("/commande/", {f"slot-{supplier.pk}": slot.key, "payment": "pickup"})
    assert refused.status_code in (200, 400)
    assert "10 au plus par entreprise sur 7 jours" in _text(refused).replace("&#x27;", "'")
    assert not BusinessPurchase.objects.filter(product=masks).exists()
    line = Basket.objects.get(owner__email=BUYER_EMAIL, status=Basket.OPEN).lines.get()
    line.quantity = 10
    line.save()
    placed = buyer.post("/commande/", {f"slot-{supplier.pk}": slot.key, "payment": "pickup"})
    assert placed.status_code == 302
    assert BusinessPurchase.objects.get(product=masks).quantity == 10
