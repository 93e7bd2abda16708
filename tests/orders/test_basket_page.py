"""Oscar's basket page shows the lines by shop: one future order, one pickup, one subtotal per shop."""

import re

import pytest
from django.urls import reverse
from oscar.core.loading import get_model
from oscar.test.factories import BenefitFactory, ConditionalOfferFactory, ConditionFactory, RangeFactory

from shops.models import StockMode

from .builders import basket_with, product_for_sale, shop_open


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


def test_each_line_has_its_quantity_field_with_the_stock_left_as_maximum(client, shopper, bread, comte):
    basket_with((bread, 2), (comte, 1), owner=shopper)
    client.force_login(shopper)
    html = _html(client.get(reverse("basket:summary")))
    assert '<input type="hidden" name="form-TOTAL_FORMS" value="2" id="id_form-TOTAL_FORMS">' in html
    quantities = re.findall(r'<input type="number" name="form-(\d)-quantity" value="(\d+)"[^>]*>', html)
    assert sorted(value for _index, value in quantities) == ["1", "2"]
    assert 'max="10"' in html and 'max="5"' in html
    for index in range(2):
        assert f'<input type="checkbox" name="form-{index}-save_for_later" id="id_form-{index}-save_for_later">' in html
        assert f'<input type="checkbox" name="form-{index}-DELETE" id="id_form-{index}-DELETE">' in html


def _offer(*, name: str, items: int):
    """A site offer of 10 % off everything once the basket holds `items` products."""
    everything = RangeFactory(includes_all_products=True)
    return ConditionalOfferFactory(
        name=name,
        condition=ConditionFactory(range=everything, type="Count", value=items),
        benefit=BenefitFactory(range=everything, type="Percentage", value=10),
    )


def test_an_offer_the_basket_almost_reaches_is_announced(client, shopper, bread):
    offer = _offer(name="Trois pains, 10 % de moins", items=3)
    basket_with((bread, 1), owner=shopper)
    client.force_login(shopper)
    html = _html(client.get(reverse("basket:summary")))
    upsell = html[: html.index('id="basket_formset"')]
    assert offer.name in upsell
    assert offer.get_absolute_url() in upsell


def test_an_offer_the_basket_reaches_is_applied_and_not_announced(client, shopper, bread):
    offer = _offer(name="Un pain, 10 % de moins", items=1)
    basket_with((bread, 3), owner=shopper)
    client.force_login(shopper)
    html = _html(client.get(reverse("basket:summary")))
    assert offer.name not in html[: html.index('id="basket_formset"')]
    totals = html[html.index('id="basket_totals"') :]
    assert offer.name in totals
    # 3 × 1,20 less 10 %.
    assert "3,24" in totals


def test_a_line_saved_for_later_is_listed_below_the_basket(client, shopper, bread, comte):
    basket_with((bread, 1), (comte, 1), owner=shopper)
    client.force_login(shopper)
    formset = client.get(reverse("basket:summary")).context["formset"]
    data = {
        "form-TOTAL_FORMS": "2",
        "form-INITIAL_FORMS": "2",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
    }
    for index, form in enumerate(formset):
        data |= {f"form-{index}-id": str(form.instance.pk), f"form-{index}-quantity": "1"}
        if form.instance.product_id == comte.product_id:
            data[f"form-{index}-save_for_later"] = "on"
    client.post(reverse("basket:summary"), data)
    html = _html(client.get(reverse("basket:summary")))
    basket_part, saved_part = html.split('id="saved_basket_formset"')
    assert "Baguette tradition" in basket_part and "Comté 18 mois" not in basket_part
    assert "Comté 18 mois" in saved_part


def test_a_shopper_with_nothing_saved_for_later_sees_no_such_list(client, shopper, bread):
    Basket = get_model("basket", "Basket")
    # An empty saved basket (its last line moved back to the basket) lists nothing either.
    Basket.objects.create(owner=shopper, status=Basket.SAVED)
    basket_with((bread, 1), owner=shopper)
    client.force_login(shopper)
    html = _html(client.get(reverse("basket:summary")))
    assert "Baguette tradition" in html
    assert 'id="saved_basket_formset"' not in html


# Signed in: session, user, basket, its lines (with product, product class, stock record, shop and stock
# mode joined), line attributes, images, Oscar's offers once (vouchers and offers: applied, and kept for
# the page's upsell messages), the "saved for later" basket, and the slots' closures, hours and counters.
# A guest skips the session, the user and the saved basket.
BASKET_PAGE_BUDGET = 12


def _basket_page(client, django_assert_max_num_queries) -> tuple[int, str]:
    with django_assert_max_num_queries(BASKET_PAGE_BUDGET) as captured:
        response = client.get(reverse("basket:summary"))
    assert response.status_code == 200
    return len(captured.captured_queries), _html(response)


@pytest.mark.parametrize("signed_in", [True, False], ids=["signed-in", "guest"])
def test_basket_page_queries_do_not_grow_from_3_lines_of_3_shops_to_12_lines_of_6_shops(
    client, shopper, signed_in, page_cache_off, django_assert_max_num_queries
):
    shops = [shop_open(name=f"Boutique n°{number}") for number in range(6)]
    stock = [
        product_for_sale(shop=shop, title=f"Produit {number}-{index}", price="2.00", stock=50)
        for number, shop in enumerate(shops)
        for index in range(2)
    ]
    # Some products are never counted, some made to order: each line's stock mode is read with it.
    for stockrecord in stock[1::4]:
        StockMode.objects.create(stockrecord=stockrecord, mode=StockMode.Mode.ALWAYS)
    for stockrecord in stock[3::4]:
        StockMode.objects.create(stockrecord=stockrecord, mode=StockMode.Mode.ON_REQUEST)
    if signed_in:
        client.force_login(shopper)
    first, rest = stock[0:6:2], [record for record in stock if record not in stock[0:6:2]]
    for stockrecord in first:
        assert (
            client.post(reverse("basket:add", kwargs={"pk": stockrecord.product_id}), {"quantity": 1}).status_code
            == 302
        )
    client.get(reverse("basket:summary"))  # the per-process caches (site, templates)
    small, html = _basket_page(client, django_assert_max_num_queries)
    assert html.count('<section class="basket-shop"') == 3
    for stockrecord in rest:
        assert (
            client.post(reverse("basket:add", kwargs={"pk": stockrecord.product_id}), {"quantity": 1}).status_code
            == 302
        )
    large, html = _basket_page(client, django_assert_max_num_queries)
    assert html.count('<section class="basket-shop"') == 6
    assert all(f">{stockrecord.product.title}</a>" in html for stockrecord in stock)
    assert large == small
