"""A shopkeeper on their phone takes a photo of a product, names and prices it, and finds it on their
public storefront; the catalogue screens looked at on a phone and on a laptop."""

import io

import pytest
from PIL import Image

from shops.models import Shop

from .conftest import screenshot
from .test_pickup_in_browser import KEEPER

pytestmark = pytest.mark.django_db


def _signed_in(page, email, password):
    page.goto("/dashboard/login/")
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(password)
    page.locator("#dashboard_login_form [type=submit]").click()
    page.wait_for_load_state()


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (1600, 1200), (190, 140, 80)).save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.fixture
def keeper(browser, e2e_server, request):
    width = getattr(request, "param", 375)
    context = browser.new_context(
        base_url=e2e_server, viewport={"width": width, "height": 812}, locale="fr-FR", is_mobile=width < 500
    )
    page = context.new_page()
    page.script_errors = []
    page.on("pageerror", lambda error: page.script_errors.append(str(error)))
    _signed_in(page, *KEEPER)
    yield page
    context.close()


def test_a_shopkeeper_adds_a_product_from_a_photo_and_sees_it_on_the_storefront(keeper):
    shop = Shop.objects.get(partner__users__email=KEEPER[0])
    keeper.goto("/dashboard/ma-boutique/produits/")
    keeper.get_by_role("link", name="Ajouter depuis une photo").click()
    photo_input = keeper.locator("#quick-add input[type=file]")
    assert photo_input.get_attribute("capture") == "environment"

    photo_input.set_input_files({"name": "pain.jpg", "mimeType": "image/jpeg", "buffer": _jpeg()})
    keeper.locator("#quick-add").get_by_label("Nom du produit").fill("Pain au petit épeautre")
    keeper.locator("#quick-add").get_by_label("Prix TTC (€)").fill("4,20")
    screenshot(keeper, "catalogue_quick_add_375")
    keeper.get_by_role("button", name="Mettre en vente").click()
    keeper.wait_for_load_state()
    assert "est en vente sur votre vitrine" in keeper.content()
    # Nothing wider than the phone's screen.
    assert keeper.evaluate("document.documentElement.scrollWidth") <= 375

    keeper.goto(f"/boutiques/{shop.slug}/")
    card = keeper.locator(".product-card", has_text="Pain au petit épeautre")
    assert card.count() == 1
    assert "4,20" in card.inner_text()
    assert card.locator("img").get_attribute("src")
    keeper.goto("/dashboard/ma-boutique/produits/?q=épeautre")
    screenshot(keeper, "catalogue_list_375")
    assert keeper.script_errors == []


@pytest.mark.parametrize("keeper", [1280], indirect=True)
def test_the_catalogue_screens_on_a_laptop(keeper):
    for path, name in [
        ("/dashboard/ma-boutique/produits/", "catalogue_list_1280"),
        ("/dashboard/ma-boutique/produits/nouveau/", "catalogue_form_1280"),
        ("/dashboard/ma-boutique/produits/import/", "catalogue_import_1280"),
    ]:
        response = keeper.goto(path)
        assert response.status == 200
        assert keeper.evaluate("document.documentElement.scrollWidth") <= 1280
        screenshot(keeper, name)
    assert keeper.script_errors == []
