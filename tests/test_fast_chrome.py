"""What issue 20 made cheaper must stay right: the header's basket count (read without loading the
basket), the footer's links (kept in the cache), the directory's nearest-first order (a box first)."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from editorial.models import LegalPage
from shops.models import Shop
from shops.selectors.directory import DirectoryQuery, NearestFirst, directory_shops
from shops.selectors.visibility import shop_public_q

from .bench.data import shops_bulk_add

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_off")]

Basket = get_model("basket", "Basket")
Product = get_model("catalogue", "Product")


def _badge(response) -> str:
    return re.search(r"data-basket-count>(\d+)</span>", response.content.decode()).group(1)


def _product_of(slug: str):
    return Product.objects.filter(stockrecords__partner__shop__slug=slug, is_public=True).order_by("pk").first()


def test_the_header_count_follows_the_basket_of_a_signed_in_shopper(client, demo_users):
    client.force_login(demo_users["shopper"])
    storefront = reverse("shops:storefront", kwargs={"slug": "au-pain-dore"})
    bread, cheese = _product_of("au-pain-dore"), _product_of("fromagerie-des-roches")
    assert _badge(client.get(storefront)) == "0"
    client.post(reverse("basket:add", kwargs={"pk": bread.pk}), {"quantity": 2})
    client.post(reverse("basket:add", kwargs={"pk": cheese.pk}), {"quantity": 1})
    assert _badge(client.get(storefront)) == "3"

    # Removed on the basket page (Oscar's formset), the count drops at once.
    formset = client.get(reverse("basket:summary")).context["formset"]
    data = {
        "form-TOTAL_FORMS": str(formset.total_form_count()),
        "form-INITIAL_FORMS": str(formset.initial_form_count()),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
    }
    for number, form in enumerate(formset.forms):
        line = form.instance
        data[f"form-{number}-id"] = str(line.pk)
        data[f"form-{number}-quantity"] = "0" if line.product_id == bread.pk else str(line.quantity)
    client.post(reverse("basket:summary"), data)
    assert _badge(client.get(storefront)) == "1"

    # Placed (the placement submits the basket): nothing left to count.
    Basket.objects.get(owner=demo_users["shopper"], status=Basket.OPEN).submit()
    assert _badge(client.get(storefront)) == "0"


def test_an_anonymous_basket_is_counted_and_merged_when_its_shopper_signs_in(client, demo_users):
    client.post(reverse("basket:add", kwargs={"pk": _product_of("au-pain-dore").pk}), {"quantity": 2})
    assert _badge(client.get(reverse("shops:directory"))) == "2"
    client.force_login(demo_users["shopper"])
    # The cookie's basket is merged into the shopper's on the first page after signing in.
    assert _badge(client.get(reverse("shops:directory"))) == "2"
    assert _badge(client.get(reverse("catalogue:index"))) == "2"


def test_a_footer_link_renamed_shows_at_once_though_the_footer_is_cached(client):
    page = LegalPage.objects.get(slug="cgu")
    assert f'href="{page.url}"' in client.get(reverse("shops:directory")).content.decode()
    page.title = "Conditions générales, version du jour"
    page.save_revision().publish()
    assert "Conditions générales, version du jour" in client.get(reverse("shops:directory")).content.decode()


def test_nearest_first_through_a_box_is_the_exact_order(django_db_setup):
    shops_bulk_add(count=800, prefix="near")
    origin = (45.5864, 5.2741)  # Bourgoin-Jallieu
    shops = directory_shops(query=DirectoryQuery(origin=origin), now=timezone.now())
    assert shops.count() > 300  # the box is tried, not the whole sort
    nearest = NearestFirst(shops, origin=origin)
    for start in (0, 24, 240, 792):
        expected = [shop.pk for shop in shops[start : start + 24]]
        assert [shop.pk for shop in nearest[start : start + 24]] == expected, start
    assert nearest.count() == Shop.objects.filter(shop_public_q(), latitude__isnull=False).count()
