"""Live blocks show the marketplace as it is now; what a shopper may no longer see renders nothing, and the
editor is told in the preview; pages with live blocks stay right under the whole-page cache."""

import pytest
from django.test import Client
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_model

from editorial.models import CampaignPage
from shops.models import Shop, ShopCategory
from shops.selectors.visibility import shop_public_q
from shops.services.review import shop_suspend
from tests.storefront import bakery, bakery_product

from .helpers import home, html_of

pytestmark = pytest.mark.django_db

Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")
WARNING = 'class="live-block-warning"'


def _campaign(*body, slug="campagne-test") -> CampaignPage:
    page = home().add_child(instance=CampaignPage(title="Campagne test", slug=slug, body=list(body)))
    page.save_revision().publish()
    return CampaignPage.objects.get(pk=page.pk)


def _preview(page) -> str:
    """The page as the editor's preview shows it (a request without cookies, as a cached visitor's)."""
    response = page.make_preview_request()
    assert response.status_code == 200 and "X-Page-Cache" not in response
    return response.content.decode()


@pytest.fixture
def shop(django_db_setup):
    return bakery()


@pytest.fixture
def product(shop):
    return bakery_product(shop)


def test_shop_card_shows_open_state_next_slot_and_a_link(client, shop):
    html = html_of(client.get(_campaign(("shop", {"shop": shop})).url))
    assert "Commander chez Au Pain Doré" in html
    assert f'href="{shop.get_absolute_url()}"' in html
    assert 'class="badge-open"' in html or 'class="badge-closed"' in html
    assert 'class="next-slot' in html


def test_a_suspended_shop_renders_nothing_the_page_still_publishes_and_the_preview_warns(client, shop, demo_users):
    page = _campaign(("shop", {"shop": shop}))
    shop_suspend(shop=shop, actor=demo_users["staff"], reason="Contrôle")

    page.save_revision().publish()  # publishing with a block on a suspended shop is not refused
    html = html_of(client.get(page.url))
    assert "Au Pain Doré" not in html and WARNING not in html
    assert "cette boutique n'existe plus ou n'est pas validée" in _preview(page)


def test_product_card_shows_price_stock_and_add_to_basket(client, product):
    html = html_of(client.get(_campaign(("product", {"product": product})).url))
    assert product.get_title() in html
    assert "€" in html and 'class="product-card__stock' in html
    assert f"/basket/add/{product.pk}/" in html


@pytest.mark.parametrize(
    "gone",
    [
        lambda product: product.delete(),
        lambda product: Product.objects.filter(pk=product.pk).update(is_public=False),
        lambda product: StockRecord.objects.filter(product=product).update(num_in_stock=0, num_allocated=0),
        lambda product: Shop.objects.filter(partner__stockrecords__product=product).update(
            status=Shop.Status.SUSPENDED
        ),
    ],
    ids=["deleted", "hidden", "sold-out", "shop-suspended"],
)
def test_a_product_no_longer_for_sale_renders_nothing_and_the_preview_warns(client, product, gone):
    page = _campaign(("product", {"product": product}))
    title = product.get_title()
    gone(product)

    html = html_of(client.get(page.url))
    assert title not in html and WARNING not in html
    assert "ce produit a été supprimé ou n'est plus en vente" in _preview(CampaignPage.objects.get(pk=page.pk))


def test_product_list_shows_chosen_products_then_the_category_newest_for_sale(client, product):
    cheese = create_from_breadcrumbs("Fromagerie")
    block = {"title": "Sélection", "products": [product], "category": cheese, "count": 4}
    html = html_of(client.get(_campaign(("product_list", block)).url))
    cards = html.count('<article class="product-card">')
    assert cards == 4
    assert html.index(product.get_title()) < html.index("Tous les produits : Fromagerie")
    newest_cheese = (
        Product.objects.filter(categories=cheese, stockrecords__num_in_stock__gt=0)
        .order_by("-date_created", "-pk")
        .first()
    )
    assert newest_cheese.get_title() in html


def test_shop_list_of_a_category_is_nearest_to_the_visitor_town_first(client):
    bakeries = ShopCategory.objects.get(slug="boulangerie")
    page = _campaign(
        ("shop_list", {"title": "Boulangeries", "town": "", "category": bakeries, "count": 2, "order": "near"})
    )
    names = list(Shop.objects.filter(category=bakeries, status=Shop.Status.APPROVED).values_list("name", flat=True))
    near_isle = html_of(client.get(page.url, {"near": "L'Isle-d'Abeau"}))
    assert near_isle.index("Le Fournil de l") < near_isle.index("Au Pain Doré")
    near_bourgoin = html_of(client.get(page.url, {"near": "Bourgoin-Jallieu"}))
    assert near_bourgoin.index("Au Pain Doré") < near_bourgoin.index("Le Fournil de l")
    assert len(names) >= 2 and "Boucherie" not in near_isle.split("Boulangeries", 1)[1].split("</section>")[0]


def test_shop_list_of_a_town_lists_only_its_approved_shops(client, shop, demo_users):
    page = _campaign(
        (
            "shop_list",
            {"title": "À Bourgoin", "town": "Bourgoin-Jallieu", "category": None, "count": 24, "order": "newest"},
        )
    )
    shop_suspend(shop=shop, actor=demo_users["staff"], reason="Contrôle")
    section = html_of(client.get(page.url)).split("À Bourgoin", 1)[1].split("</section>")[0]
    assert "Au Pain Doré" not in section
    for other in Shop.objects.filter(shop_public_q(), town="Bourgoin-Jallieu"):
        assert other.name.replace("'", "&#x27;") in section
    assert "Villefontaine" not in section


def test_category_link_points_at_the_category_and_a_deleted_one_renders_nothing(client):
    gifts = create_from_breadcrumbs("Cadeaux")
    page = _campaign(("category_link", {"category": gifts, "text": ""}))
    assert f'href="{gifts.get_absolute_url()}">Cadeaux</a>' in html_of(client.get(page.url))
    gifts.delete()
    assert "live-category" not in html_of(client.get(page.url))


# --- The whole-page cache ----------------------------------------------------------------------------


def test_a_cached_campaign_page_changes_when_its_shop_is_suspended(shop, demo_users):
    page = _campaign(("shop", {"shop": shop}))
    assert Client().get(page.url)["X-Page-Cache"] == "miss"
    second = Client().get(page.url)
    assert second["X-Page-Cache"] == "hit" and "Au Pain Doré" in html_of(second)

    shop_suspend(shop=shop, actor=demo_users["staff"], reason="Contrôle")

    after = Client().get(page.url)
    assert after["X-Page-Cache"] == "miss" and "Au Pain Doré" not in html_of(after)


def test_a_cached_campaign_page_shows_a_new_price_at_once(product):
    page = _campaign(("product", {"product": product}))
    Client().get(page.url)
    assert Client().get(page.url)["X-Page-Cache"] == "hit"

    record = StockRecord.objects.get(product=product)
    record.price = "123.45"
    record.save()

    html = html_of(Client().get(page.url))
    assert "123,45" in html
