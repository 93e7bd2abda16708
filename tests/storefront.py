"""What the storefront and page-cache tests share: the demo bakery, one of its products, reading a page."""

import re

from django.urls import reverse
from oscar.core.loading import get_model

from shops.models import Shop

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def bakery() -> Shop:
    return Shop.objects.select_related("partner").get(slug="au-pain-dore")


def bakery_product(shop: Shop):
    """A public product of the shop, with stock left, shown with its add-to-basket form."""
    return (
        get_model("catalogue", "Product")
        .objects.filter(stockrecords__partner=shop.partner, stockrecords__num_in_stock__gt=5, is_public=True)
        .order_by("pk")
        .first()
    )


def page_html(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def basket_forms(html: str) -> set[int]:
    """The products offered with a one-click add-to-basket form."""
    pattern = re.escape(reverse("basket:add", kwargs={"pk": 12345})).replace("12345", r"(\d+)")
    return {int(pk) for pk in re.findall(f'action="{pattern}"', html)}
