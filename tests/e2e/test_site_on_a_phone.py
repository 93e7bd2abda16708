import pytest
from playwright.sync_api import expect

from .conftest import screenshot

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/", "/catalogue/", "/boutiques/", "/basket/", "/accounts/login/"])
def test_page_fits_a_360_px_screen(browser, e2e_server, path):
    context = browser.new_context(base_url=e2e_server, viewport={"width": 360, "height": 740}, locale="fr-FR")
    page = context.new_page()
    response = page.goto(path)
    assert response.status == 200
    assert page.locator("html").get_attribute("lang") == "fr"
    # Nothing wider than the screen: no sideways scrolling on a small phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert page.get_by_role("link", name="Boutiques").first.is_visible()
    screenshot(page, "phone" + path.replace("/", "_").rstrip("_"))
    context.close()


def test_shopper_browses_from_home_to_a_product(phone):
    phone.goto("/")
    phone.get_by_role("link", name="Voir les produits").click()
    phone.wait_for_url("**/catalogue/")
    first = phone.locator("article.product_pod h2 a").first
    title = first.get_attribute("title")
    first.click()
    expect(phone.locator("h1").first).to_have_text(title)
    assert "€" in phone.locator(".price_color").first.inner_text()
    screenshot(phone, "phone_product")


def test_language_switch_turns_the_site_to_english(phone):
    phone.goto("/")
    phone.get_by_role("button", name="English").click()
    phone.wait_for_load_state()
    assert phone.locator("html").get_attribute("lang") == "en-gb"
    assert phone.get_by_role("link", name="Shops").first.is_visible()
