"""The product page shows only products of approved shops, names the shop, and keeps Oscar's rules."""

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from shops.models import Shop

pytestmark = pytest.mark.django_db

Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
StockRecord = get_model("partner", "StockRecord")


def _product_of(slug: str):
    return Product.objects.filter(stockrecords__partner__shop__slug=slug, is_public=True).order_by("pk").first()


def test_product_page_names_its_shop_and_links_to_the_storefront(client):
    product = _product_of("au-pain-dore")
    response = client.get(product.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert product.get_title() in html
    assert f'href="{reverse("shops:storefront", kwargs={"slug": "au-pain-dore"})}"' in html
    assert "Au Pain Doré" in html
    assert 'id="add_to_basket_form"' in html


@pytest.mark.parametrize("status", [Shop.Status.SUSPENDED, Shop.Status.PENDING, Shop.Status.REJECTED])
@pytest.mark.parametrize("who", ["anonymous", "shopper", "staff"])
def test_product_of_a_shop_that_is_not_approved_is_404(client, demo_users, status, who):
    product = _product_of("au-pain-dore")
    Shop.objects.filter(slug="au-pain-dore").update(status=status)
    if who != "anonymous":
        client.force_login(demo_users[who])
    assert client.get(product.get_absolute_url()).status_code == 404


def test_product_sold_by_no_shop_is_404(client):
    product = Product.objects.create(
        title="Produit orphelin", product_class=ProductClass.objects.first(), is_public=True
    )
    assert client.get(product.get_absolute_url()).status_code == 404


def test_private_product_of_an_approved_shop_is_404(client):
    product = _product_of("au-pain-dore")
    Product.objects.filter(pk=product.pk).update(is_public=False)
    assert client.get(product.get_absolute_url()).status_code == 404


def test_wrong_slug_redirects_to_the_product_address(client):
    product = _product_of("au-pain-dore")
    response = client.get(reverse("catalogue:detail", kwargs={"product_slug": "autre", "pk": product.pk}))
    assert response.status_code == 301
    assert response["Location"] == product.get_absolute_url()


def test_sold_out_product_offers_a_stock_alert_instead_of_the_basket(client, demo_users):
    product = _product_of("au-pain-dore")
    StockRecord.objects.filter(product=product).update(num_in_stock=0, num_allocated=0)
    client.force_login(demo_users["shopper"])
    html = client.get(product.get_absolute_url()).content.decode()
    assert 'id="add_to_basket_form"' not in html
    assert 'id="alert_form"' in html


def test_product_card_form_puts_one_unit_in_the_basket(client):
    """The storefront's one-click form (templates/oscar/catalogue/partials/add_to_basket_form_compact.html)."""
    product = _product_of("au-pain-dore")
    html = client.get(reverse("shops:storefront", kwargs={"slug": "au-pain-dore"})).content.decode()
    assert f'action="{reverse("basket:add", kwargs={"pk": product.pk})}"' in html
    assert '<input type="hidden" name="quantity" value="1">' in html
    client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": "1"})
    basket = client.get(reverse("basket:summary")).context["basket"]
    assert [(line.product_id, line.quantity) for line in basket.all_lines()] == [(product.pk, 1)]


def _product_with_variants_of(slug: str):
    shop = Shop.objects.get(slug=slug)
    parent = Product.objects.create(
        title="Pain au poids", product_class=ProductClass.objects.first(), structure=Product.PARENT, is_public=True
    )
    for title, price in (("500 g", "2.40"), ("1 kg", "4.20")):
        child = Product.objects.create(title=title, structure=Product.CHILD, parent=parent, is_public=True)
        StockRecord.objects.create(
            product=child, partner=shop.partner, partner_sku=f"poids-{child.pk}", price=price, num_in_stock=5
        )
    return parent


def test_product_with_variants_is_shown_through_its_variants_shop(client):
    parent = _product_with_variants_of("au-pain-dore")

    response = client.get(parent.get_absolute_url())

    assert response.status_code == 200
    assert "Pain au poids" in response.content.decode()


def test_product_with_variants_of_a_suspended_shop_is_404(client):
    parent = _product_with_variants_of("au-pain-dore")
    Shop.objects.filter(slug="au-pain-dore").update(status=Shop.Status.SUSPENDED)

    assert client.get(parent.get_absolute_url()).status_code == 404
