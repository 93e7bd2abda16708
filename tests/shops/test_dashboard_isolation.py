"""Oscar's dashboard, audited as shopkeeper B against shop A's objects: nothing seen, nothing changed.

Shopkeepers are partner users with only `partner.dashboard_access`, never staff. Each test names
the Oscar view it audits; the views Oscar already scopes to the user's partners are pinned here so
that an Oscar upgrade that loosens them fails, and the two it left open (product lookup, product
recommendations) are closed by the thin fork in oscar_apps/dashboard/catalogue/.
"""

import time
from decimal import Decimal

import pytest
from django import forms
from django.conf import settings
from django.contrib.auth.models import Group
from django.urls import reverse
from oscar.core.loading import get_class, get_model
from oscar.test.factories import create_order

from kernel.accounts import groups
from shops.models import Shop

pytestmark = pytest.mark.django_db

Basket = get_model("basket", "Basket")
Line = get_model("order", "Line")
Order = get_model("order", "Order")
Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
ProductRecommendation = get_model("catalogue", "ProductRecommendation")
StockRecord = get_model("partner", "StockRecord")
Selector = get_class("partner.strategy", "Selector")


# --- Fixtures --------------------------------------------------------------------------------------


@pytest.fixture
def shop_a(demo_users):
    return Shop.objects.select_related("partner").get(slug="au-pain-dore")


@pytest.fixture
def shop_b(demo_users):
    return Shop.objects.select_related("partner").get(slug="fromagerie-des-roches")


@pytest.fixture
def keeper_b(client, demo_users):
    client.force_login(demo_users["shopkeeper_b"])
    return demo_users["shopkeeper_b"]


@pytest.fixture
def product_a(shop_a):
    return Product.objects.filter(stockrecords__partner=shop_a.partner).order_by("pk").first()


@pytest.fixture
def product_b(shop_b):
    return Product.objects.filter(stockrecords__partner=shop_b.partner).order_by("pk").first()


def order_for(*, shop: Shop, user, quantity: int = 2):
    """One order of one shop's product, as the one-order-per-shop checkout will place them."""
    basket = Basket.objects.create(owner=user)
    basket.strategy = Selector().strategy(user=user)
    product = Product.objects.filter(stockrecords__partner=shop.partner).order_by("pk").first()
    basket.add_product(product, quantity)
    return create_order(basket=basket, user=user)


@pytest.fixture
def order_a(demo_users, shop_a):
    return order_for(shop=shop_a, user=demo_users["shopper"])


def _html(response) -> str:
    return response.content.decode()


def _product_links(html: str, products) -> set[int]:
    return {product.pk for product in products if f"/dashboard/catalogue/products/{product.pk}/" in html}


def _payload(response) -> dict:
    """The POST data of Oscar's product form and formsets as rendered, ready to be altered."""
    context = response.context
    data: dict = {}

    def add(form):
        for name, field in form.fields.items():
            if isinstance(field, forms.FileField):
                continue
            value = form[name].value()
            key = form.add_prefix(name)
            if isinstance(field, forms.BooleanField):
                if value:
                    data[key] = "on"
            else:
                data[key] = "" if value is None else str(getattr(value, "pk", value))
            if field.show_hidden_initial:
                # As the browser posts it: the form compares it with the value to see what changed.
                data[form.add_initial_prefix(name)] = data.get(key, "")

    add(context["form"])
    for name in ["category_formset", "image_formset", "recommended_formset", "stockrecord_formset"]:
        formset = context[name]
        management = formset.management_form
        for field in management.fields:
            data[management.add_prefix(field)] = management[field].value()
        for form in formset.forms:
            add(form)
    return data


def _key(data: dict, suffix: str) -> str:
    return next(key for key in data if key.endswith(suffix))


# --- Dashboard index -------------------------------------------------------------------------------


def test_index_shows_a_shopkeeper_their_shop_not_the_marketplaces_statistics(
    client, keeper_b, order_a, shop_b, demo_users
):
    response = client.get(reverse("dashboard:index"))
    assert response.status_code == 200
    # Oscar's totals (orders, revenue, customers) are the staff's; a shop gets its first steps.
    assert "total_orders" not in response.context and "total_revenue" not in response.context
    assert response.context["shop"] == shop_b
    assert str(order_a.number) not in _html(response)
    assert "Au Pain Doré" not in _html(response)

    client.force_login(demo_users["shopkeeper_a"])
    response = client.get(reverse("dashboard:index"))
    assert response.context["shop"].slug == "au-pain-dore"


# --- Catalogue -------------------------------------------------------------------------------------


def test_product_list_shows_only_the_shopkeepers_own_products(client, keeper_b, shop_a, shop_b, product_a):
    products_a = list(Product.objects.filter(stockrecords__partner=shop_a.partner))
    html = _html(client.get(reverse("dashboard:catalogue-product-list")))
    assert _product_links(html, products_a) == set()
    assert _product_links(html, Product.objects.filter(stockrecords__partner=shop_b.partner))
    for query in [f"?upc={product_a.upc}", f"?title={product_a.title}", "?title=a&page=2"]:
        html = _html(client.get(reverse("dashboard:catalogue-product-list") + query))
        assert _product_links(html, products_a) == set(), query


def test_product_form_of_another_shop_is_404_and_a_post_changes_nothing(client, keeper_b, product_a):
    url = reverse("dashboard:catalogue-product", kwargs={"pk": product_a.pk})
    assert client.get(url).status_code == 404
    response = client.post(url, {"title": "Piraté", "is_public": "", "structure": "standalone"})
    assert response.status_code == 404
    product_a.refresh_from_db()
    assert product_a.title != "Piraté"
    assert product_a.is_public


def test_product_delete_of_another_shop_is_404_and_the_product_stays(client, keeper_b, product_a):
    url = reverse("dashboard:catalogue-product-delete", kwargs={"pk": product_a.pk})
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert Product.objects.filter(pk=product_a.pk).exists()


def test_new_variant_of_another_shops_product_is_forbidden(client, keeper_b, product_a):
    url = reverse("dashboard:catalogue-product-create-child", kwargs={"parent_pk": product_a.pk})
    assert client.get(url).status_code == 403
    assert client.post(url, {"title": "Variante"}).status_code == 403
    assert not product_a.children.exists()


def test_product_creation_offers_only_the_shopkeepers_own_partner(client, keeper_b, shop_a, shop_b):
    product_class = ProductClass.objects.get(name="Produit")
    url = reverse("dashboard:catalogue-product-create", kwargs={"product_class_slug": product_class.slug})
    response = client.get(url)
    assert response.status_code == 200
    partner_field = response.context["stockrecord_formset"].forms[0].fields["partner"]
    assert list(partner_field.queryset) == [shop_b.partner]
    assert f'value="{shop_a.partner.pk}"' not in str(response.context["stockrecord_formset"].forms[0]["partner"])

    from oscar.core.loading import get_model as model

    # The shop's own category: another one would first be questioned (tests/oscar_apps/test_product_category.py).
    category = model("catalogue", "Category").objects.get(name=shop_b.category.name)
    data = _payload(response)
    data.update(
        {
            "title": "Produit intrus",
            _key(data, "-0-category"): str(category.pk),
            _key(data, "-0-partner"): str(shop_a.partner.pk),
            _key(data, "-0-partner_sku"): "INTRUS-1",
            _key(data, "-0-price"): "9.90",
            _key(data, "-0-num_in_stock"): "5",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 200  # the form again, with its errors
    assert not Product.objects.filter(title="Produit intrus").exists()
    assert not StockRecord.objects.filter(partner_sku="INTRUS-1").exists()

    # The same form with the shopkeeper's own partner creates the product: the payload is right.
    data[_key(data, "-0-partner")] = str(shop_b.partner.pk)
    assert client.post(url, data).status_code == 302
    assert StockRecord.objects.get(partner_sku="INTRUS-1").partner == shop_b.partner


def test_own_product_form_cannot_reach_another_shops_stock_record(client, keeper_b, product_a, product_b):
    stock_a = product_a.stockrecords.get()
    before = (stock_a.product_id, stock_a.partner_id, stock_a.price, stock_a.num_in_stock)
    url = reverse("dashboard:catalogue-product", kwargs={"pk": product_b.pk})
    data = _payload(client.get(url))
    data.update(
        {
            _key(data, "stockrecords-0-id"): str(stock_a.pk),
            _key(data, "-0-price"): "0.01",
            _key(data, "-0-num_in_stock"): "0",
        }
    )
    client.post(url, data)
    stock_a.refresh_from_db()
    assert (stock_a.product_id, stock_a.partner_id, stock_a.price, stock_a.num_in_stock) == before


def test_product_lookup_finds_only_the_shopkeepers_own_products(client, keeper_b, product_a, product_b):
    """Leak found in Oscar 4.2.1: the lookup answered every shop's products. Closed by the fork."""
    lookup = reverse("dashboard:catalogue-product-lookup")
    for query in [
        f"?q={product_a.title}",
        "?q=",
        f"?initial={product_a.pk}",
        f"?initial={product_a.pk},{product_b.pk}",
    ]:
        results = client.get(lookup + query).json()["results"]
        assert product_a.pk not in {result["id"] for result in results}, query
    assert product_b.pk in {result["id"] for result in client.get(lookup + f"?q={product_b.title}").json()["results"]}


@pytest.mark.parametrize(
    "query", ["?page=abc", "?page=0", "?page=-1", "?page_limit=100000", "?initial=1,abc", "?initial=-5"]
)
def test_product_lookup_answers_bad_queries_with_400_not_500(client, keeper_b, query):
    assert client.get(reverse("dashboard:catalogue-product-lookup") + query).status_code == 400


def test_staff_lookup_still_finds_every_shops_products(client, demo_users, product_a, product_b):
    client.force_login(demo_users["staff"])
    results = client.get(reverse("dashboard:catalogue-product-lookup") + f"?initial={product_a.pk},{product_b.pk}")
    assert {result["id"] for result in results.json()["results"]} == {product_a.pk, product_b.pk}


def test_own_product_cannot_recommend_another_shops_product(client, keeper_b, product_a, product_b):
    """Leak found in Oscar 4.2.1: any product id was accepted, and shown unchecked on the storefront."""
    Product.objects.filter(pk=product_a.pk).update(is_public=False)
    url = reverse("dashboard:catalogue-product", kwargs={"pk": product_b.pk})
    data = _payload(client.get(url))
    data[_key(data, "-0-recommendation")] = str(product_a.pk)
    data[_key(data, "-0-ranking")] = "1"
    response = client.post(url, data)
    assert response.status_code == 200
    assert not ProductRecommendation.objects.filter(primary=product_b, recommendation=product_a).exists()

    own = Product.objects.filter(stockrecords__partner=product_b.stockrecords.get().partner).exclude(pk=product_b.pk)
    data[_key(data, "-0-recommendation")] = str(own.first().pk)
    assert client.post(url, data).status_code == 302
    assert ProductRecommendation.objects.filter(primary=product_b, recommendation=own.first()).exists()


def test_bulk_actions_ignore_another_shops_products(client, keeper_b, product_a):
    stock_a = product_a.stockrecords.get()
    list_url = reverse("dashboard:catalogue-product-list")
    for action in ["make_products_non_public", "set_product_price"]:
        response = client.post(list_url, {"action": action, "selected_product": [product_a.pk]})
        assert response.status_code == 302
    # A forged pending action holding shop A's ids, confirmed with shop A's partner.
    session = client.session
    session[settings.OSCAR_BULK_INTERMEDIATE_SESSION_KEY] = {
        "hide": {"action": "make_products_non_public", "created_at": time.time(), "object_ids": [product_a.pk]},
        "price": {"action": "set_product_price", "created_at": time.time(), "object_ids": [product_a.pk]},
    }
    session.save()
    confirm = reverse("dashboard:catalogue-product-bulk-action")
    token_param = settings.OSCAR_BULK_INTERMEDIATE_TOKEN_PARAM
    client.post(f"{confirm}?{token_param}=hide", {"select_all_standalones": "on", "selected_products": [product_a.pk]})
    client.post(
        f"{confirm}?{token_param}=price",
        {
            "select_all_standalones": "on",
            "selected_products": [product_a.pk],
            "new_price": "0.01",
            "partners": [stock_a.partner_id],
            "confirm_irreversible": "on",
        },
    )
    product_a.refresh_from_db()
    stock_a.refresh_from_db()
    assert product_a.is_public
    assert stock_a.price != Decimal("0.01")


def test_stock_alerts_are_closed_to_shopkeepers(client, keeper_b):
    assert client.get(reverse("dashboard:stock-alert-list")).status_code == 403


# --- Orders ----------------------------------------------------------------------------------------


def test_order_list_and_search_show_only_the_shopkeepers_own_orders(client, keeper_b, order_a, demo_users, shop_b):
    order_b = order_for(shop=shop_b, user=demo_users["shopper"])
    html = _html(client.get(reverse("dashboard:order-list")))
    assert str(order_b.number) in html
    assert str(order_a.number) not in html
    for query in [
        f"?order_number={order_a.number}",
        f"?order_number={order_a.number}&response_format=csv",
        "?response_format=csv",
        f"?name={demo_users['shopper'].first_name}",
        f"?product_title={order_a.lines.get().title}",
        f"?upc={order_a.lines.get().upc}",
    ]:
        response = client.get(reverse("dashboard:order-list") + query)
        assert response.status_code == 200, query
        content = _html(response)
        if "csv" in query:
            assert str(order_a.number) not in content, query
        else:
            assert reverse("dashboard:order-detail", kwargs={"number": order_a.number}) not in content, query


def test_order_detail_line_address_and_notes_of_another_shop_are_404(client, keeper_b, order_a):
    number = order_a.number
    line = order_a.lines.get()
    note = order_a.notes.create(message="Note interne de la boutique A")
    urls = [
        reverse("dashboard:order-detail", kwargs={"number": number}),
        reverse("dashboard:order-line-detail", kwargs={"number": number, "line_id": line.pk}),
        reverse("dashboard:order-shipping-address", kwargs={"number": number}),
        reverse("dashboard:order-detail-note", kwargs={"number": number, "note_id": note.pk}),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url


def test_order_writes_on_another_shops_order_are_404_and_change_nothing(client, keeper_b, order_a):
    number = order_a.number
    status, line_status = order_a.status, order_a.lines.get().status
    detail = reverse("dashboard:order-detail", kwargs={"number": number})
    posts = [
        (detail, {"order_action": "change_order_status", "new_status": "Being processed"}),
        (detail, {"order_action": "save_note", "message": "Piraté"}),
        (detail, {"line_action": "change_line_statuses", "selected_line": [order_a.lines.get().pk], "new_status": "x"}),
        (reverse("dashboard:order-shipping-address", kwargs={"number": number}), {"first_name": "Piraté"}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 404, data
    # The list's bulk status change skips ids outside the shopkeeper's orders.
    client.post(
        reverse("dashboard:order-list"),
        {"action": "change_order_statuses", "selected_order": [order_a.pk], "new_status": "Being processed"},
    )
    order_a.refresh_from_db()
    assert order_a.status == status
    assert order_a.lines.get().status == line_status
    assert not order_a.notes.exists()


def test_order_statistics_count_only_the_shopkeepers_own_orders(client, keeper_b, order_a):
    response = client.get(reverse("dashboard:order-stats"))
    assert response.status_code == 200
    assert response.context["total_orders"] == 0
    assert response.context["total_revenue"] == Decimal("0.00")


def test_shop_a_sees_its_own_order(client, demo_users, order_a):
    client.force_login(demo_users["shopkeeper_a"])
    assert str(order_a.number) in _html(client.get(reverse("dashboard:order-list")))
    assert client.get(reverse("dashboard:order-detail", kwargs={"number": order_a.number})).status_code == 200


# --- Everything else is staff-only ----------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "dashboard:users-index",
        "dashboard:partner-list",
        "dashboard:partner-create",
        "dashboard:reports-index",
        "dashboard:offer-list",
        "dashboard:range-list",
        "dashboard:voucher-list",
        "dashboard:reviews-list",
        "dashboard:page-list",
        "dashboard:comms-list",
        "dashboard:shipping-method-list",
        "dashboard:catalogue-category-list",
        "dashboard:catalogue-class-list",
        "dashboard:catalogue-option-list",
        "dashboard:catalogue-attribute-option-group-list",
    ],
)
def test_staff_sections_are_forbidden_to_shopkeepers(client, keeper_b, name):
    assert client.get(reverse(name)).status_code == 403


def test_partner_of_another_shop_and_its_users_are_forbidden(client, keeper_b, shop_a, demo_users):
    keeper_a = demo_users["shopkeeper_a"]
    for url in [
        reverse("dashboard:partner-manage", kwargs={"pk": shop_a.partner.pk}),
        reverse("dashboard:user-detail", kwargs={"pk": keeper_a.pk}),
        reverse("dashboard:partner-user-update", kwargs={"partner_pk": shop_a.partner.pk, "user_pk": keeper_a.pk}),
    ]:
        assert client.get(url).status_code == 403, url
    assert (
        client.post(
            reverse("dashboard:partner-user-unlink", kwargs={"partner_pk": shop_a.partner.pk, "user_pk": keeper_a.pk})
        ).status_code
        == 403
    )
    assert shop_a.partner.users.filter(pk=keeper_a.pk).exists()


def test_pending_shopkeeper_has_no_dashboard_at_all(client, product_a):
    from tests.factories import shop_pending_create

    shop = shop_pending_create(name="Primeur en attente")
    assert not shop.owner.groups.filter(name=groups.SHOPKEEPERS).exists()
    client.force_login(shop.owner)
    for name in ["dashboard:catalogue-product-list", "dashboard:order-list"]:
        assert client.get(reverse(name)).status_code == 403
    # The home tells them where their shop stands, and nothing of the marketplace.
    response = client.get(reverse("dashboard:index"))
    assert "Votre boutique est en attente de validation" in response.content.decode()
    assert "total_orders" not in response.context
    assert Group.objects.get(name=groups.SHOPKEEPERS)


# --- Hostile input through Oscar's product form ---------------------------------------------------


def test_product_description_is_sanitised_on_save(client, keeper_b, product_b):
    """Oscar's product page prints the description with |safe: it must never carry script."""
    url = reverse("dashboard:catalogue-product", kwargs={"pk": product_b.pk})
    data = _payload(client.get(url))
    data["description"] = '<p>Affiné 6 semaines</p><script>alert(1)</script><img src=x onerror="alert(2)">'
    assert client.post(url, data).status_code == 302
    product_b.refresh_from_db()
    assert "Affiné 6 semaines" in product_b.description
    assert "<script" not in product_b.description
    assert "onerror" not in product_b.description


@pytest.mark.parametrize(("field", "value"), [("title", "Comté\x00"), ("description", "x" * 200_000)])
def test_product_form_refuses_control_characters_and_huge_text(client, keeper_b, product_b, field, value):
    url = reverse("dashboard:catalogue-product", kwargs={"pk": product_b.pk})
    data = _payload(client.get(url))
    data[field] = value
    before = (product_b.title, product_b.description)
    assert client.post(url, data).status_code == 200
    product_b.refresh_from_db()
    assert (product_b.title, product_b.description) == before


def test_product_photo_goes_through_the_image_pipeline(client, keeper_b, product_b):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    url = reverse("dashboard:catalogue-product", kwargs={"pk": product_b.pk})
    data = _payload(client.get(url))
    photo_key = next(key for key in data if key.endswith("-caption") and data[key] == "").replace(
        "-caption", "-original"
    )
    count = product_b.images.count()

    for content in [b"%!PS-Adobe-3.0\nshowpage\n", b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\nshowpage\n"]:
        postscript = SimpleUploadedFile("photo.jpg", content, content_type="image/jpeg")
        response = client.post(url, {**data, photo_key: postscript})
        assert response.status_code == 200
        html = response.content.decode()
        assert "Téléversez une image valide" in html or "Format d&#x27;image non accepté" in html
        assert product_b.images.count() == count

    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (10, 120, 40)).save(buffer, "PNG")
    photo = SimpleUploadedFile("../../photo.php.png", buffer.getvalue(), content_type="image/png")
    assert client.post(url, {**data, photo_key: photo}).status_code == 302
    newest = product_b.images.order_by("-pk").first()
    assert product_b.images.count() == count + 1
    assert newest.original.name.rsplit("/", 1)[1].endswith(".png")
    assert ".php" not in newest.original.name
