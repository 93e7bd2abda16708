"""Oscar's basket page shows the lines by shop: one future order, one pickup, one subtotal per shop."""

import re

import pytest
from django.urls import reverse

from .builders import basket_with, product_for_sale


@pytest.fixture
def shopper(django_user_model):
    return django_user_model.objects.create_user(email="panier@example.com", password="x")


def _html(response) -> str:
    return response.content.decode()


def test_basket_lines_are_grouped_by_shop_with_subtotals(client, shopper, basket, bakery, cheese_shop):
    basket.owner = shopper
    basket.save()
    client.force_login(shopper)
    html = _html(client.get(reverse("basket:summary")))
    sections = re.findall(r'<section class="basket-shop".*?</section>', html, flags=re.S)
    assert len(sections) == 2
    assert bakery.name in sections[0] and "Baguette tradition" in sections[0] and "Fraisier" in sections[0]
    assert "Comté 18 mois" not in sections[0]
    assert cheese_shop.name in sections[1] and "Comté 18 mois" in sections[1] and "Couteau à fromage" in sections[1]
    # 3 × 1,20 + 24,90 and 8,40 + 19,99, in the French format.
    assert "28,50" in sections[0]
    assert "28,39" in sections[1]
    assert "2 commandes, une par boutique" in html


def test_remove_links_point_at_their_own_form_whatever_the_grouping(client, shopper, bakery, cheese_shop, bread, comte):
    # Lines added bakery, cheese, bakery: grouping reorders them, each link must keep its formset index.
    croissant = product_for_sale(shop=bakery, title="Croissant", price="1.10", stock=20)
    basket_with((bread, 1), (comte, 1), (croissant, 2), owner=shopper)
    client.force_login(shopper)
    response = client.get(reverse("basket:summary"))
    formset = response.context["formset"]
    html = _html(response)
    for index, form in enumerate(formset):
        title = form.instance.product.get_title()
        block = html[html.index(f">{title}</a>") :]
        assert f'data-id="{index}" data-behaviours="remove"' in block[: block.index("basket-line__total")]


def test_updating_a_quantity_still_works(client, shopper, bakery, bread):
    basket = basket_with((bread, 1), owner=shopper)
    client.force_login(shopper)
    formset = client.get(reverse("basket:summary")).context["formset"]
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
        "form-0-id": str(formset[0].instance.pk),
        "form-0-quantity": "4",
    }
    client.post(reverse("basket:summary"), data)
    assert basket.lines.get().quantity == 4


def test_basket_page_queries_do_not_grow_with_its_lines(
    client, shopper, bakery, cheese_shop, django_assert_max_num_queries
):
    client.force_login(shopper)
    products = [
        product_for_sale(shop=shop, title=f"P{i}", price="2.00", stock=50)
        for i in range(6)
        for shop in (bakery, cheese_shop)
    ]
    basket = basket_with(*[(p, 1) for p in products[:2]], owner=shopper)
    with django_assert_max_num_queries(60) as small:
        client.get(reverse("basket:summary"))
    for product in products[2:]:
        basket.add_product(product.product, 1)
    with django_assert_max_num_queries(60) as large:
        client.get(reverse("basket:summary"))
    # Oscar's basket view asks each line's product class whether it ships (one query per line, Oscar's
    # own); stock, prices, shops and the grouping add nothing per line.
    assert len(large.captured_queries) - len(small.captured_queries) <= 10
