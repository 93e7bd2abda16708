"""A guest on a phone buys from two shops, picks a slot in each, confirms, and sees two orders."""

import email
from email import policy

import pytest
from oscar.core.loading import get_model

from shops.models import Shop

from .conftest import screenshot

pytestmark = pytest.mark.django_db

StockRecord = get_model("partner", "StockRecord")
OWNERS = ("boulangerie@demo.enbasdemarue.fr", "fromagerie@demo.enbasdemarue.fr")
GUEST_EMAIL = "acheteuse-e2e@exemple.fr"


def _product_pk(shop) -> int:
    return (
        StockRecord.objects.filter(
            partner=shop.partner, product__is_public=True, price__isnull=False, num_in_stock__gt=3
        )
        .exclude(product__structure="parent")
        .order_by("pk")
        .values_list("product_id", flat=True)
        .first()
    )


def _emails_to(folder, address) -> list:
    found = []
    for path in sorted(folder.glob("*.log")):
        for raw in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            message = email.message_from_bytes(raw.strip(), policy=policy.default)
            if address in str(message.get("To", "")):
                found.append(message)
    return found


def test_a_guest_orders_from_two_shops_on_a_phone(phone, e2e_server, e2e_email_dir):
    shops = [Shop.objects.get(partner__users__email=owner) for owner in OWNERS]
    for shop in shops:
        phone.goto(f"/catalogue/produit_{_product_pk(shop)}/")
        phone.locator("form[action*='/basket/add/'] button[type=submit]").first.click()
        phone.wait_for_load_state()

    phone.goto("/basket/")
    phone.get_by_role("link", name="Passer la commande").click()
    phone.wait_for_url("**/commande/")
    for shop in shops:
        section = phone.locator(f"#boutique-{shop.pk}")
        assert section.get_by_role("heading", name=shop.name).is_visible()
        # The earliest free slot is already chosen; the shopper picks the next one in the first shop.
        assert section.locator("input[type=radio]:checked").count() == 1
    phone.locator(f"#boutique-{shops[0].pk} details[open] input[type=radio]:not([disabled])").nth(1).check()
    assert phone.evaluate("document.documentElement.scrollWidth") <= phone.viewport_size["width"]
    phone.get_by_label("Téléphone").fill("06 12 34 56 78")
    phone.get_by_label("Nom").fill("Camille Martin")
    phone.locator("#id_email").fill(GUEST_EMAIL)
    screenshot(phone, "checkout_slots")
    phone.get_by_role("button", name="Confirmer la commande").click()

    phone.wait_for_url("**/commande/confirmation/")
    assert phone.locator(".pickup-order").count() == 2
    assert phone.locator(".pickup-code").count() == 2
    for shop in shops:
        assert phone.get_by_role("heading", name=shop.name).is_visible()
    screenshot(phone, "checkout_confirmation")

    messages = _emails_to(e2e_email_dir, GUEST_EMAIL)
    assert len(messages) == 2
    codes = phone.locator(".pickup-code").all_inner_texts()
    bodies = " ".join(m.get_body(preferencelist=("plain",)).get_content() for m in messages)
    assert all(code.strip() in bodies for code in codes)
