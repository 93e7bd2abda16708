"""A shopkeeper's products in "Ma boutique": quick add from a photo, several photos as drafts, the one-screen
form, the list with inline edit, bulk actions, search and sold-out rows — their own shop's only."""

import io
from decimal import Decimal
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from oscar.core.loading import get_model
from PIL import Image

from shops.models import Shop, StockMode
from shops.product_categories import shop_catalogue_category

pytestmark = pytest.mark.django_db

Product = get_model("catalogue", "Product")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")

LIST = reverse("my-shop:products")
QUICK = reverse("my-shop:product-quick-add")
CREATE = reverse("my-shop:product-create")
BULK = reverse("my-shop:product-bulk")


def photo(name="pain-de-campagne.jpg", size=(2000, 1500), fmt="JPEG"):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 150, 90)).save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def bakery(demo_users):
    return Shop.objects.get(slug="au-pain-dore")


@pytest.fixture
def cheese(demo_users):
    return Shop.objects.get(slug="fromagerie-des-roches")


@pytest.fixture
def baker(client, demo_users):
    client.force_login(demo_users["shopkeeper_a"])
    return demo_users["shopkeeper_a"]


def records_of(shop):
    return StockRecord.objects.filter(partner=shop.partner)


def snapshot(shop):
    """Everything a write could touch, to show that a refused one changed nothing."""
    return (
        sorted(
            records_of(shop).values_list(
                "product_id", "product__title", "price", "num_in_stock", "tva_rate", "product__is_public"
            )
        ),
        ProductImage.objects.count(),
        Product.objects.count(),
    )


def html_of(response) -> str:
    return unescape(response.content.decode())


# --- Quick add ---------------------------------------------------------------------------------------


def test_quick_add_page_opens_the_camera_and_starts_at_the_shops_tva(client, baker, bakery):
    html = html_of(client.get(QUICK))
    assert 'capture="environment"' in html
    assert 'accept="image/jpeg,image/png,image/webp"' in html
    # A bakery's products start at 5,5 %.
    assert '<option value="5.50" selected>' in html


def test_quick_add_puts_a_product_on_sale_with_its_photo_resized(client, baker, bakery):
    response = client.post(
        QUICK, {"kind": "one", "photo": photo(), "title": "Pain de seigle", "price": "3,80", "tva_rate": "5.50"}
    )

    assert response.status_code == 302
    record = records_of(bakery).select_related("product", "stock_mode").get(product__title="Pain de seigle")
    assert record.price == Decimal("3.80") and record.tva_rate == Decimal("5.50")
    assert record.product.is_public
    # No stock given: never sells out.
    assert record.stock_mode.mode == StockMode.Mode.ALWAYS
    assert shop_catalogue_category(shop=bakery) in record.product.categories.all()
    image = record.product.images.get()
    with Image.open(image.original) as stored:
        assert max(stored.size) == 1200
    storefront = html_of(client.get(bakery.get_absolute_url()))
    assert "Pain de seigle" in storefront and "3,80" in storefront


def test_quick_add_with_a_stock_counts_it(client, baker, bakery):
    client.post(
        QUICK,
        {"kind": "one", "photo": photo(), "title": "Brioche", "price": "6", "tva_rate": "5.50", "num_in_stock": "4"},
    )
    record = records_of(bakery).get(product__title="Brioche")
    assert record.num_in_stock == 4 and record.stock_mode.mode == StockMode.Mode.COUNTED


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("price", "-2", "Le prix ne peut pas être négatif."),
        ("price", "1e3", "Prix illisible"),
        ("price", "100000000000000000000", "Prix trop élevé"),
        ("price", "3,999", "au plus deux décimales"),
        ("price", "", "Indiquez le prix TTC."),
        ("num_in_stock", "-1", "Le stock ne peut pas être négatif."),
        ("num_in_stock", "2,5", "nombre entier"),
        ("num_in_stock", "1e3", "nombre entier"),
        ("num_in_stock", "100000000000000000000", "Stock trop élevé"),
        ("tva_rate", "7", "Sélectionnez un choix valide"),
    ],
)
def test_quick_add_refuses_bad_values_in_french_and_writes_nothing(client, baker, bakery, field, value, message):
    before = snapshot(bakery)
    data = {"kind": "one", "photo": photo(), "title": "Pain", "price": "2", "tva_rate": "5.50", field: value}

    response = client.post(QUICK, data)

    assert response.status_code == 400
    assert message in html_of(response)
    assert snapshot(bakery) == before


def test_quick_add_refuses_a_file_that_is_not_a_photo(client, baker, bakery):
    before = snapshot(bakery)
    fake = SimpleUploadedFile("pain.jpg", b"\x00\x01binary, not a picture" * 50, content_type="image/jpeg")
    response = client.post(QUICK, {"kind": "one", "photo": fake, "title": "Pain", "price": "2", "tva_rate": "5.50"})
    assert response.status_code == 400
    assert "Format d'image non accepté" in html_of(response)
    assert snapshot(bakery) == before


def test_several_photos_make_as_many_drafts_named_after_their_files(client, baker, bakery):
    response = client.post(
        QUICK,
        {
            "kind": "drafts",
            "photos": [photo("tarte-aux-pommes.jpg"), photo("IMG_2034.jpg"), photo("flan.png", fmt="PNG")],
        },
    )

    assert response.status_code == 302 and response.url.endswith("?show=drafts")
    drafts = records_of(bakery).filter(price__isnull=True).select_related("product")
    titles = sorted(record.product.title for record in drafts)
    assert titles == ["Flan", "Produit à compléter 2", "Tarte aux pommes"]
    assert not any(record.product.is_public for record in drafts)
    listed = html_of(client.get(LIST + "?show=drafts"))
    assert "Tarte aux pommes" in listed and "À compléter" in listed
    storefront = html_of(client.get(bakery.get_absolute_url()))
    assert "Tarte aux pommes" not in storefront


# --- The one-screen form -----------------------------------------------------------------------------


def test_the_product_form_speaks_the_shopkeepers_words_and_defaults_to_the_shops_category(client, baker, bakery):
    html = html_of(client.get(CREATE))
    for words in ("Nom du produit", "Prix TTC", "Taux de TVA", "Toujours disponible", "Sur demande", "Catégorie"):
        assert words in html
    for oscar_words in ("UPC", "SKU", "Partenaire", "Qté allouée", "Vente incitative"):
        assert oscar_words not in html
    own = shop_catalogue_category(shop=bakery)
    assert f'<option value="{own.pk}" selected>' in html


def test_a_product_created_on_request_is_sold_without_a_count(client, baker, bakery):
    own = shop_catalogue_category(shop=bakery)
    response = client.post(
        CREATE,
        {
            "title": "Pièce montée",
            "photos": [photo(), photo("b.jpg")],
            "price": "85,00",
            "tva_rate": "5.50",
            "stock_mode": "on_request",
            "category": own.pk,
            "description": "<p>Sur commande.</p><script>alert(1)</script>",
            "is_public": "on",
        },
    )
    assert response.status_code == 302
    record = records_of(bakery).get(product__title="Pièce montée")
    assert record.stock_mode.mode == StockMode.Mode.ON_REQUEST and record.num_in_stock is None
    assert record.product.images.count() == 2
    assert "<script>" not in record.product.description
    page = html_of(client.get(record.product.get_absolute_url()))
    assert "Sur demande" in page


def test_editing_a_product_keeps_its_reference_and_removes_a_photo(client, baker, bakery):
    client.post(
        CREATE,
        {
            "title": "Fougasse",
            "photos": [photo(), photo("b.jpg")],
            "price": "4",
            "tva_rate": "5.50",
            "stock_mode": "counted",
            "num_in_stock": "5",
            "is_public": "on",
        },
    )
    record = records_of(bakery).get(product__title="Fougasse")
    first = record.product.images.order_by("display_order").first()
    url = reverse("my-shop:product-update", kwargs={"pk": record.product_id})
    assert "Fougasse" in html_of(client.get(url))

    response = client.post(
        url,
        {
            "title": "Fougasse aux olives",
            "price": "4,50",
            "tva_rate": "5.50",
            "stock_mode": "counted",
            "num_in_stock": "8",
            "is_public": "on",
            "remove_photo": [first.pk],
        },
    )

    assert response.status_code == 302
    after = StockRecord.objects.get(pk=record.pk)
    assert (after.product.title, after.price, after.num_in_stock) == ("Fougasse aux olives", Decimal("4.50"), 8)
    assert after.partner_sku == record.partner_sku
    assert after.product.images.count() == 1


def test_another_shops_product_cannot_be_opened_or_edited(client, baker, bakery, cheese):
    theirs = records_of(cheese).select_related("product").first()
    before = snapshot(cheese)
    url = reverse("my-shop:product-update", kwargs={"pk": theirs.product_id})

    assert client.get(url).status_code == 404
    assert (
        client.post(url, {"title": "Volé", "price": "1", "tva_rate": "20.00", "stock_mode": "always"}).status_code
        == 404
    )
    inline = reverse("my-shop:product-inline", kwargs={"pk": theirs.product_id})
    assert client.post(inline, {"price": "0,01", "num_in_stock": "0"}).status_code == 404
    ours = records_of(bakery).first()
    both = {"action": "hide", "products": [ours.product_id, theirs.product_id]}
    assert client.post(BULK, both).status_code == 404
    assert client.post(BULK, {**both, "action": "delete", "confirm": "yes"}).status_code == 404

    assert snapshot(cheese) == before
    assert Product.objects.get(pk=ours.product_id).is_public


# --- The list ----------------------------------------------------------------------------------------


def test_inline_edit_changes_price_stock_and_sale_from_the_list(client, baker, bakery):
    record = records_of(bakery).filter(product__is_public=True, num_in_stock__isnull=False).first()
    url = reverse("my-shop:product-inline", kwargs={"pk": record.product_id})

    response = client.post(url, {"price": "2,35", "num_in_stock": "0", "next": LIST + "?q=x"})

    assert response.status_code == 302 and response.url == LIST + "?q=x"
    record.refresh_from_db()
    assert (record.price, record.num_in_stock) == (Decimal("2.35"), 0)
    assert not Product.objects.get(pk=record.product_id).is_public
    # Sold out: highlighted in the list, and a filter of its own.
    client.post(url, {"price": "2,35", "num_in_stock": "0", "is_public": "on"})
    html = html_of(client.get(LIST + "?show=soldout"))
    assert f'id="product-{record.product_id}"' in html and "product-row--soldout" in html


def test_inline_edit_refuses_bad_values_and_changes_nothing(client, baker, bakery):
    record = records_of(bakery).filter(num_in_stock__isnull=False).first()
    before = snapshot(bakery)
    url = reverse("my-shop:product-inline", kwargs={"pk": record.product_id})
    for data in (
        {"price": "-1", "num_in_stock": "3"},
        {"price": "2", "num_in_stock": "1e3"},
        {"price": "2,555", "num_in_stock": "3"},
        {"price": "", "num_in_stock": "3", "is_public": "on"},
    ):
        response = client.post(url, data, follow=True)
        assert "Rien n'a été modifié" in html_of(response)
    assert snapshot(bakery) == before


def test_the_list_searches_by_name_or_reference(client, baker, bakery):
    record = records_of(bakery).select_related("product").order_by("pk").first()
    word = record.product.title.split()[0]
    html = html_of(client.get(LIST, {"q": word}))
    assert record.product.title in html
    other = records_of(bakery).exclude(product__title__icontains=word).select_related("product").first()
    assert other.product.title not in html
    assert record.product.title in html_of(client.get(LIST, {"q": record.partner_sku}))


def test_bulk_actions_hide_file_under_a_category_and_delete_after_confirmation(client, baker, bakery):
    ids = list(records_of(bakery).order_by("pk").values_list("product_id", flat=True)[:3])
    client.post(BULK, {"action": "hide", "products": ids})
    assert not Product.objects.filter(pk__in=ids, is_public=True).exists()

    other = get_model("catalogue", "Category").objects.exclude(pk=shop_catalogue_category(shop=bakery).pk).first()
    client.post(BULK, {"action": "category", "category": other.pk, "products": ids})
    for product in Product.objects.filter(pk__in=ids):
        assert list(product.categories.all()) == [other]

    asked = client.post(BULK, {"action": "delete", "products": ids})
    assert asked.status_code == 200 and "Supprimer ces 3 produits" in html_of(asked)
    assert Product.objects.filter(pk__in=ids).count() == 3
    client.post(BULK, {"action": "delete", "products": ids, "confirm": "yes"})
    assert not Product.objects.filter(pk__in=ids).exists()


def test_a_draft_cannot_go_on_sale_in_bulk_before_it_has_a_price(client, baker, bakery):
    client.post(QUICK, {"kind": "drafts", "photos": [photo("chausson.jpg")]})
    draft = records_of(bakery).get(product__title="Chausson")
    response = client.post(BULK, {"action": "show", "products": [draft.product_id]}, follow=True)
    assert "sans prix" in html_of(response)
    assert not Product.objects.get(pk=draft.product_id).is_public


def test_a_suspended_shop_changes_nothing(client, baker, bakery):
    Shop.objects.filter(pk=bakery.pk).update(status=Shop.Status.SUSPENDED)
    before = snapshot(bakery)
    client.post(QUICK, {"kind": "one", "photo": photo(), "title": "Pain", "price": "2", "tva_rate": "5.50"})
    assert snapshot(bakery) == before


def test_the_list_of_2000_products_takes_a_bounded_number_of_queries(
    client, baker, bakery, django_assert_max_num_queries
):
    from shops.services.products import product_class_default

    product_class = product_class_default()
    products = Product.objects.bulk_create(
        [
            Product(
                title=f"Article {n:04d}",
                product_class=product_class,
                structure="standalone",
                is_public=True,
                slug=f"article-{n}",
            )
            for n in range(2000)
        ]
    )
    StockRecord.objects.bulk_create(
        [
            StockRecord(
                product=product,
                partner=bakery.partner,
                partner_sku=f"art-{n}",
                price=Decimal("1.00"),
                num_in_stock=n % 3,
            )
            for n, product in enumerate(products)
        ]
    )
    client.get(LIST)  # the session and the dashboard's menu, once
    with django_assert_max_num_queries(20):
        response = client.get(LIST + "?page=3")
    assert response.status_code == 200
    assert html_of(response).count('class="product-row') == 50


def test_the_catalogue_screens_speak_english_to_an_english_browser(client, baker, bakery):
    html = html_of(client.get(LIST, HTTP_ACCEPT_LANGUAGE="en-gb"))
    assert "Add from a photo" in html and "Import a file (CSV)" in html and "Price incl. VAT (€)" in html
    html = html_of(client.get(CREATE, HTTP_ACCEPT_LANGUAGE="en-gb"))
    assert "Always available (today's bread, made to order)" in html and "On sale on my storefront" in html
