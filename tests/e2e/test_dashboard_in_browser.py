"""The shopkeeper's dashboard in a browser: no script error on Oscar's order page, the hours shortcut
copies Monday at once, and the screens changed for new shopkeepers looked at on a phone."""

import pytest

from shops.models import Shop

from .conftest import screenshot
from .test_pickup_in_browser import KEEPER, _place_an_order

pytestmark = pytest.mark.django_db


def _signed_in(page, email, password):
    page.goto("/dashboard/login/")
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(password)
    page.locator("#dashboard_login_form [type=submit]").click()
    page.wait_for_load_state()


@pytest.fixture
def keeper_phone(browser, e2e_server):
    """The shopkeeper's phone: 375 px wide, French, signed in to the dashboard; script errors collected."""
    context = browser.new_context(
        base_url=e2e_server, viewport={"width": 375, "height": 812}, locale="fr-FR", is_mobile=True
    )
    page = context.new_page()
    page.script_errors = []
    page.on("pageerror", lambda error: page.script_errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and page.script_errors.append(message.text))
    _signed_in(page, *KEEPER)
    yield page
    context.close()


def test_the_dashboard_order_page_runs_without_script_errors(phone, keeper_phone):
    shop = Shop.objects.get(partner__users__email=KEEPER[0])
    # A name of its own: the pickup test finds its order on the same board by its customer's name.
    _place_an_order(phone, shop, name="Sam Tableau")
    keeper_phone.goto("/dashboard/ma-boutique/commandes/")
    number = keeper_phone.locator("article.board-order", has_text="Sam Tableau").first.get_attribute("id")
    number = number.removeprefix("commande-")
    keeper_phone.script_errors.clear()

    response = keeper_phone.goto(f"/dashboard/orders/{number}/")
    keeper_phone.wait_for_load_state("load")

    assert response.status == 200
    assert number in keeper_phone.locator("h1").inner_text()
    assert keeper_phone.script_errors == []
    screenshot(keeper_phone, "dashboard_order_detail_375")


def test_same_hours_monday_to_saturday_copies_monday_at_once(keeper_phone):
    keeper_phone.goto("/dashboard/ma-boutique/horaires/")
    keeper_phone.get_by_label("Lundi", exact=True).fill("8h30-12h30, 15h-19h")
    keeper_phone.get_by_label("Mardi", exact=True).fill("fermé")
    keeper_phone.get_by_label("Dimanche", exact=True).fill("9h-12h")

    keeper_phone.get_by_label("Mêmes horaires du lundi au samedi").check()

    for day in ["Mardi", "Mercredi", "Jeudi", "Vendredi", "Samedi"]:
        assert keeper_phone.get_by_label(day, exact=True).input_value() == "8h30-12h30, 15h-19h", day
    assert keeper_phone.get_by_label("Dimanche", exact=True).input_value() == "9h-12h"
    # Monday changed while the box is ticked: the week follows.
    keeper_phone.get_by_label("Lundi", exact=True).fill("9h-18h")
    assert keeper_phone.get_by_label("Samedi", exact=True).input_value() == "9h-18h"
    assert keeper_phone.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(keeper_phone, "dashboard_hours_same_week_375")
    # A copied day typed in is no longer "like Monday": the box unticks, so what is saved is what is shown.
    keeper_phone.get_by_label("Mardi", exact=True).fill("fermé")
    assert not keeper_phone.get_by_label("Mêmes horaires du lundi au samedi").is_checked()
    assert keeper_phone.script_errors == []


def test_the_shopkeepers_home_on_a_phone(keeper_phone):
    keeper_phone.goto("/dashboard/")

    assert keeper_phone.get_by_role("heading", name="Premiers pas").is_visible()
    assert keeper_phone.locator("[data-step]").count() == 3
    assert keeper_phone.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(keeper_phone, "dashboard_home_shopkeeper_375")
    assert keeper_phone.script_errors == []


def test_a_foreign_category_is_questioned_as_soon_as_it_is_picked(browser, e2e_server):
    context = browser.new_context(base_url=e2e_server, viewport={"width": 1280, "height": 900}, locale="fr-FR")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    _signed_in(page, *KEEPER)
    page.goto("/dashboard/catalogue/products/create/produit/")
    page.locator("#id_title").fill("Riz basmati e2e")
    page.get_by_role("link", name="Catégories").click()
    question = page.locator("[data-category-question]")
    assert question.is_hidden()

    # Through Oscar's select2 widget, as a shopkeeper picks.
    page.locator("#product_category .select2-selection").first.click()
    page.locator(".select2-results__option", has_text="Fromagerie").first.click()

    assert question.is_visible()
    assert page.locator("#product_category [data-category-question]").count() == 1
    assert "La catégorie de votre boutique est «\xa0Boulangerie\xa0»" in question.inner_text()
    screenshot(page, "dashboard_product_category_question_1280")
    page.get_by_label("Je confirme cette catégorie").check()
    page.get_by_role("link", name="Stock et prix").click()
    page.locator("input[name$='-0-partner_sku']").fill("riz-e2e")
    page.locator("input[name$='-0-price']").fill("3.20")
    page.locator("input[name$='-0-num_in_stock']").fill("5")
    with page.expect_navigation():
        page.get_by_role("button", name="Enregistrer", exact=True).click()

    assert "/create/" not in page.url, page.locator(".alert").all_inner_texts()
    assert "Riz basmati e2e" in page.content()
    assert errors == []
    context.close()
