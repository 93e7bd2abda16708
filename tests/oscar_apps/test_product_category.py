"""A shopkeeper's product form starts in the shop's own category, and asks before filing a product
under another kind of shop's category (where the storefront would show it under that heading)."""

from html import unescape

import pytest
from django.urls import reverse
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_model

from shops.models import Shop
from tests.shops.test_dashboard_isolation import _key, _payload

pytestmark = pytest.mark.django_db

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")


@pytest.fixture
def keeper(client, demo_users):
    """The bakery's shopkeeper (Au Pain Doré, of the "Boulangerie" kind), signed in."""
    shop = Shop.objects.get(slug="au-pain-dore")
    client.force_login(demo_users["shopkeeper_a"])
    return shop


def _create_url():
    return reverse("dashboard:catalogue-product-create", kwargs={"product_class_slug": ProductClass.objects.get().slug})


def _filled(response, *, title, category):
    data = _payload(response)
    data.update(
        {
            "title": title,
            _key(data, "-0-category"): str(category.pk),
            _key(data, "-0-partner_sku"): f"sku-{title}",
            _key(data, "-0-price"): "2.50",
            _key(data, "-0-num_in_stock"): "5",
        }
    )
    return data


def test_a_new_product_starts_in_the_shops_own_category(client, keeper):
    response = client.get(_create_url())

    own = Category.objects.get(name="Boulangerie")
    assert response.context["category_formset"].forms[0]["category"].value() == own.pk
    html = unescape(response.content.decode())
    assert f'<option value="{own.pk}" selected>' in html
    assert "La catégorie de votre boutique : «\xa0Boulangerie\xa0»" in html


def test_the_shops_own_category_saves_without_a_question(client, keeper):
    response = client.get(_create_url())
    data = _payload(response)
    data.update(
        {
            "title": "Pain au levain",
            _key(data, "-0-partner_sku"): "levain-1",
            _key(data, "-0-price"): "3.10",
            _key(data, "-0-num_in_stock"): "5",
        }
    )

    assert client.post(_create_url(), data).status_code == 302
    assert list(Product.objects.get(title="Pain au levain").categories.values_list("name", flat=True)) == [
        "Boulangerie"
    ]


def test_a_foreign_category_is_questioned_and_nothing_is_saved(client, keeper):
    cheese = create_from_breadcrumbs("Fromagerie")
    data = _filled(client.get(_create_url()), title="Riz basmati", category=cheese)

    response = client.post(_create_url(), data)

    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert "Cette catégorie n'est pas celle de votre boutique" in html
    assert "Vous avez classé ce produit dans «\xa0Fromagerie\xa0»" in html
    assert "La catégorie de votre boutique est «\xa0Boulangerie\xa0»" in html
    assert 'name="category_confirm"' in html
    assert not Product.objects.filter(title="Riz basmati").exists()


def test_a_confirmed_foreign_category_is_saved(client, keeper):
    cheese = create_from_breadcrumbs("Fromagerie")
    data = _filled(client.get(_create_url()), title="Riz basmati", category=cheese)

    response = client.post(_create_url(), {**data, "category_confirm": "yes"})

    assert response.status_code == 302
    assert list(Product.objects.get(title="Riz basmati").categories.all()) == [cheese]


def test_a_subcategory_of_the_shops_own_is_not_foreign(client, keeper):
    viennoiseries = create_from_breadcrumbs("Boulangerie > Viennoiseries")
    data = _filled(client.get(_create_url()), title="Chausson aux pommes", category=viennoiseries)

    assert client.post(_create_url(), data).status_code == 302


def test_a_product_already_filed_elsewhere_is_not_questioned_again(client, keeper):
    cheese = create_from_breadcrumbs("Fromagerie")
    data = _filled(client.get(_create_url()), title="Riz basmati", category=cheese)
    client.post(_create_url(), {**data, "category_confirm": "yes"})
    product = Product.objects.get(title="Riz basmati")
    url = reverse("dashboard:catalogue-product", kwargs={"pk": product.pk})

    response = client.get(url)
    data = _payload(response)
    data["title"] = "Riz basmati bio"

    assert client.post(url, data).status_code == 302
    assert Product.objects.get(pk=product.pk).title == "Riz basmati bio"


def test_staff_file_products_anywhere_without_a_question(client, demo_users):
    client.force_login(demo_users["staff"])
    response = client.get(_create_url())
    assert response.context["category_formset"].forms[0]["category"].value() is None
