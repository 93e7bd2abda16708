"""A shopper on a phone pays a two-shop basket online against the fake Stripe server: the card entered once in
the stand-in Payment Element, each shop's order authorised on its own account, both "payée (autorisée)".
With a card whose bank asks for 3-D Secure, the shopper passes it once for the card and once per shop."""

import pytest

from demo.payments import CONNECTED_SHOPS
from demo.shops import SHOPS
from shops.models import Shop

from .conftest import screenshot
from .test_checkout_in_browser import _product_pk

pytestmark = pytest.mark.django_db


def _fill_basket_and_checkout(phone, shops, email):
    for shop in shops:
        phone.goto(f"/catalogue/produit_{_product_pk(shop)}/")
        phone.locator("form[action*='/basket/add/'] button[type=submit]").first.click()
        phone.wait_for_load_state()
    phone.goto("/commande/")
    phone.get_by_label("Téléphone").fill("06 12 34 56 78")
    phone.get_by_label("Nom").fill("Camille Martin")
    phone.locator("#id_email").fill(email)
    phone.get_by_label("Payer en ligne par carte").check()


def _card(phone, number):
    phone.locator("input[name=fake-card-number]").fill(number)
    phone.locator("input[name=fake-card-exp]").fill("12/34")
    phone.locator("input[name=fake-card-cvc]").fill("123")


def _fits(phone):
    assert phone.evaluate("document.documentElement.scrollWidth") <= phone.viewport_size["width"]


def _connected_shops():
    return [Shop.objects.get(slug=spec.slug) for spec in SHOPS[:CONNECTED_SHOPS]]


def test_a_guest_pays_two_shops_online_on_a_phone(browser, e2e_stripe_server):
    context = browser.new_context(
        base_url=e2e_stripe_server, viewport={"width": 375, "height": 812}, locale="fr-FR", is_mobile=True
    )
    phone = context.new_page()
    shops = _connected_shops()
    _fill_basket_and_checkout(phone, shops, "carte-e2e@exemple.fr")
    assert phone.locator("#online-payment").is_visible()
    _card(phone, "4242 4242 4242 4242")
    _fits(phone)
    screenshot(phone, "pay_online_checkout")
    phone.get_by_role("button", name="Confirmer la commande").click()

    phone.wait_for_url("**/commande/confirmation/")
    assert phone.locator(".pickup-order").count() == 2
    assert phone.locator(".order-paid", has_text="payée (autorisée)").count() == 2
    for shop in shops:
        assert phone.get_by_role("heading", name=shop.name).is_visible()
    _fits(phone)
    screenshot(phone, "pay_online_confirmation")
    context.close()


def test_a_guest_passes_3d_secure_for_each_shop_on_a_phone(browser, e2e_stripe_server):
    context = browser.new_context(
        base_url=e2e_stripe_server, viewport={"width": 375, "height": 812}, locale="fr-FR", is_mobile=True
    )
    phone = context.new_page()
    shops = _connected_shops()
    _fill_basket_and_checkout(phone, shops, "carte-3ds-e2e@exemple.fr")
    _card(phone, "4000 0027 6000 3184")
    phone.get_by_role("button", name="Confirmer la commande").click()
    # The bank asks once to keep the card for this basket…
    phone.get_by_role("button", name="Valider l'authentification").click()

    # …then once per shop, on that shop's account, while the slots and products are held.
    phone.wait_for_url("**/commande/paiement/")
    assert phone.locator(".payment-hold-order").count() == 2
    assert phone.get_by_text("sont réservés jusqu'à").is_visible()
    _fits(phone)
    screenshot(phone, "pay_online_3ds_hold")
    phone.get_by_role("button", name="Valider le paiement avec ma banque").click()
    dialog = phone.get_by_role("dialog")
    dialog.wait_for()
    screenshot(phone, "pay_online_3ds_challenge")
    for _shop in shops:
        phone.get_by_role("button", name="Valider l'authentification").click()

    phone.wait_for_url("**/commande/confirmation/")
    assert phone.locator(".order-paid", has_text="payée (autorisée)").count() == 2
    screenshot(phone, "pay_online_3ds_confirmation")
    context.close()
