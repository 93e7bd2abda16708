"""After the order, in two browsers: the shopkeeper accepts and prepares on the pickup board, the shopper's
order page says "Prête", the shopkeeper types the shopper's code at the counter and the order is collected."""

import re

import pytest
from oscar.core.loading import get_model
from playwright.sync_api import expect

from shops.models import Shop

from .conftest import screenshot

pytestmark = pytest.mark.django_db

StockRecord = get_model("partner", "StockRecord")
KEEPER = ("boulangerie@demo.enbasdemarue.fr", "commercant-demo")
GUEST_EMAIL = "retrait-e2e@exemple.fr"


def _product_pk(shop) -> int:
    return (
        StockRecord.objects.filter(
            partner=shop.partner, product__is_public=True, price__isnull=False, num_in_stock__gt=3
        )
        .exclude(product__structure="parent")
        .order_by("-pk")
        .values_list("product_id", flat=True)
        .first()
    )


@pytest.fixture
def counter(browser, e2e_server):
    """The shop's counter: a tablet-sized French browser."""
    context = browser.new_context(base_url=e2e_server, viewport={"width": 820, "height": 1180}, locale="fr-FR")
    page = context.new_page()
    yield page
    context.close()


def _place_an_order(phone, shop, name: str = "Alex Retrait") -> tuple[str, str]:
    phone.goto(f"/catalogue/produit_{_product_pk(shop)}/")
    phone.locator("form[action*='/basket/add/'] button[type=submit]").first.click()
    phone.wait_for_load_state()
    phone.goto("/commande/")
    phone.get_by_label("Téléphone").fill("06 98 76 54 32")
    phone.get_by_label("Nom").fill(name)
    phone.locator("#id_email").fill(GUEST_EMAIL)
    phone.get_by_role("button", name="Confirmer la commande").click()
    phone.wait_for_url("**/commande/confirmation/")
    code = phone.locator(".pickup-code").first.inner_text().strip()
    phone.get_by_role("link", name="Suivre cette commande").first.click()
    phone.wait_for_url(re.compile(r".*/commandes/suivi/.+/$"))
    return code, phone.url


def test_the_shop_prepares_and_hands_over_an_order_the_shopper_follows(phone, counter):
    shop = Shop.objects.get(partner__users__email=KEEPER[0])
    code, order_page = _place_an_order(phone, shop)
    assert "Nouvelle" in phone.locator(".order-status").first.inner_text()

    counter.goto("/dashboard/login/")
    counter.locator("#id_username").fill(KEEPER[0])
    counter.locator("#id_password").fill(KEEPER[1])
    counter.locator("#dashboard_login_form [type=submit]").click()
    counter.wait_for_load_state()
    counter.goto("/dashboard/ma-boutique/commandes/")
    card = counter.locator("article.board-order", has_text="Alex Retrait").first
    assert card.is_visible()
    screenshot(counter, "pickup_board_new_order")
    card.get_by_role("button", name="Accepter").click()
    counter.wait_for_load_state()
    card = counter.locator("article.board-order", has_text="Alex Retrait").first
    card.get_by_role("button", name="Prête").click()
    counter.wait_for_load_state()

    phone.goto(order_page)
    assert "Prête" in phone.locator(".order-status").first.inner_text()
    assert code in phone.content()
    screenshot(phone, "pickup_order_ready")

    counter.goto("/dashboard/ma-boutique/commandes/remise/")
    counter.locator("input.handover-code").fill("zzz zzz")
    counter.get_by_role("button", name="Chercher").click()
    expect(counter.locator("body")).to_contain_text("Code inconnu")
    # Read out at the counter: lower case and a space are fine.
    counter.locator("input.handover-code").fill(f"{code[:3].lower()} {code[3:]}")
    counter.get_by_role("button", name="Chercher").click()
    expect(counter.locator("body")).to_contain_text("Alex Retrait")
    screenshot(counter, "pickup_handover_found")
    early = counter.locator("input[name=early]")
    if early.count():
        # Placed late in the day, the first free slot is tomorrow's: the shop confirms an early handover.
        assert "Cette commande est prévue pour" in counter.content()
        early.check()
    counter.get_by_role("button", name="Remise au client").click()
    counter.wait_for_load_state()

    phone.goto(order_page)
    assert "Retirée" in phone.locator(".order-status").first.inner_text()
    # Collected: the code has done its job and is no longer shown.
    assert code not in phone.locator("main").inner_text()
    screenshot(phone, "pickup_order_collected")
